package io.github.commscentre.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Messages per second, per channel, for this dispatcher: before a batch goes to a channel, the dispatcher waits until
 * the channel's budget allows it. Batches of a limited channel are at most one second's worth, so that the pace within
 * a second stays near the limit too. Real time, not the facade's clock: a provider counts in real seconds.
 */
final class RateLimits {

    private final Map<String, Double> perSecond;
    private final Map<String, Long> nextFreeNanos = new HashMap<>();

    RateLimits(Map<String, Double> perSecond) {
        this.perSecond = Map.copyOf(perSecond);
    }

    /** @return the batch size to claim for {@code channel}: at most one second of its limit */
    int batchSize(String channel, int configured) {
        Double limit = perSecond.get(channel);
        return limit == null ? configured : (int) Math.max(1, Math.min(configured, Math.floor(limit)));
    }

    /** Waits until {@code messages} more messages may go to {@code channel}. */
    void acquire(String channel, int messages) throws InterruptedException {
        Double limit = perSecond.get(channel);
        if (limit == null || messages == 0) {
            return;
        }
        long waitNanos;
        synchronized (this) {
            long now = System.nanoTime();
            long free = Math.max(now, nextFreeNanos.getOrDefault(channel, now));
            waitNanos = free - now;
            nextFreeNanos.put(channel, free + (long) (messages * 1_000_000_000L / limit));
        }
        if (waitNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
    }
}
