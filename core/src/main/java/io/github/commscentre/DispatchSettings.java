package io.github.commscentre;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * How the dispatcher works: batch size, lease, the retry budget for try-later answers, how long a channel may take,
 * and rate limits per channel. Every setting has a default that suits a small host; see {@code docs/dispatch.md}.
 *
 * @param batchSize        recipients claimed and handed to a channel at once (1 to 5,000; default 500)
 * @param lease            how long a claim keeps other dispatchers off its recipients, if the outcome is not recorded
 *                         by then (a dispatcher died); longer than {@code channelTimeout} (default 5 minutes)
 * @param firstRetryAfter  the pause after a recipient's first try-later answer; it doubles with every further one
 *                         (default 30 seconds)
 * @param longestRetryPause the longest pause between two tries (default 1 hour)
 * @param maxAttempts      how many times a recipient is handed to a channel before a try-later answer fails it: the
 *                         retry budget (1 to 100; default 10, about three hours with the defaults)
 * @param channelTimeout   how long one {@code deliver} call may take before its batch is taken as try later
 *                         (default 2 minutes)
 * @param rateLimits       messages per second, by channel name, for each dispatcher instance; a channel not named is
 *                         not limited
 */
public record DispatchSettings(int batchSize, Duration lease, Duration firstRetryAfter, Duration longestRetryPause,
                               int maxAttempts, Duration channelTimeout, Map<String, Double> rateLimits) {

    /** Checks every setting, naming the one that is wrong. */
    public DispatchSettings {
        if (batchSize < 1 || batchSize > 5_000) {
            throw new IllegalArgumentException("batchSize must be 1 to 5,000: " + batchSize);
        }
        positive("lease", lease);
        positive("firstRetryAfter", firstRetryAfter);
        positive("longestRetryPause", longestRetryPause);
        positive("channelTimeout", channelTimeout);
        if (longestRetryPause.compareTo(firstRetryAfter) < 0) {
            throw new IllegalArgumentException("longestRetryPause (" + longestRetryPause
                    + ") must not be shorter than firstRetryAfter (" + firstRetryAfter + ")");
        }
        if (lease.compareTo(channelTimeout) <= 0) {
            throw new IllegalArgumentException("lease (" + lease + ") must be longer than channelTimeout ("
                    + channelTimeout + "), or another dispatcher could take a batch over while its channel still works");
        }
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("maxAttempts must be 1 to 100: " + maxAttempts);
        }
        if (rateLimits == null) {
            throw new IllegalArgumentException("rateLimits must not be null");
        }
        rateLimits.forEach((channel, perSecond) -> {
            if (channel == null || perSecond == null || !(perSecond > 0) || perSecond.isInfinite()) {
                throw new IllegalArgumentException("rateLimits: " + channel + " -> " + perSecond
                        + ": a channel name and a positive number of messages per second");
            }
        });
        rateLimits = Collections.unmodifiableMap(new HashMap<>(rateLimits));
    }

    /** @return the defaults */
    public static DispatchSettings defaults() {
        return builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param attempts how many times the recipient has been handed to a channel (1 or more)
     * @return the pause before the next try: {@code firstRetryAfter * 2^(attempts - 1)}, at most
     *         {@code longestRetryPause}
     */
    public Duration retryPause(int attempts) {
        Duration pause = firstRetryAfter;
        for (int i = 1; i < attempts && pause.compareTo(longestRetryPause) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(longestRetryPause) > 0 ? longestRetryPause : pause;
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration: " + value);
        }
    }

    /** Builds {@link DispatchSettings}; every setting starts at its default. */
    public static final class Builder {
        private int batchSize = 500;
        private Duration lease = Duration.ofMinutes(5);
        private Duration firstRetryAfter = Duration.ofSeconds(30);
        private Duration longestRetryPause = Duration.ofHours(1);
        private int maxAttempts = 10;
        private Duration channelTimeout = Duration.ofMinutes(2);
        private final Map<String, Double> rateLimits = new HashMap<>();

        private Builder() {
        }

        /** @param batchSize recipients handed to a channel at once @return this builder */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** @param lease how long a claim lasts without its outcome @return this builder */
        public Builder lease(Duration lease) {
            this.lease = lease;
            return this;
        }

        /** @param firstRetryAfter the first pause after a try-later answer @return this builder */
        public Builder firstRetryAfter(Duration firstRetryAfter) {
            this.firstRetryAfter = firstRetryAfter;
            return this;
        }

        /** @param longestRetryPause the longest pause between tries @return this builder */
        public Builder longestRetryPause(Duration longestRetryPause) {
            this.longestRetryPause = longestRetryPause;
            return this;
        }

        /** @param maxAttempts hand-overs before a try-later answer fails the recipient @return this builder */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** @param channelTimeout how long one deliver call may take @return this builder */
        public Builder channelTimeout(Duration channelTimeout) {
            this.channelTimeout = channelTimeout;
            return this;
        }

        /**
         * @param channel   a channel name, as registered
         * @param perSecond the most messages per second this dispatcher hands to it
         * @return this builder
         */
        public Builder rateLimit(String channel, double perSecond) {
            rateLimits.put(channel, perSecond);
            return this;
        }

        /** @return the settings @throws IllegalArgumentException naming a wrong setting */
        public DispatchSettings build() {
            return new DispatchSettings(batchSize, lease, firstRetryAfter, longestRetryPause, maxAttempts,
                    channelTimeout, rateLimits);
        }
    }
}
