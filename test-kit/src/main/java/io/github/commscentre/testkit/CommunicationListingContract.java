package io.github.commscentre.testkit;

import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.spi.CommunicationKey;
import io.github.commscentre.spi.StoreTransaction;
import io.github.commscentre.testkit.StoreTestData.CommunicationBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.github.commscentre.testkit.StoreTestData.NEWEST_FIRST;
import static io.github.commscentre.testkit.StoreTestData.summaries;
import static io.github.commscentre.testkit.StoreTestData.communication;
import static io.github.commscentre.testkit.StoreTestData.highBitId;
import static io.github.commscentre.testkit.StoreTestData.lowBitId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listings are newest first with ties broken by the id as an unsigned number, continue strictly after a keyset
 * position (stored or not) without repeats or gaps, honour the limit and every filter, count exactly what they
 * list, and stream the finished communications.
 */
abstract class CommunicationListingContract extends StoreContractFixture {

    @Test
    void listingIsNewestFirstWithEqualCreatedAtOrderedByUnsignedIdDescending() {
        Instant tie = StoreTestData.BASE.plusSeconds(100);
        List<Communication> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            all.add(communication(org).id(highBitId()).createdAt(tie).subject("high " + i).build());
            all.add(communication(org).id(lowBitId()).createdAt(tie).subject("low " + i).build());
        }
        all.add(communication(org).createdAt(tie.plusNanos(1_000)).subject("newest").build());
        all.add(communication(org).createdAt(tie.minusNanos(1_000)).subject("oldest").build());
        all.add(communication(org).createdAt(tie.minusSeconds(3600)).subject("older still").build());
        Collections.shuffle(all, new Random(42));
        insert(all);

        List<CommunicationSummary> listed = read(org, tx -> tx.listCommunications(CommunicationFilter.all(), null, 100));

