package io.github.commscentre.internal;

import io.github.commscentre.DeliveryStatus;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class UnitSumsTest {

    private final UnitSums sums = new UnitSums();

    private long sum(List<String> units) {
        long sum = 0;
        for (String unit : units) {
            sum += sums.unit(unit);
        }
        return sum;
    }

    @Test
    void aSumDoesNotDependOnOrderButOnEveryUnit() {
        assertThat(sum(List.of("a1", "a2", "flat 3"))).isEqualTo(sum(List.of("flat 3", "a1", "a2")));
        assertThat(sum(List.of("a1", "a2"))).isNotEqualTo(sum(List.of("a1", "a3")));
        assertThat(sum(List.of("a1", "a2"))).isNotEqualTo(sum(List.of("a1")));
        // units differing only past four characters, or in length, or by a character's high byte
        assertThat(sums.unit("unit-0001")).isNotEqualTo(sums.unit("unit-0002"));
        assertThat(sums.unit("abcd")).isNotEqualTo(sums.unit("abcd\u0000"));
        assertThat(sums.unit("\u0141")).isNotEqualTo(sums.unit("\u0041"));
    }

    @Test
    void aStatusTermSwapsOutAsTheStatusMoves() {
        long added = sums.unitInStatus("a1", DeliveryStatus.PENDING);
        long moved = added - sums.unitInStatus("a1", DeliveryStatus.PENDING) + sums.unitInStatus("a1", DeliveryStatus.DELIVERED);
        assertThat(moved).isEqualTo(sums.unitInStatus("a1", DeliveryStatus.DELIVERED));
        assertThat(sums.unitInStatus(sums.unit("a1"), DeliveryStatus.OPENED)).isEqualTo(sums.unitInStatus("a1", DeliveryStatus.OPENED));
        Set<Long> terms = new HashSet<>();
        for (DeliveryStatus status : DeliveryStatus.values()) {
            terms.add(sums.unitInStatus("a1", status));
        }
        assertThat(terms).hasSize(DeliveryStatus.values().length);
    }

    @Test
    void everyVerificationDrawsItsOwnKey() {
        assertThat(new UnitSums().unit("a1")).isNotEqualTo(new UnitSums().unit("a1"));
    }
}
