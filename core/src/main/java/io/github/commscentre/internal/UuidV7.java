package io.github.commscentre.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Generates RFC 9562 version 7 UUIDs from the injected clock: 48 bits of Unix milliseconds, then a
 * 12-bit counter that keeps ids from one generator strictly increasing within a millisecond (and
 * across a clock that steps back), then 62 random bits that keep several application instances apart.
 */
final class UuidV7 {

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private long lastMillis = -1;
    private int counter;

    UuidV7(Clock clock) {
        this.clock = clock;
    }

    synchronized UUID next() {
        long millis = clock.millis();
        if (millis > lastMillis) {
            lastMillis = millis;
            counter = random.nextInt(1 << 10); // leave headroom below 4096 for ids in the same millisecond
        } else {
            counter++;
            if (counter > 0xFFF) {
                lastMillis++;
                counter = 0;
            }
        }
        long msb = (lastMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | counter;
        long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }
}