        List<Communication> expected = new ArrayList<>(all);
        expected.sort(NEWEST_FIRST);
        assertThat(listed).containsExactlyElementsOf(summaries(expected));
        assertThat(listed.get(0).subject()).isEqualTo("newest");
        // Unsigned order puts every id with the top bit set before those without; signed order would not.
        assertThat(listed.subList(1, 4)).allMatch(c -> c.id().getMostSignificantBits() < 0);
        assertThat(listed.subList(4, 7)).allMatch(c -> c.id().getMostSignificantBits() >= 0);
        assertThat(listed.get(listed.size() - 1).subject()).isEqualTo("older still");
    }

    @Test
    void keysetPagingContinuesStrictlyAfterTheKeyWithoutRepeatsOrGaps() {
        List<Communication> all = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            // Pairs share createdAt, so that pages break inside a tie.
            UUID id = i % 3 == 0 ? highBitId() : lowBitId();
            all.add(communication(org).id(id).createdAt(StoreTestData.BASE.plusSeconds(i / 2)).build());
        }
        insert(all);
        List<Communication> expected = new ArrayList<>(all);
        expected.sort(NEWEST_FIRST);

        for (int pageSize : new int[]{1, 2, 3, 5, 22, 23, 24, 100}) {
            assertThat(listAll(org, CommunicationFilter.all(), pageSize)).as("page size %d", pageSize)
                    .containsExactlyElementsOf(summaries(expected));
        }
        for (int i = 0; i < expected.size(); i++) {
            CommunicationKey key = keyOf(expected.get(i));
            assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(), key, 100)))
                    .as("after row %d", i).containsExactlyElementsOf(summaries(expected.subList(i + 1, expected.size())));
        }
    }

    @Test
    void keysetPositionNeedNotBeAStoredRow() {
        Communication newer = communication(org).createdAt(StoreTestData.BASE.plusSeconds(10)).build();
        Communication tieLow = communication(org).id(lowBitId()).createdAt(StoreTestData.BASE).build();
        Communication tieHigh = communication(org).id(highBitId()).createdAt(StoreTestData.BASE).build();
        Communication older = communication(org).createdAt(StoreTestData.BASE.minusSeconds(10)).build();
        insert(newer, tieLow, tieHigh, older);

        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(),
                new CommunicationKey(StoreTestData.BASE.plusSeconds(5), UUID.randomUUID()), 10)))
                .containsExactlyElementsOf(summaries(tieHigh, tieLow, older));
        // Between the two tied rows: an id above tieLow and below tieHigh, unsigned.
        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(),
                new CommunicationKey(StoreTestData.BASE, new UUID(0x7fff_ffff_ffff_ffffL, -1L)), 10)))
                .containsExactlyElementsOf(summaries(tieLow, older));
        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(),
                new CommunicationKey(StoreTestData.BASE, new UUID(-1L, -1L)), 10)))
                .containsExactlyElementsOf(summaries(tieHigh, tieLow, older));
        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(), keyOf(older), 10))).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(),
                new CommunicationKey(Instant.parse("1970-01-01T00:00:00Z"), new UUID(0, 0)), 10))).isEmpty();
    }

    @Test
    void limitCapsTheRows() {
        List<Communication> all = IntStream.range(0, 5)
                .mapToObj(i -> communication(org).createdAt(StoreTestData.BASE.plusSeconds(i)).build()).toList();
        insert(all);

        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(), null, 1)))
                .containsExactlyElementsOf(summaries(all.get(4)));
        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(), null, 3)))
                .containsExactlyElementsOf(summaries(all.get(4), all.get(3), all.get(2)));
        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(), null, 101))).hasSize(5);
        assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(CommunicationFilter.all()))).isEqualTo(5);
    }

    @Test
    void everyFilterCombinationListsAndCountsExactlyTheMatches() {
        long seed = System.nanoTime();
        withSeed(seed, () -> {
            Random random = new Random(seed);
            String[] blocks = {"block-1", "block-2", null};
            String[] units = {"unit-1", "unit-2", null};
            List<Communication> all = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                CommunicationBuilder b = communication(org)
                        .id(new UUID(random.nextLong(), random.nextLong()))
                        .createdAt(StoreTestData.BASE.plusSeconds(random.nextInt(12)))
                        .blockId(blocks[random.nextInt(blocks.length)])
                        .unitId(units[random.nextInt(units.length)])
                        .type(CommunicationType.values()[random.nextInt(CommunicationType.values().length)]);
                switch (random.nextInt(5)) {
                    case 0 -> b.status(CommunicationStatus.DRAFT);
                    case 1 -> b.status(CommunicationStatus.SCHEDULED).scheduledAt(StoreTestData.BASE.plusSeconds(86_400));
                    case 2 -> b.sent();
                    case 3 -> b.sending();
                    default -> b.failed();
                }
                all.add(b.build());
            }
            insert(all);
            // Rows of another organisation that would match every filter, to prove they never leak in.
            insert(all.stream().map(c -> CommunicationBuilder.from(c).id(UUID.randomUUID()).build())
                    .map(c -> new Communication(c.id(), otherOrg, c.communicationType(), c.subject(), c.bodyHtml(), c.blockId(),
                            c.unitId(), c.channel(), c.status(), c.scheduledAt(), c.sentAt(), c.sentBy(), c.failedAt(),
                            c.failureReason(), c.notes(), c.createdBy(), c.createdAt(), c.updatedAt(), c.version()))
                    .toList());

            List<CommunicationType> types = new ArrayList<>(List.of(CommunicationType.values()));
            types.add(null);
            List<CommunicationStatus> statuses = new ArrayList<>(List.of(CommunicationStatus.values()));
            statuses.add(null);
            int combinations = 0;
            for (String block : blocks) {
                for (String unit : units) {
                    for (CommunicationType type : types) {
                        for (CommunicationStatus status : statuses) {
                            CommunicationFilter filter = new CommunicationFilter(block, unit, type, status);
                            List<Communication> expected = all.stream()
                                    .filter(c -> block == null || block.equals(c.blockId()))
                                    .filter(c -> unit == null || unit.equals(c.unitId()))
                                    .filter(c -> type == null || type == c.communicationType())
                                    .filter(c -> status == null || status == c.status())
                                    .sorted(NEWEST_FIRST).toList();
                            assertThat(listAll(org, filter, 7)).as("list %s", filter).containsExactlyElementsOf(summaries(expected));
                            assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(filter))).as("count %s", filter)
                                    .isEqualTo(expected.size());
                            combinations++;
                        }
                    }
                }
            }
            assertThat(combinations).isEqualTo(3 * 3 * (CommunicationType.values().length + 1) * (CommunicationStatus.values().length + 1));
            CommunicationFilter nothing = CommunicationFilter.builder().blockId("block-unknown").build();
            assertThat(listAll(org, nothing, 7)).isEmpty();
            assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(nothing))).isZero();
            assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(
                    CommunicationFilter.builder().unitId("unit-unknown").status(CommunicationStatus.DRAFT).build()))).isZero();
        });
    }

    @Test
    void forEachFinishedCommunicationGivesExactlyTheSentAndFailedOnes() {
        Communication draft = communication(org).build();
        Communication scheduled = communication(org).status(CommunicationStatus.SCHEDULED).scheduledAt(StoreTestData.BASE.plusSeconds(60)).build();
        Communication sent = communication(org).sent().build();
        Communication failed = communication(org).failed().build();
        Communication sent2 = communication(org).sent().createdAt(StoreTestData.BASE.minusSeconds(60)).build();
        insert(draft, scheduled, sent, failed, sent2);
        insert(communication(otherOrg).sent().build());

        List<Communication> finished = new ArrayList<>();
        store().read(org, tx -> {
            tx.forEachFinishedCommunication(finished::add);
            return null;
        });

        assertThat(finished).containsExactlyInAnyOrder(sent, failed, sent2);
    }

    @Test
    void aLaterPageOfAFilterNothingMatchesAnyMoreIsEmpty() {
        Communication draft = communication(org).build();
        insert(draft);
        CommunicationFilter drafts = CommunicationFilter.builder().status(CommunicationStatus.DRAFT).build();
        CommunicationKey after = keyOf(draft);
        write(org, tx -> tx.updateCommunication(CommunicationBuilder.from(draft).nextVersion().sent().build(), draft.version()));

        for (CommunicationFilter f : List.of(drafts, CommunicationFilter.builder().blockId("block-never").build(),
                CommunicationFilter.builder().unitId("unit-never").build(),
                CommunicationFilter.builder().communicationType(CommunicationType.AGM_NOTICE).build())) {
            assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(f, after, 10))).as("%s", f).isEmpty();
        }
    }
}
