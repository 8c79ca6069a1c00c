package io.github.commscentre.testkit;

import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.RecipientChange;
import io.github.commscentre.spi.RecipientStats;
import io.github.commscentre.spi.StoreTransaction;
import io.github.commscentre.testkit.StoreTestData.RecipientBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.github.commscentre.testkit.StoreTestData.communication;
import static io.github.commscentre.testkit.StoreTestData.recipient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Recipients round-trip exactly, one unit at most once per communication (a clash inserts nothing of its batch),
 * come in position order in keyset pages and streams, are counted by status, and change only by compare-and-set
 * on their delivery status.
 */
abstract class RecipientsContract extends StoreContractFixture {

    @Test
    void insertedRecipientsRoundTripEveryField() {
        Communication c = communication(org).build();
        insert(c);
        Recipient full = recipient(c, padded("unit-😀'\"\\%_", 100), 1).name(TRICKY).email("o'brien+tag@exämple.com")
                .status(DeliveryStatus.BOUNCED).deliveredAt(Instant.parse("2026-03-03T00:00:00.000001Z"))
                .openedAt(Instant.parse("2026-03-04T00:00:00.000002Z")).failureReason(TRICKY + "x".repeat(500))
                .addedAt(Instant.parse("2026-03-02T00:00:00.000003Z")).updatedAt(Instant.parse("2026-03-05T00:00:00.000004Z"))
                .addedBy(padded("user-שלום", 100)).providerMessageId(padded("<msg-😀'\"\\%_@provider.example>", 500)).attempts(7)
                .nextAttemptAt(Instant.parse("2026-03-06T00:00:00.000005Z")).build();
        Recipient vacant = recipient(c, "unit-vacant", 2).name(null).email(null).build();
        insertRecipients(List.of(full, vacant));

        assertThat(recipientsOf(org, c.id())).containsExactly(full, vacant);
        store().write(org, tx -> {
            assertThat(tx.lockRecipient(full.id())).contains(full);
            assertThat(tx.lockRecipient(vacant.id())).contains(vacant);
            assertThat(tx.lockRecipient(UUID.randomUUID())).isEmpty();
            List<Recipient> streamed = new ArrayList<>();
            tx.forEachRecipient(c.id(), streamed::add);
            assertThat(streamed).containsExactly(full, vacant);
            return null;
        });
        assertThat(store().write(otherOrg, (StoreTransaction tx) -> tx.lockRecipient(full.id()))).isEmpty();
    }

