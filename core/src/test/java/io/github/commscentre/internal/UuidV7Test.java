package io.github.commscentre.internal;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class UuidV7Test {

    @Test
    void carriesVersionSevenTheVariantAndTheClocksMillisecond() {
        Instant at = Instant.parse("2026-11-27T09:12:08.123456789Z");
        UUID id = new UuidV7(Clock.fixed(at, ZoneOffset.UTC)).next();
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
    }

    @Test
    void idsFromOneGeneratorStrictlyIncreaseEvenWithinOneMillisecond() {
        UuidV7 ids = new UuidV7(Clock.fixed(Instant.parse("2026-11-27T09:12:08Z"), ZoneOffset.UTC));
        List<UUID> generated = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            generated.add(ids.next());
        }
        for (int i = 1; i < generated.size(); i++) {
            assertThat(unsignedCompare(generated.get(i - 1), generated.get(i))).as("id %d after id %d", i, i - 1).isNegative();
        }
        assertThat(new HashSet<>(generated)).hasSize(generated.size());
    }

    private static int unsignedCompare(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}
