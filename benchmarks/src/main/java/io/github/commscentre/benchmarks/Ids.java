package io.github.commscentre.benchmarks;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered (version 7 layout) ids for rows the benchmarks write themselves: deterministic ones for the
 * datasets, so that a reloaded dataset has the same ids, and fresh ones for the raw JDBC baselines.
 */
final class Ids {

    private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime() & 0xFFFF_FFFFL);

    private Ids() {
    }

    /**
     * @param millis   Unix milliseconds of the id's time part
     * @param sequence distinguishes ids of the same millisecond; unique ids for sequences below 2^32
     * @return a version 7 UUID
     */
    static UUID uuid7(long millis, long sequence) {
        long msb = (millis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (mix(sequence) & 0xFFFL);
        long lsb = 0x8000_0000_0000_0000L | (mix(sequence ^ 0x5DEECE66DL) & 0x3FFF_FFFF_0000_0000L) | (sequence & 0xFFFF_FFFFL);
        return new UUID(msb, lsb);
    }

    /** @return a fresh id, as the raw baselines generate them */
    static UUID next() {
        return uuid7(System.currentTimeMillis(), SEQUENCE.incrementAndGet());
    }

    /** A cheap, fixed bit mixer (SplitMix64's finaliser): the same input always gives the same output. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
