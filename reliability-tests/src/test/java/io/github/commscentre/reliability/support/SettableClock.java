package io.github.commscentre.reliability.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the tests move by hand. Kept in this module (rather than the in-memory test kit's clock) so the
 * reliability tests depend only on the public API and the storage ports they test. Thread-safe.
 */
public final class SettableClock extends Clock {

    private volatile Instant now;

    /** @param start the first instant; nanoseconds are kept, so the facade's truncation to micros is exercised */
    public SettableClock(Instant start) {
        this.now = start;
    }

    /** @param instant the new now */
    public void set(Instant instant) {
        this.now = instant;
    }

    /** @param by how far to move forward */
    public synchronized void advance(Duration by) {
        this.now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