    @Test
    void insertingAUnitThatIsAlreadyARecipientIsConflictAndInsertsNothingOfTheBatch() {
        Communication c = communication(org).build();
        insert(c);
        Recipient first = recipient(c, "unit-1", 1).build();
        insertRecipients(List.of(first));
        List<Recipient> batch = List.of(recipient(c, "unit-2", 2).build(), recipient(c, "unit-1", 3).build(),
                recipient(c, "unit-3", 4).build());

        Throwable thrown = catchThrowable(() -> insertRecipients(batch));

        assertThat(thrown).isInstanceOf(CommunicationCentreException.class);
        assertThat(((CommunicationCentreException) thrown).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(recipientsOf(org, c.id())).containsExactly(first);
        assertThat(read(org, (StoreTransaction tx) -> tx.recipientStats(c.id())).total()).isEqualTo(1);
    }

    @Test
    void aUnitTwiceInOneBatchIsConflictAndInsertsNothing() {
        Communication c = communication(org).build();
        insert(c);
        List<Recipient> batch = List.of(recipient(c, "unit-1", 1).build(), recipient(c, "unit-2", 2).build(),
                recipient(c, "unit-1", 3).build());

        Throwable thrown = catchThrowable(() -> insertRecipients(batch));

        assertThat(thrown).isInstanceOf(CommunicationCentreException.class);
        assertThat(((CommunicationCentreException) thrown).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(recipientsOf(org, c.id())).isEmpty();
    }

    @Test
    void aUnitMayBeARecipientOfSeveralCommunications() {
        Communication a = communication(org).build();
        Communication b = communication(org).build();
        insert(a, b);
        Recipient ra = recipient(a, "unit-1", 1).build();
        Recipient rb = recipient(b, "unit-1", 1).build();
        insertRecipients(List.of(ra));
        insertRecipients(List.of(rb));

        assertThat(recipientsOf(org, a.id())).containsExactly(ra);
        assertThat(recipientsOf(org, b.id())).containsExactly(rb);
    }

    @Test
    void existingRecipientUnitIdsFindsExactlyTheExistingOnesAmongMoreThan40000Candidates() {
        Communication c = communication(org).build();
        Communication other = communication(org).build();
        insert(c, other);
        List<Recipient> recipients = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            recipients.add(recipient(c, "unit-" + (i * 22), i + 1).build());
        }
        insertRecipients(recipients);
        insertRecipients(List.of(recipient(other, "unit-other-only", 1).build()));
        Set<String> expected = recipients.stream().map(Recipient::unitId).collect(Collectors.toSet());
        List<String> candidates = new ArrayList<>();
        for (int i = 0; i < 45_000; i++) {
            candidates.add("unit-" + i);
        }
        candidates.add("unit-other-only");
        candidates.add(TRICKY);
        Collections.shuffle(candidates, new Random(7));

        Set<String> existing = read(org, tx -> tx.existingRecipientUnitIds(c.id(), candidates));

        // Differences rather than the whole sets, so that a failure message stays readable.
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(existing);
        Set<String> unexpected = new HashSet<>(existing);
        unexpected.removeAll(expected);
        assertThat(missing).as("existing recipients not found").isEmpty();
        assertThat(unexpected).as("found but not recipients").isEmpty();
        assertThat(existing).hasSize(2_000);
        assertThat(read(org, (StoreTransaction tx) -> tx.existingRecipientUnitIds(other.id(), candidates))).containsExactly("unit-other-only");
        assertThat(read(org, (StoreTransaction tx) -> tx.existingRecipientUnitIds(c.id(), List.of()))).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.existingRecipientUnitIds(UUID.randomUUID(), candidates))).isEmpty();
    }

    @Test
    void listRecipientsIsInPositionOrderWithKeysetPagesAndStatusFilter() {
        Communication c = communication(org).build();
        insert(c);
        DeliveryStatus[] cycle = {DeliveryStatus.PENDING, DeliveryStatus.DELIVERED, DeliveryStatus.PENDING,
                DeliveryStatus.BOUNCED, DeliveryStatus.OPENED};
        List<Recipient> recipients = new ArrayList<>();
        long prefix = UUID.randomUUID().getMostSignificantBits();
        for (int position = 1; position <= 25; position++) {
            // Ids run against position order, so that a store ordering by id instead of position fails.
            UUID id = new UUID(prefix, 1000 - position);
            recipients.add(recipient(c, "unit-" + (100 - position), position).id(id).status(cycle[position % cycle.length]).build());
        }
        List<Recipient> shuffled = new ArrayList<>(recipients);
        Collections.shuffle(shuffled, new Random(3));
        insertRecipients(shuffled);

        assertThat(recipientsOf(org, c.id())).containsExactlyElementsOf(recipients);
        assertThat(read(org, (StoreTransaction tx) -> tx.listRecipients(c.id(), null, 0, 4))).containsExactlyElementsOf(recipients.subList(0, 4));
        assertThat(read(org, (StoreTransaction tx) -> tx.listRecipients(c.id(), null, 10, 3))).containsExactlyElementsOf(recipients.subList(10, 13));
        assertThat(read(org, (StoreTransaction tx) -> tx.listRecipients(c.id(), null, 24, 10))).containsExactly(recipients.get(24));
        assertThat(read(org, (StoreTransaction tx) -> tx.listRecipients(c.id(), null, 25, 10))).isEmpty();

        for (DeliveryStatus status : DeliveryStatus.values()) {
            List<Recipient> expected = recipients.stream().filter(r -> r.deliveryStatus() == status).toList();
            List<Recipient> paged = new ArrayList<>();
            long after = 0;
            while (true) {
                long from = after;
                List<Recipient> page = read(org, tx -> tx.listRecipients(c.id(), status, from, 2));
                paged.addAll(page);
                if (page.size() < 2) {
                    break;
                }
                after = page.get(page.size() - 1).position();
            }
            assertThat(paged).as("status %s", status).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void forEachRecipientStreamsEveryRecipientInPositionOrder() {
        Communication c = communication(org).build();
        insert(c);
        List<Recipient> recipients = new ArrayList<>();
        for (int position = 1; position <= 300; position++) {
            recipients.add(recipient(c, "unit-" + position, position).id(UUID.randomUUID()).build());
        }
        List<Recipient> shuffled = new ArrayList<>(recipients);
        Collections.shuffle(shuffled, new Random(11));
        insertRecipients(shuffled.subList(0, 150));
        insertRecipients(shuffled.subList(150, 300));

        List<Recipient> streamed = new ArrayList<>();
        store().read(org, tx -> {
            tx.forEachRecipient(c.id(), streamed::add);
            return null;
        });

        assertThat(streamed).containsExactlyElementsOf(recipients);
    }

    @Test
    void recipientStatsGivesCountsByStatusWithoutEmailAndLargestPosition() {
        Communication c = communication(org).build();
        Communication empty = communication(org).build();
        insert(c, empty);
        insertRecipients(List.of(
                recipient(c, "unit-1", 1).build(),
                recipient(c, "unit-2", 2).email(null).build(),
                recipient(c, "unit-3", 5).status(DeliveryStatus.DELIVERED).build(),
                recipient(c, "unit-4", 3).status(DeliveryStatus.BOUNCED).email(null).name(null).build(),
                recipient(c, "unit-5", 9).status(DeliveryStatus.BOUNCED).build(),
                recipient(c, "unit-6", 4).status(DeliveryStatus.OPENED).build(),
                recipient(c, "unit-7", 6).status(DeliveryStatus.ACCEPTED).providerMessageId("msg-7").attempts(1).build(),
                recipient(c, "unit-8", 7).status(DeliveryStatus.ACCEPTED).providerMessageId("msg-8").attempts(2).build(),
                recipient(c, "unit-9", 8).status(DeliveryStatus.ACCEPTED).attempts(1).build()));

        RecipientStats stats = read(org, tx -> tx.recipientStats(c.id()));

        assertThat(stats.total()).isEqualTo(9);
        assertThat(stats.withoutEmail()).isEqualTo(2);
        assertThat(stats.maxPosition()).isEqualTo(9);
        assertThat(stats.byStatus()).containsExactlyInAnyOrderEntriesOf(Map.of(
                DeliveryStatus.PENDING, 2L, DeliveryStatus.ACCEPTED, 3L, DeliveryStatus.DELIVERED, 1L,
                DeliveryStatus.OPENED, 1L, DeliveryStatus.BOUNCED, 2L, DeliveryStatus.FAILED, 0L));
        assertThat(read(org, (StoreTransaction tx) -> tx.recipientStats(empty.id()))).isEqualTo(RecipientStats.none());
        assertThat(read(org, (StoreTransaction tx) -> tx.recipientStats(UUID.randomUUID()))).isEqualTo(RecipientStats.none());
    }

    @Test
    void updateRecipientReplacesItOnlyWhenTheExpectedStatusMatches() {
        Communication c = communication(org).build();
        insert(c);
        Recipient r = recipient(c, "unit-1", 1).build();
        Recipient other = recipient(c, "unit-2", 2).build();
        insertRecipients(List.of(r, other));
        Instant at = Instant.parse("2026-03-10T10:00:00.000123Z");
        Recipient delivered = RecipientBuilder.from(r).status(DeliveryStatus.DELIVERED).deliveredAt(at).updatedAt(at)
                .providerMessageId("prov-" + TRICKY).attempts(2).build();

        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateRecipient(delivered, DeliveryStatus.DELIVERED))).isFalse();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateRecipient(delivered, DeliveryStatus.OPENED))).isFalse();
        assertThat(recipientsOf(org, c.id())).containsExactly(r, other);

        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateRecipient(delivered, DeliveryStatus.PENDING))).isTrue();
        assertThat(recipientsOf(org, c.id())).containsExactly(delivered, other);
        assertThat(store().write(org, (StoreTransaction tx) -> tx.lockRecipient(r.id()))).contains(delivered);
        assertThat(read(org, (StoreTransaction tx) -> tx.listRecipients(c.id(), DeliveryStatus.DELIVERED, 0, 10))).containsExactly(delivered);
        assertThat(read(org, (StoreTransaction tx) -> tx.recipientStats(c.id())).byStatus().get(DeliveryStatus.DELIVERED)).isEqualTo(1);

        Recipient failed = RecipientBuilder.from(delivered).status(DeliveryStatus.FAILED).failureReason(TRICKY)
                .updatedAt(at.plusSeconds(1)).build();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateRecipient(failed, DeliveryStatus.PENDING))).isFalse();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateRecipient(failed, DeliveryStatus.DELIVERED))).isTrue();
        assertThat(recipientsOf(org, c.id())).containsExactly(failed, other);

        Recipient ghost = RecipientBuilder.from(other).id(UUID.randomUUID()).status(DeliveryStatus.OPENED).build();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateRecipient(ghost, DeliveryStatus.PENDING))).isFalse();
        assertThat(recipientsOf(org, c.id())).containsExactly(failed, other);
    }

    @Test
    void updatesNeverWriteTheSnapshotThatTheRecipientWasAddedWith() {
        Communication c = communication(org).build();
        insert(c);
        Recipient r = recipient(c, "unit-1", 1).build();
        Recipient other = recipient(c, "unit-2", 2).build();
        insertRecipients(List.of(r, other));
        Instant at = Instant.parse("2026-03-10T10:00:00.000123Z");
        // As a facade that read the recipient before an erasure would build it: the old name and email beside the new
        // status. Only the delivery state may reach the store.
        Recipient delivered = RecipientBuilder.from(r).name("Someone Else").email("else@example.com").addedBy("intruder")
                .status(DeliveryStatus.DELIVERED).deliveredAt(at).updatedAt(at).build();
        Recipient bounced = RecipientBuilder.from(other).name("Another Name").email("another@example.com")
                .status(DeliveryStatus.BOUNCED).failureReason("mailbox full").updatedAt(at).build();

        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateRecipient(delivered, DeliveryStatus.PENDING))).isTrue();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateRecipients(
                List.of(new RecipientChange(bounced, DeliveryStatus.PENDING))))).containsExactly(other.id());

        assertThat(recipientsOf(org, c.id())).containsExactly(
                r.withDelivery(DeliveryStatus.DELIVERED, at, null, null, at),
                other.withDelivery(DeliveryStatus.BOUNCED, null, null, "mailbox full", at));
    }
}
