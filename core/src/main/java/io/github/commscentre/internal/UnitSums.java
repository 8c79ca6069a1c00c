package io.github.commscentre.internal;

import io.github.commscentre.DeliveryStatus;

import java.security.SecureRandom;

/**
 * Order-free sums over the units of a communication, so that verification can compare "the units its events added,
 * each in the status its events left it" with the stored recipients while keeping two longs per communication instead
 * of every unit id. Each unit id goes through SipHash-2-4 under a key drawn afresh for every verification: someone
 * editing the tables cannot know the key, so cannot choose rows whose sums happen to match. Adding a unit adds its
 * term, a status change swaps one term for another, and equal multisets give equal sums.
 *
 * <p>Not thread-safe: one verification, one instance.
 */
final class UnitSums {

    private final long k0;
    private final long k1;
    /** One salt per delivery status, from the same key, so a unit's status term says nothing about another status'. */
    private final long[] statusSalts = new long[DeliveryStatus.values().length];
    private long v0;
    private long v1;
    private long v2;
    private long v3;

    UnitSums() {
        SecureRandom random = new SecureRandom();
        this.k0 = random.nextLong();
        this.k1 = random.nextLong();
        for (int i = 0; i < statusSalts.length; i++) {
            statusSalts[i] = random.nextLong();
        }
    }

    /** @return the term a unit adds to a membership sum */
    long unit(String unitId) {
        return sipHash(unitId);
    }

    /** @return the term a unit in a status adds to a status sum */
    long unitInStatus(String unitId, DeliveryStatus status) {
        return mix(sipHash(unitId) ^ statusSalts[status.ordinal()]);
    }

    /** @return the term of a unit whose membership term is already known, in a status */
    long unitInStatus(long unitTerm, DeliveryStatus status) {
        return mix(unitTerm ^ statusSalts[status.ordinal()]);
    }

    /** SipHash-2-4 of the string's UTF-16 code units, four to a 64-bit word. */
    private long sipHash(String s) {
        v0 = k0 ^ 0x736f6d6570736575L;
        v1 = k1 ^ 0x646f72616e646f6dL;
        v2 = k0 ^ 0x6c7967656e657261L;
        v3 = k1 ^ 0x7465646279746573L;
        int n = s.length();
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            long m = s.charAt(i) | ((long) s.charAt(i + 1) << 16) | ((long) s.charAt(i + 2) << 32)
                    | ((long) s.charAt(i + 3) << 48);
            compress(m);
        }
        long last = (2L * n & 0xff) << 56;
        for (int shift = 0; i < n; i++, shift += 16) {
            last |= (long) s.charAt(i) << shift;
        }
        compress(last);
        v2 ^= 0xff;
        round();
        round();
        round();
        round();
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private void compress(long m) {
        v3 ^= m;
        round();
        round();
        v0 ^= m;
    }

    private void round() {
        v0 += v1;
        v1 = Long.rotateLeft(v1, 13);
        v1 ^= v0;
        v0 = Long.rotateLeft(v0, 32);
        v2 += v3;
        v3 = Long.rotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = Long.rotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = Long.rotateLeft(v1, 17);
        v1 ^= v2;
        v2 = Long.rotateLeft(v2, 32);
    }

    /** The SplitMix64 finaliser: a bijection that spreads every bit of its input. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
