package io.github.commscentre.testkit;

import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.spi.CommunicationStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.github.commscentre.testkit.BehaviourChecks.expectError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page of a listing without cursor plumbing ({@code listAll}, {@code listAllRecipients}: lazy streams over keyset
 * pages), and counts by type ({@code countByType}).
 */
abstract class StreamingListsBehaviour extends BehaviourFixture {

    /** Enough for three pages of the largest page size, the last one short. */
    private static final int MANY = 230;

    @Test
    void listAllStreamsEveryPageInListingOrderReadingEachPageOnlyWhenReached() {
        List<UUID> created = createMany(MANY);
        AtomicInteger reads = new AtomicInteger();
        CommunicationCentre counted = centreOver(new ReadCountingStore(store, reads));

        Iterator<CommunicationSummary> stream = counted.listAll(member, CommunicationFilter.all()).iterator();
        assertThat(reads.get()).as("the first page is read at once").isEqualTo(1);
        List<UUID> seen = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            seen.add(stream.next().id());
        }
        assertThat(reads.get()).as("one page of 100 read, the next not yet reached").isEqualTo(1);
        stream.forEachRemaining(c -> seen.add(c.id()));

        assertThat(reads.get()).as("three pages").isEqualTo(3);
        List<UUID> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
        assertThat(seen).containsExactlyElementsOf(listAll(member, CommunicationFilter.all(), 100).stream()
                .map(CommunicationSummary::id).toList());
    }

    @Test
    void listAllNeitherRepeatsNorSkipsWhileOthersCreate() {
        List<UUID> created = createMany(MANY);
        Iterator<CommunicationSummary> stream = centre.listAll(admin, CommunicationFilter.all()).iterator();
        List<UUID> seen = new ArrayList<>();
        while (stream.hasNext()) {
            seen.add(stream.next().id());
            if (seen.size() % 50 == 0) {
                tick();
                create(notice("created while paging").build());
            }
        }
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
    }

    @Test
    void listAllKeepsTheFilterAndIsRefusedAtOnce() {
        createMany(12);
        tick();
        Communication agm = create(NewCommunicationOf.agm("AGM 2030"));
        Communication sentAgm = create(NewCommunicationOf.agm("AGM 2029"));
        centre.markSent(admin, sentAgm.id());

        assertThat(centre.listAll(admin, CommunicationFilter.byType(CommunicationType.AGM_NOTICE)).map(CommunicationSummary::id))
                .containsExactly(sentAgm.id(), agm.id());
        assertThat(centre.listAll(admin, CommunicationFilter.builder().communicationType(CommunicationType.AGM_NOTICE)
                .status(CommunicationStatus.DRAFT).build()).map(CommunicationSummary::id)).containsExactly(agm.id());
        assertThat(centre.listAll(otherMember, CommunicationFilter.all())).isEmpty();
        badRequest("filter.blockId", () -> centre.listAll(admin, CommunicationFilter.builder().blockId("").build()));
        badRequest("filter", () -> centre.listAll(admin, null));
    }

    @Test
    void listAllRecipientsStreamsEveryRecipientInTheOrderAdded() {
        directory.addUnits(org, "block-many", "m-", MANY);
        Communication c = create(notice("To everyone").blockId("block-many").build());
        centre.addBlockRecipients(admin, c.id());
        Recipient third = recipients(c.id()).get(2);
        centre.updateRecipientStatus(admin, third.id(), DeliveryStatus.BOUNCED, "no such address");

        List<Recipient> all = centre.listAllRecipients(member, c.id(), RecipientFilter.all()).toList();

        assertThat(all).hasSize(MANY).containsExactlyElementsOf(recipients(c.id()));
        assertThat(all).extracting(Recipient::position).isSorted();
        assertThat(centre.listAllRecipients(admin, c.id(), RecipientFilter.byStatus(DeliveryStatus.BOUNCED)))
                .extracting(Recipient::id).containsExactly(third.id());
        expectError(ErrorCode.NOT_FOUND, () -> centre.listAllRecipients(admin, UUID.randomUUID(), RecipientFilter.all()));
        expectError(ErrorCode.NOT_FOUND, () -> centre.listAllRecipients(otherAdmin, c.id(), RecipientFilter.all()));
    }

    @Test
    void countByTypeCountsEveryTypeOnOneViewAndAddsUpToCount() {
        create(notice("n1").build());
        create(notice("n2").blockId(BLOCK_A).build());
        create(NewCommunicationOf.agm("agm"));
        create(io.github.commscentre.NewCommunication.builder(CommunicationType.DEMAND_LETTER, "demand").blockId(BLOCK_A).build());
        create(otherAdmin, notice("another organisation's").build());

        Map<CommunicationType, Long> all = centre.countByType(member, CommunicationFilter.all());
        Map<CommunicationType, Long> inBlockA = centre.countByType(admin, CommunicationFilter.builder().blockId(BLOCK_A).build());
        Map<CommunicationType, Long> noticesOnly = centre.countByType(admin, CommunicationFilter.byType(CommunicationType.NOTICE));

        assertThat(all).containsExactly(Map.entry(CommunicationType.CIRCULAR, 0L), Map.entry(CommunicationType.NOTICE, 2L),
                Map.entry(CommunicationType.DEMAND_LETTER, 1L), Map.entry(CommunicationType.AGM_NOTICE, 1L));
        assertThat(all.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(centre.count(admin, CommunicationFilter.all()));
        assertThat(inBlockA).containsEntry(CommunicationType.NOTICE, 1L).containsEntry(CommunicationType.DEMAND_LETTER, 1L)
                .containsEntry(CommunicationType.AGM_NOTICE, 0L).hasSize(4);
        assertThat(noticesOnly).containsEntry(CommunicationType.NOTICE, 2L).containsEntry(CommunicationType.AGM_NOTICE, 0L);
        assertThat(centre.count(admin, CommunicationFilter.byType(CommunicationType.NOTICE))).isEqualTo(2);
        assertThat(centre.countByType(otherMember, CommunicationFilter.all())).containsEntry(CommunicationType.NOTICE, 1L);
        badRequest("filter", () -> centre.countByType(admin, null));
    }

    private List<UUID> createMany(int count) {
        return IntStream.range(0, count).mapToObj(i -> {
            tick();
            return create(notice("Notice " + i).build()).id();
        }).collect(Collectors.toList());
    }

    /** Builders of the other types, which the fixture's helpers do not make. */
    private static final class NewCommunicationOf {
        static io.github.commscentre.NewCommunication agm(String subject) {
            return io.github.commscentre.NewCommunication.builder(CommunicationType.AGM_NOTICE, subject).build();
        }
    }

    /** Counts the facade's read units of work, to see when a page is read. */
    private record ReadCountingStore(CommunicationStore store, AtomicInteger reads) implements ForwardingStore {

        @Override
        public <T> T read(String organisationId, StoreWork<T> work) {
            reads.incrementAndGet();
            return store.read(organisationId, work);
        }
    }
}
