package io.github.commscentre;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A settable, thread-safe clock for the behaviour and race suites. It keeps nanoseconds on purpose, so that
 * the suites can prove the facade truncates every instant to microseconds. Optionally it moves forward on every
 * read, which gives each facade call its own instant in the race suite.
 *
 * <p>Core's tests cannot use the in-memory adapter's {@code MutableClock}, so the suites bring their own.
 */
public final class TestClock extends Clock {

    private final AtomicReference<Instant> now;
    private volatile Duration tick = Duration.ZERO;

    /** @param start the first instant the clock shows */
    public TestClock(Instant start) {
        this.now = new AtomicReference<>(Objects.requireNonNull(start, "start must not be null"));
    }

    /** @param instant the instant the clock shows from now on */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant must not be null"));
    }

    /** @param duration how far to move the clock forward */
    public void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration must not be null");
        now.updateAndGet(i -> i.plus(duration));
    }

    /**
     * @param duration how far every later {@link #instant()} call moves the clock after reading it;
     *                 {@link Duration#ZERO} to stand still
     */
    public void tickOnEveryRead(Duration duration) {
        this.tick = Objects.requireNonNull(duration, "duration must not be null");
    }

    /** @return the instant the clock shows, without moving it even when it ticks on every read */
    public Instant peek() {
        return now.get();
    }

    @Override
    public Instant instant() {
        Duration step = tick;
        if (step.isZero()) {
            return now.get();
        }
        return now.getAndUpdate(i -> i.plus(step));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        TestClock outer = this;
        // A zoned view that shares this clock's time, so a facade that asks for a zone still sees every change.
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return outer.withZone(other);
            }

            @Override
            public Instant instant() {
                return outer.instant();
            }
        };
    }
}
