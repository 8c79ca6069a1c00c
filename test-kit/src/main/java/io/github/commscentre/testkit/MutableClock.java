package io.github.commscentre.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until a test moves it, for testing scheduling and timestamps
 * deterministically: pass it to {@code CommunicationCentre.builder().clock(...)}, then {@link #set} or
 * {@link #advance} it. Thread-safe. It keeps nanoseconds, so a test can see that the library truncates every
 * instant it stores to microseconds.
 *
 * <p>A test with many threads can make it {@linkplain #tickOnEveryRead tick on every read}, so that every call
 * gets an instant of its own and the order of events shows in their times.
 *
 * <p>{@link #withZone} returns a view in another zone that shares this clock's time: moving either moves both,
 * so a component that re-zones the clock it was given still follows the test. Two clocks are
 * {@linkplain #equals equal} when they share their time and have the same zone; two clocks created separately
 * are never equal, even while they show the same instant, because they can be moved apart.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    /** How far each read moves the clock; shared with the zoned views, like {@link #now}. */
    private final AtomicReference<Duration> tick;
    private final ZoneId zone;

    private MutableClock(AtomicReference<Instant> now, AtomicReference<Duration> tick, ZoneId zone) {
        this.now = now;
        this.tick = tick;
        this.zone = zone;
    }

    /**
     * @param instant where the clock starts
     * @return a clock standing at {@code instant}, in UTC
     */
    public static MutableClock at(Instant instant) {
        return of(instant, ZoneOffset.UTC);
    }

    /**
     * @param instant where the clock starts
     * @param zone    the clock's zone
     * @return a clock standing at {@code instant}, in {@code zone}
     */
    public static MutableClock of(Instant instant, ZoneId zone) {
        Objects.requireNonNull(instant, "instant must not be null");
        Objects.requireNonNull(zone, "zone must not be null");
        return new MutableClock(new AtomicReference<>(instant), new AtomicReference<>(Duration.ZERO), zone);
    }

    /**
     * Moves the clock to {@code instant}, forwards or backwards.
     *
     * @param instant the new current instant
     */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant must not be null"));
    }

    /**
     * Moves the clock by {@code duration} (backwards when negative), atomically even when several threads
     * advance it at once.
     *
     * @param duration how far to move
     * @return the new current instant
     */
    public Instant advance(Duration duration) {
        Objects.requireNonNull(duration, "duration must not be null");
        return now.updateAndGet(instant -> instant.plus(duration));
    }

    /**
     * Makes every later read ({@link #instant()}, {@link #millis()}) move the clock forward by {@code step} after
     * reading it, atomically, so that concurrent readers never see the same instant twice.
     *
     * @param step how far each read moves the clock; {@link Duration#ZERO} to stand still again
     * @throws IllegalArgumentException if {@code step} is negative
     */
    public void tickOnEveryRead(Duration step) {
        Objects.requireNonNull(step, "step must not be null");
        if (step.isNegative()) {
            throw new IllegalArgumentException("step must not be negative, was " + step);
        }
        tick.set(step);
    }

    /** @return the instant the clock stands at, without moving it even when it ticks on every read */
    public Instant peek() {
        return now.get();
    }

    /** @return the instant the clock stands at (then moves on, when it ticks on every read) */
    @Override
    public Instant instant() {
        Duration step = tick.get();
        return step.isZero() ? now.get() : now.getAndUpdate(instant -> instant.plus(step));
    }

    /** @return {@link #instant()} in epoch milliseconds */
    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    /** @return the clock's zone */
    @Override
    public ZoneId getZone() {
        return zone;
    }

    /**
     * @param zone the zone of the view
     * @return a clock in {@code zone} that shares this clock's time (this clock itself if the zone is the same)
     */
    @Override
    public MutableClock withZone(ZoneId zone) {
        Objects.requireNonNull(zone, "zone must not be null");
        return zone.equals(this.zone) ? this : new MutableClock(now, tick, zone);
    }

    /**
     * @param other another object
     * @return whether {@code other} is a {@code MutableClock} sharing this clock's time, in the same zone
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof MutableClock
                && ((MutableClock) other).now == now
                && ((MutableClock) other).zone.equals(zone);
    }

    /** @return a hash code that does not change when the clock moves */
    @Override
    public int hashCode() {
        return 31 * System.identityHashCode(now) + zone.hashCode();
    }

    /** @return the current instant and the zone, for test failure messages */
    @Override
    public String toString() {
        return "MutableClock[" + now.get() + "," + zone + "]";
    }
}
