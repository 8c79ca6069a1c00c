package io.github.commscentre.testkit;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MutableClockTest {

    private static final Instant START = Instant.parse("2026-03-28T23:30:00.123456789Z");

    @Test
    void standsStillUntilMoved() {
        MutableClock clock = MutableClock.at(START);

        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(Instant.now(clock)).isEqualTo(START);
    }

    @Test
    void setMovesToAnyInstantForwardsOrBackwards() {
        MutableClock clock = MutableClock.at(START);

        clock.set(START.plusSeconds(3600));
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(3600));
        clock.set(START.minusSeconds(86_400));
        assertThat(clock.instant()).isEqualTo(START.minusSeconds(86_400));
    }

    @Test
    void advanceAddsTheDurationAndReturnsTheNewInstant() {
        MutableClock clock = MutableClock.at(START);

        assertThat(clock.advance(Duration.ofMinutes(45))).isEqualTo(START.plusSeconds(2700));
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(2700));
        assertThat(clock.advance(Duration.ofNanos(-1))).isEqualTo(START.plusSeconds(2700).minusNanos(1));
    }

    @Test
    void theZoneDecidesLocalDatesAndWithZoneSharesTheTime() {
        MutableClock utc = MutableClock.at(START);
        ZoneId london = ZoneId.of("Europe/London");
        MutableClock inLondon = utc.withZone(london);

        // 23:30 UTC on 28 March is already 29 March in Tokyo.
        assertThat(LocalDate.now(utc)).isEqualTo(LocalDate.of(2026, 3, 28));
        assertThat(LocalDate.now(utc.withZone(ZoneId.of("Asia/Tokyo")))).isEqualTo(LocalDate.of(2026, 3, 29));
        assertThat(inLondon.getZone()).isEqualTo(london);
        utc.advance(Duration.ofHours(2));
        assertThat(inLondon.instant()).isEqualTo(START.plusSeconds(7200));
        inLondon.set(START);
        assertThat(utc.instant()).isEqualTo(START);
        // 01:30 UTC on 29 March 2026 is 02:30 BST: the clocks went forward that night.
        inLondon.advance(Duration.ofHours(2));
        assertThat(ZonedDateTime.now(inLondon).getHour()).isEqualTo(2);
        assertThat(utc.withZone(ZoneOffset.UTC)).isSameAs(utc);
    }

    @Test
    void ofTakesAZone() {
        MutableClock clock = MutableClock.of(START, ZoneId.of("America/New_York"));

        assertThat(clock.getZone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(clock.instant()).isEqualTo(START);
    }

    @Test
    void equalityMeansSharedTimeAndSameZone() {
        MutableClock clock = MutableClock.at(START);
        MutableClock view = clock.withZone(ZoneId.of("Europe/Paris"));
        MutableClock sameZoneView = view.withZone(ZoneOffset.UTC);
        MutableClock independent = MutableClock.at(START);

        assertThat(sameZoneView).isEqualTo(clock).hasSameHashCodeAs(clock);
        assertThat(view).isNotEqualTo(clock);
        assertThat(independent).isNotEqualTo(clock);
        int hash = clock.hashCode();
        clock.advance(Duration.ofDays(1));
        assertThat(clock.hashCode()).isEqualTo(hash);
        assertThat(clock).isNotEqualTo(Clock.fixed(clock.instant(), ZoneOffset.UTC));
        assertThat(clock.toString()).contains(clock.instant().toString()).contains("Z");
    }

    @Test
    void concurrentAdvancesAllCount() throws InterruptedException {
        MutableClock clock = MutableClock.at(START);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    clock.advance(Duration.ofMillis(1));
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(clock.instant()).isEqualTo(START.plusSeconds(40));
    }

    @Test
    void aTickingClockMovesAfterEveryReadAndPeekDoesNotMoveIt() {
        MutableClock clock = MutableClock.at(START);
        MutableClock inParis = clock.withZone(ZoneId.of("Europe/Paris"));
        clock.tickOnEveryRead(Duration.ofNanos(1_001));

        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.peek()).isEqualTo(START.plusNanos(1_001));
        assertThat(clock.peek()).isEqualTo(START.plusNanos(1_001));
        assertThat(inParis.instant()).as("a zoned view ticks with it").isEqualTo(START.plusNanos(1_001));
        assertThat(clock.millis()).isEqualTo(START.plusNanos(2_002).toEpochMilli());
        assertThat(clock.peek()).isEqualTo(START.plusNanos(3_003));

        clock.tickOnEveryRead(Duration.ZERO);
        assertThat(clock.instant()).isEqualTo(clock.instant()).isEqualTo(START.plusNanos(3_003));
    }

    @Test
    void concurrentReadersOfATickingClockNeverShareAnInstant() throws InterruptedException {
        MutableClock clock = MutableClock.at(START);
        clock.tickOnEveryRead(Duration.ofNanos(1));
        Set<Instant> seen = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    seen.add(clock.instant());
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(seen).hasSize(40_000);
        assertThat(clock.peek()).isEqualTo(START.plusNanos(40_000));
    }

    @Test
    void aNegativeTickIsRefused() {
        MutableClock clock = MutableClock.at(START);

        assertThatThrownBy(() -> clock.tickOnEveryRead(Duration.ofNanos(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step");
        assertThatThrownBy(() -> clock.tickOnEveryRead(null)).isInstanceOf(NullPointerException.class);
        assertThat(clock.instant()).isEqualTo(clock.instant());
    }

    @Test
    void nullsAreRefused() {
        MutableClock clock = MutableClock.at(START);

        assertThatThrownBy(() -> MutableClock.at(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("instant");
        assertThatThrownBy(() -> MutableClock.of(START, null)).isInstanceOf(NullPointerException.class).hasMessageContaining("zone");
        assertThatThrownBy(() -> clock.set(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> clock.advance(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> clock.withZone(null)).isInstanceOf(NullPointerException.class);
        assertThat(clock.instant()).isEqualTo(START);
    }
}
