package io.github.commscentre.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The current instant from the injected clock, truncated to microseconds: the precision every store keeps,
 * so that what a call returns equals what a later read gives back.
 */
final class Now {

    private final Clock clock;

    Now(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    Instant instant() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** @return {@code instant} at the precision every store keeps */
    static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
