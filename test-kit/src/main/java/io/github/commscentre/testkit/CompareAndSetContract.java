package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.RecipientStats;
import io.github.commscentre.spi.StoreTransaction;
import io.github.commscentre.testkit.StoreTestData.CommunicationBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.github.commscentre.testkit.StoreTestData.summaries;
import static io.github.commscentre.testkit.StoreTestData.auditEvent;
import static io.github.commscentre.testkit.StoreTestData.communication;
import static io.github.commscentre.testkit.StoreTestData.recipient;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Changes are compare-and-set: an update or delete applies only while the stored version (and, for a finished
 * communication, the status) is the one the caller read; otherwise nothing changes and the caller hears
 * {@code false}, so the facade can answer {@code CONFLICT}.
 */
abstract class CompareAndSetContract extends StoreContractFixture {

    @Test
    void updateReplacesTheStoredCommunicationWhenVersionAndStatusMatch() {
        Communication c = communication(org).notes("old").build();
        insert(c);
        Communication updated = CommunicationBuilder.from(c).nextVersion().subject("new subject").bodyHtml(null)
                .channel("portal").notes(TRICKY).status(CommunicationStatus.SCHEDULED)
                .scheduledAt(Instant.parse("2026-05-01T00:00:00.000001Z")).build();

        boolean replaced = store().write(org, tx -> tx.updateCommunication(updated, 0));

        assertThat(replaced).isTrue();
        assertThat(find(org, c.id())).contains(updated);
        Communication again = CommunicationBuilder.from(updated).nextVersion().scheduledAt(null).status(CommunicationStatus.DRAFT).build();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateCommunication(again, 1))).isTrue();
        assertThat(find(org, c.id())).contains(again);
    }

    @Test
    void updateWithAnotherVersionChangesNothing() {
        Communication c = communication(org).version(3).build();
        insert(c);

        for (long expected : new long[]{0, 2, 4, -1}) {
            Communication attempt = CommunicationBuilder.from(c).version(expected + 1).subject("lost").build();
            assertThat(store().write(org, (StoreTransaction tx) -> tx.updateCommunication(attempt, expected))).as("expected %d", expected).isFalse();
        }
        assertThat(find(org, c.id())).contains(c);
    }

    @Test
    void updateCanFinishACommunicationButNeverChangesAFinishedOne() {
        Communication draft = communication(org).build();
        Communication sent = communication(org).sent().build();
        Communication failed = communication(org).failed().build();
        insert(draft, sent, failed);

        Communication marked = CommunicationBuilder.from(draft).nextVersion().sent().build();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateCommunication(marked, 0))).isTrue();
        assertThat(find(org, draft.id())).contains(marked);

        for (Communication finished : List.of(marked, sent, failed)) {
            Communication attempt = CommunicationBuilder.from(finished).nextVersion().subject("rewritten history")
                    .status(CommunicationStatus.DRAFT).build();
            assertThat(store().write(org, (StoreTransaction tx) -> tx.updateCommunication(attempt, finished.version())))
                    .as("update of %s", finished.status()).isFalse();
            assertThat(find(org, finished.id())).contains(finished);
        }
    }

    @Test
    void updateOfAMissingOrForeignCommunicationChangesNothing() {
        Communication c = communication(org).build();
        insert(c);
        Communication foreign = new Communication(c.id(), otherOrg, c.communicationType(), "hijacked", null, null, null,
                "email", CommunicationStatus.DRAFT, null, null, null, null, null, null, "intruder", c.createdAt(),
                c.updatedAt(), 1);

        assertThat(store().write(otherOrg, (StoreTransaction tx) -> tx.updateCommunication(foreign, 0))).isFalse();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateCommunication(
                CommunicationBuilder.from(c).id(UUID.randomUUID()).nextVersion().build(), 0))).isFalse();

        assertThat(find(org, c.id())).contains(c);
        assertThat(find(otherOrg, c.id())).isEmpty();
    }

    @Test
    void statusChangesAreReflectedInFiltersAndCounts() {
        Communication c = communication(org).blockId("block-1").unitId("unit-1").build();
        insert(c);
        CommunicationFilter drafts = CommunicationFilter.builder().status(CommunicationStatus.DRAFT).build();
        CommunicationFilter sentInBlock = CommunicationFilter.builder().blockId("block-1").status(CommunicationStatus.SENT).build();
        CommunicationFilter sentInUnit = CommunicationFilter.builder().unitId("unit-1").status(CommunicationStatus.SENT)
                .communicationType(CommunicationType.NOTICE).build();
        assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(drafts))).isEqualTo(1);

        Communication sent = CommunicationBuilder.from(c).nextVersion().sent().build();
        write(org, tx -> assertThat(tx.updateCommunication(sent, 0)).isTrue());

        assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(drafts))).isZero();
        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(drafts, null, 10))).isEmpty();
        for (CommunicationFilter filter : List.of(sentInBlock, sentInUnit)) {
            assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(filter))).isEqualTo(1);
            assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(filter, null, 10))).containsExactlyElementsOf(summaries(sent));
        }
    }

    @Test
    void deleteRemovesTheCommunicationAndItsRecipientsButKeepsItsAuditEvents() {
        Communication c = communication(org).build();
        Communication kept = communication(org).build();
        insert(c, kept);
        List<Recipient> recipients = List.of(recipient(c, "unit-1", 1).build(), recipient(c, "unit-2", 2).build());
        insertRecipients(recipients);
        Recipient keptRecipient = recipient(kept, "unit-1", 1).build();
        insertRecipients(List.of(keptRecipient));
        AuditEvent created = auditEvent(org, 1, c.id()).build();
        AuditEvent added = auditEvent(org, 2, c.id()).type(AuditEventType.RECIPIENTS_ADDED).unitIds(List.of("unit-1", "unit-2")).build();
        append(org, created, added);

        boolean deleted = store().write(org, tx -> {
            boolean done = tx.deleteCommunication(c.id(), 0);
            AuditEvent deletion = auditEvent(org, 3, c.id()).type(AuditEventType.DELETED).build();
            tx.tryLockAuditChain().orElseThrow();
            tx.appendAuditEvents(List.of(deletion));
            return done;
        });

        assertThat(deleted).isTrue();
        assertThat(find(org, c.id())).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(), null, 10)))
                .containsExactlyElementsOf(summaries(kept));
        assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(CommunicationFilter.all()))).isEqualTo(1);
        assertThat(recipientsOf(org, c.id())).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.recipientStats(c.id()))).isEqualTo(RecipientStats.none());
        assertThat(read(org, (StoreTransaction tx) -> tx.existingRecipientUnitIds(c.id(), List.of("unit-1", "unit-2")))).isEmpty();
        for (Recipient r : recipients) {
            assertThat(store().write(org, (StoreTransaction tx) -> tx.lockRecipient(r.id()))).isEmpty();
        }
        assertThat(recipientsOf(org, kept.id())).containsExactly(keptRecipient);
        assertThat(read(org, (StoreTransaction tx) -> tx.auditEventsOf(c.id()))).extracting(AuditEvent::sequence).containsExactly(1L, 2L, 3L);
        assertThat(read(org, (StoreTransaction tx) -> tx.auditEventsOf(c.id())).subList(0, 2)).containsExactly(created, added);
        assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead()).lastSequence()).isEqualTo(3);
    }

    @Test
    void deleteWithAnotherVersionOrOfAFinishedCommunicationChangesNothing() {
        Communication draft = communication(org).version(2).build();
        Communication scheduled = communication(org).status(CommunicationStatus.SCHEDULED).scheduledAt(StoreTestData.BASE.plusSeconds(9999)).build();
        Communication sent = communication(org).sent().version(1).build();
        Communication failed = communication(org).failed().build();
        // Recipients join a communication before it is finished; a database may refuse them afterwards.
        insert(draft, scheduled, CommunicationBuilder.from(sent).status(CommunicationStatus.DRAFT).sentAt(null).sentBy(null)
                .version(0).build(), failed);
        insertRecipients(List.of(recipient(sent, "unit-1", 1).build()));
        write(org, (StoreTransaction tx) -> tx.updateCommunication(sent, 0));

        assertThat(store().write(org, (StoreTransaction tx) -> tx.deleteCommunication(draft.id(), 1))).isFalse();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.deleteCommunication(draft.id(), 3))).isFalse();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.deleteCommunication(sent.id(), sent.version()))).isFalse();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.deleteCommunication(failed.id(), 0))).isFalse();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.deleteCommunication(UUID.randomUUID(), 0))).isFalse();

        assertThat(find(org, draft.id())).contains(draft);
        assertThat(find(org, sent.id())).contains(sent);
        assertThat(find(org, failed.id())).contains(failed);
        assertThat(recipientsOf(org, sent.id())).hasSize(1);
        assertThat(store().write(org, (StoreTransaction tx) -> tx.deleteCommunication(scheduled.id(), 0))).isTrue();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.deleteCommunication(draft.id(), 2))).isTrue();
        assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(CommunicationFilter.all()))).isEqualTo(2);
    }
}
