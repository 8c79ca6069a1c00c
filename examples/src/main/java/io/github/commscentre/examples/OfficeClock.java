package io.github.commscentre.examples;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The example's clock: the office's week compressed into a few seconds. The Communications Centre takes
 * its time only from the {@link Clock} it was built with, so moving this clock moves "now" for it: the
 * scheduled AGM notice is in the future, the audit trail shows Monday to Friday. A real host passes
 * {@code Clock.systemUTC()} (or leaves the clock unset).
 */
public final class OfficeClock extends Clock {

    private final AtomicReference<Instant> now;

    /** @param start the first instant of the week */
    public OfficeClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** @param instant the new current instant */
    public void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }
}
