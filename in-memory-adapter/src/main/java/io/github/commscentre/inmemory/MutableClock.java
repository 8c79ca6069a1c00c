package io.github.commscentre.inmemory;

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
 * {@link #advance} it. Thread-safe.
 *
 * <p>{@link #withZone} returns a view in another zone that shares this clock's time: moving either moves both,
 * so a component that re-zones the clock it was given still follows the test. Two clocks are
 * {@linkplain #equals equal} when they share their time and have the same zone; two clocks created separately
 * are never equal, even while they show the same instant, because they can be moved apart.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
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
        return new MutableClock(new AtomicReference<>(instant), zone);
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

    /** @return the instant the clock stands at */
    @Override
    public Instant instant() {
        return now.get();
    }

    /** @return the instant the clock stands at, in epoch milliseconds */
    @Override
    public long millis() {
        return now.get().toEpochMilli();
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
        return zone.equals(this.zone) ? this : new MutableClock(now, zone);
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
