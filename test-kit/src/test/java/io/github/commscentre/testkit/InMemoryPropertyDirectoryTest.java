package io.github.commscentre.testkit;

import io.github.commscentre.spi.UnitRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryPropertyDirectoryTest {

    private final InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory()
            .addBlock("org-1", "block-a")
            .addUnit("org-1", "block-a", "unit-1", "Ann Leaseholder", "ann@example.com")
            .addUnit("org-1", "block-a", "unit-2")
            .addUnit("org-1", "block-b", "unit-3", "Cat Owner", null)
            .addUnit("org-2", "block-a", "unit-1", "Someone Else", "else@example.com");

    @Test
    void blocksBelongOnlyToTheirOrganisation() {
        assertThat(directory.blockBelongsTo("org-1", "block-a")).isTrue();
        assertThat(directory.blockBelongsTo("org-1", "block-b")).isTrue();
        assertThat(directory.blockBelongsTo("org-2", "block-b")).isFalse();
        assertThat(directory.blockBelongsTo("org-1", "block-z")).isFalse();
        assertThat(directory.blockBelongsTo("org-9", "block-a")).isFalse();
    }

    @Test
    void findUnitsReturnsOnlyTheOrganisationsOwnUnitsInOneCall() {
        Map<String, UnitRecord> found = directory.findUnits("org-1", List.of("unit-1", "unit-2", "unit-3", "unit-404"));

        assertThat(found).containsOnlyKeys("unit-1", "unit-2", "unit-3");
        assertThat(found.get("unit-1")).isEqualTo(new UnitRecord("unit-1", "block-a", "Ann Leaseholder", "ann@example.com"));
        assertThat(found.get("unit-2")).isEqualTo(new UnitRecord("unit-2", "block-a", null, null));
        assertThat(found.get("unit-3")).isEqualTo(new UnitRecord("unit-3", "block-b", "Cat Owner", null));
        assertThat(directory.findUnits("org-2", List.of("unit-1", "unit-2")))
                .containsExactly(Map.entry("unit-1", new UnitRecord("unit-1", "block-a", "Someone Else", "else@example.com")));
        assertThat(directory.findUnits("org-9", List.of("unit-1"))).isEmpty();
        assertThat(directory.findUnitsCalls()).isEqualTo(3);
    }

    @Test
    void findUnitsInBlockKeepsInsertionOrder() {
        InMemoryPropertyDirectory big = new InMemoryPropertyDirectory();
        List<String> ids = IntStream.range(0, 500).mapToObj(i -> "u-" + (i * 7919 % 500)).toList();
        ids.forEach(id -> big.addUnit("org", "block", id, "Name " + id, id + "@example.com"));

        assertThat(big.findUnitsInBlock("org", "block")).extracting(UnitRecord::unitId).containsExactlyElementsOf(ids);
        assertThat(directory.findUnitsInBlock("org-1", "block-a")).extracting(UnitRecord::unitId).containsExactly("unit-1", "unit-2");
        assertThat(directory.findUnitsInBlock("org-2", "block-b")).isEmpty();
        assertThat(directory.findUnitsInBlock("org-1", "block-z")).isEmpty();
        assertThat(directory.findUnitsInBlockCalls()).isEqualTo(3);
    }

    @Test
    void changingALeaseholderKeepsBlockAndPlaceAndLeavesEarlierAnswersAlone() {
        List<UnitRecord> before = directory.findUnitsInBlock("org-1", "block-a");

        directory.changeLeaseholder("org-1", "unit-1", "Bob Buyer", null);

        assertThat(before.get(0).leaseholderName()).isEqualTo("Ann Leaseholder");
        assertThat(directory.findUnitsInBlock("org-1", "block-a"))
                .containsExactly(new UnitRecord("unit-1", "block-a", "Bob Buyer", null), new UnitRecord("unit-2", "block-a", null, null));
        assertThat(directory.findUnits("org-1", List.of("unit-1")).get("unit-1").leaseholderName()).isEqualTo("Bob Buyer");
        assertThat(directory.findUnits("org-2", List.of("unit-1")).get("unit-1").leaseholderName()).isEqualTo("Someone Else");
    }

    @Test
    void movingAUnitPutsItAtTheEndOfItsNewBlock() {
        directory.moveUnit("org-1", "unit-1", "block-b");

        assertThat(directory.findUnitsInBlock("org-1", "block-a")).extracting(UnitRecord::unitId).containsExactly("unit-2");
        assertThat(directory.findUnitsInBlock("org-1", "block-b")).extracting(UnitRecord::unitId).containsExactly("unit-3", "unit-1");
        assertThat(directory.findUnits("org-1", List.of("unit-1")).get("unit-1"))
                .isEqualTo(new UnitRecord("unit-1", "block-b", "Ann Leaseholder", "ann@example.com"));
    }

    @Test
    void removingAUnitOrABlockMakesThemUnknown() {
        directory.removeUnit("org-1", "unit-2");
        assertThat(directory.findUnits("org-1", List.of("unit-2"))).isEmpty();
        assertThat(directory.findUnitsInBlock("org-1", "block-a")).extracting(UnitRecord::unitId).containsExactly("unit-1");
        assertThat(directory.blockBelongsTo("org-1", "block-a")).isTrue();

        directory.removeBlock("org-1", "block-a");
        assertThat(directory.blockBelongsTo("org-1", "block-a")).isFalse();
        assertThat(directory.findUnits("org-1", List.of("unit-1", "unit-3"))).containsOnlyKeys("unit-3");
        assertThat(directory.blockBelongsTo("org-2", "block-a")).isTrue();
        assertThat(directory.findUnits("org-2", List.of("unit-1"))).containsOnlyKeys("unit-1");
    }

    @Test
    void mistakesInSetupAreReportedNotIgnored() {
        assertThatThrownBy(() -> directory.addUnit("org-1", "block-b", "unit-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already has unit unit-1");
        assertThatThrownBy(() -> directory.changeLeaseholder("org-1", "unit-404", "x", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unit-404");
        assertThatThrownBy(() -> directory.changeLeaseholder("org-9", "unit-1", "x", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("org-9");
        assertThatThrownBy(() -> directory.removeUnit("org-1", "unit-404")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> directory.moveUnit("org-1", "unit-404", "block-a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> directory.removeBlock("org-1", "block-z")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> directory.addUnit("org-1", null, "unit-9")).isInstanceOf(NullPointerException.class);
        // Adding a block twice is harmless and keeps its units.
        directory.addBlock("org-1", "block-a");
        assertThat(directory.findUnitsInBlock("org-1", "block-a")).hasSize(2);
    }

    @Test
    void countsCallsPerMethodUntilReset() {
        directory.blockBelongsTo("org-1", "block-a");
        directory.blockBelongsTo("org-1", "block-b");
        directory.findUnits("org-1", List.of("unit-1"));
        directory.findUnitsInBlock("org-1", "block-a");
        directory.findUnitsInBlock("org-1", "block-a");
        directory.findUnitsInBlock("org-1", "block-a");

        assertThat(directory.blockBelongsToCalls()).isEqualTo(2);
        assertThat(directory.findUnitsCalls()).isEqualTo(1);
        assertThat(directory.findUnitsInBlockCalls()).isEqualTo(3);
        directory.resetCallCounts();
        assertThat(directory.blockBelongsToCalls()).isZero();
        assertThat(directory.findUnitsCalls()).isZero();
        assertThat(directory.findUnitsInBlockCalls()).isZero();
    }

    @Test
    void canBeToldToFailLikeADirectoryThatIsDown() {
        IllegalStateException outage = new IllegalStateException("directory down");
        directory.failWith(outage);

        assertThatThrownBy(() -> directory.blockBelongsTo("org-1", "block-a")).isSameAs(outage);
        assertThatThrownBy(() -> directory.findUnits("org-1", List.of("unit-1"))).isSameAs(outage);
        assertThatThrownBy(() -> directory.findUnitsInBlock("org-1", "block-a")).isSameAs(outage);
        assertThat(directory.findUnitsCalls()).isEqualTo(1);

        directory.failWith(null);
        assertThat(directory.blockBelongsTo("org-1", "block-a")).isTrue();
    }

    @Test
    void returnedCollectionsAreSnapshotsThatCannotChangeTheDirectory() {
        Map<String, UnitRecord> found = directory.findUnits("org-1", List.of("unit-1"));
        List<UnitRecord> inBlock = directory.findUnitsInBlock("org-1", "block-a");
        try {
            found.clear();
        } catch (UnsupportedOperationException expected) {
            // either way the directory keeps its units
        }
        try {
            inBlock.clear();
        } catch (UnsupportedOperationException expected) {
            // either way the directory keeps its units
        }
        directory.addUnit("org-1", "block-a", "unit-4");

        assertThat(directory.findUnits("org-1", List.of("unit-1"))).hasSize(1);
        assertThat(directory.findUnitsInBlock("org-1", "block-a")).hasSize(3);
        assertThat(inBlock.size()).isLessThanOrEqualTo(2);
    }

    @Test
    void addUnitsFillsABlockWithNumberedLeaseholdersEveryTenthWithoutEmail() {
        directory.addUnits("org-1", "block-many", "flat-", 20);

        List<UnitRecord> units = directory.findUnitsInBlock("org-1", "block-many");
        assertThat(units).extracting(UnitRecord::unitId)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 20).mapToObj(n -> "flat-" + n).toList());
        assertThat(units.get(0)).isEqualTo(new UnitRecord("flat-1", "block-many", "Leaseholder 1", "lh1@example.org"));
        assertThat(units).filteredOn(u -> u.leaseholderEmail() == null).extracting(UnitRecord::unitId)
                .containsExactly("flat-10", "flat-20");
        assertThat(directory.addUnits("org-2", "block-none", "flat-", 0).blockBelongsTo("org-2", "block-none")).isTrue();
        assertThatThrownBy(() -> directory.addUnits("org-1", "block-many", "flat-", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flat-1");
    }

    @Test
    void aTestsModelReadsUnitsAndBlocksInTheOrderAddedWithoutCountingCalls() {
        directory.changeLeaseholder("org-1", "unit-2", "New Owner", null);

        assertThat(directory.unit("org-1", "unit-2")).contains(new UnitRecord("unit-2", "block-a", "New Owner", null));
        assertThat(directory.unit("org-2", "unit-1")).contains(new UnitRecord("unit-1", "block-a", "Someone Else", "else@example.com"));
        assertThat(directory.unit("org-1", "unit-404")).isEmpty();
        assertThat(directory.unit("org-9", "unit-1")).isEmpty();
        assertThat(directory.unitIds("org-1")).containsExactly("unit-1", "unit-2", "unit-3");
        assertThat(directory.blockIds("org-1")).containsExactly("block-a", "block-b");
        assertThat(directory.unitIds("org-9")).isEmpty();
        assertThat(directory.blockIds("org-9")).isEmpty();
        assertThat(directory.blockBelongsToCalls() + directory.findUnitsCalls() + directory.findUnitsInBlockCalls()).isZero();
    }

    @Test
    void concurrentFillingAndReadingLosesNothing() throws InterruptedException {
        InMemoryPropertyDirectory shared = new InMemoryPropertyDirectory();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int worker = t;
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < 1_000; i++) {
                        String unit = "unit-" + worker + "-" + i;
                        shared.addUnit("org", "block-" + (i % 3), unit, "Name", null);
                        assertThat(shared.findUnits("org", List.of(unit))).containsOnlyKeys(unit);
                        shared.findUnitsInBlock("org", "block-" + (i % 3));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(failures).isEmpty();
        int total = 0;
        for (int b = 0; b < 3; b++) {
            total += shared.findUnitsInBlock("org", "block-" + b).size();
        }
        assertThat(total).isEqualTo(4_000);
        assertThat(shared.findUnitsCalls()).isEqualTo(4_000);
    }
}
