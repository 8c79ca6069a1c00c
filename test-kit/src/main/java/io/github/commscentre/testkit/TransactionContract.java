package io.github.commscentre.testkit;

import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.spi.RecipientStats;
import io.github.commscentre.spi.StoreTransaction;
import io.github.commscentre.testkit.StoreTestData.CommunicationBuilder;
import io.github.commscentre.testkit.StoreTestData.RecipientBuilder;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static io.github.commscentre.testkit.StoreTestData.summaries;
import static io.github.commscentre.testkit.StoreTestData.auditEvent;
import static io.github.commscentre.testkit.StoreTestData.communication;
import static io.github.commscentre.testkit.StoreTestData.recipient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A unit of work is atomic: work that throws leaves nothing behind (updates and deletes restored exactly) and its
 * exception reaches the caller unchanged; a read unit of work cannot write; nothing the store returns can change
 * what it stores.
 */
abstract class TransactionContract extends StoreContractFixture {

    @Test
    void writeAndReadReturnTheWorksResult() {
        Object token = new Object();
        assertThat(store().<Object>write(org, tx -> token)).isSameAs(token);
        assertThat(store().<Object>read(org, tx -> token)).isSameAs(token);
        assertThat(store().<Object>write(org, tx -> null)).isNull();
    }

    @Test
    void workThatWritesThenThrowsLeavesNothingAndTheSameExceptionIsRethrown() {
        Communication c = communication(org).blockId("block-1").build();
        Recipient r = recipient(c, "unit-1", 1).build();
        IllegalStateException failure = new IllegalStateException("boom after writing");

        Throwable thrown = catchThrowable(() -> store().write(org, tx -> {
            tx.insertCommunication(c);
            tx.insertRecipients(List.of(r));
            tx.tryLockAuditChain().orElseThrow();
            tx.appendAuditEvents(List.of(auditEvent(org, 1, c.id()).build(), auditEvent(org, 2, c.id()).build()));
            assertThat(tx.findCommunication(c.id())).contains(c);
            throw failure;
        }));

        assertThat(thrown).isSameAs(failure);
        assertThat(find(org, c.id())).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(), null, 10))).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(CommunicationFilter.builder().blockId("block-1").build()))).isZero();
        assertThat(recipientsOf(org, c.id())).isEmpty();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.lockRecipient(r.id()))).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.recipientStats(c.id()))).isEqualTo(RecipientStats.none());
        assertThat(allEvents(org)).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.auditEventsOf(c.id()))).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead())).isEqualTo(AuditChainHead.empty(org));

        // Nothing half-done blocks a retry of the same work.
        store().write(org, tx -> {
            tx.insertCommunication(c);
            tx.insertRecipients(List.of(r));
            tx.appendAuditEvents(List.of(auditEvent(org, 1, c.id()).build()));
            return null;
        });
        assertThat(find(org, c.id())).contains(c);
        assertThat(recipientsOf(org, c.id())).containsExactly(r);
    }

    @Test
    void rollbackRestoresUpdatedAndDeletedRowsExactly() {
        Communication updatedOne = communication(org).blockId("block-1").build();
        Communication deletedOne = communication(org).blockId("block-2").createdAt(StoreTestData.BASE.plusSeconds(1)).build();
        insert(updatedOne, deletedOne);
        Recipient tracked = recipient(updatedOne, "unit-1", 1).build();
        Recipient deletedWith = recipient(deletedOne, "unit-2", 1).build();
        insertRecipients(List.of(tracked));
        insertRecipients(List.of(deletedWith));
        AuditEvent event = auditEvent(org, 1, updatedOne.id()).build();
        append(org, event);
        RuntimeException failure = new CommunicationCentreException(ErrorCode.CONFLICT, "simulated lost race");

        Throwable thrown = catchThrowable(() -> store().write(org, tx -> {
            assertThat(tx.updateCommunication(CommunicationBuilder.from(updatedOne).nextVersion().sent().build(), 0)).isTrue();
            assertThat(tx.updateRecipient(RecipientBuilder.from(tracked).status(DeliveryStatus.OPENED).build(),
                    DeliveryStatus.PENDING)).isTrue();
            assertThat(tx.deleteCommunication(deletedOne.id(), 0)).isTrue();
            tx.tryLockAuditChain().orElseThrow();
            tx.appendAuditEvents(List.of(auditEvent(org, 2, updatedOne.id()).build()));
            throw failure;
        }));

        assertThat(thrown).isSameAs(failure);
        assertThat(find(org, updatedOne.id())).contains(updatedOne);
        assertThat(find(org, deletedOne.id())).contains(deletedOne);
        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(), null, 10)))
                .containsExactlyElementsOf(summaries(deletedOne, updatedOne));
        assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(CommunicationFilter.builder().status(CommunicationStatus.DRAFT).build())))
                .isEqualTo(2);
        assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(CommunicationFilter.builder().blockId("block-2").build()))).isEqualTo(1);
        assertThat(recipientsOf(org, updatedOne.id())).containsExactly(tracked);
        assertThat(recipientsOf(org, deletedOne.id())).containsExactly(deletedWith);
        assertThat(read(org, (StoreTransaction tx) -> tx.existingRecipientUnitIds(deletedOne.id(), List.of("unit-2")))).containsExactly("unit-2");
        assertThat(allEvents(org)).containsExactly(event);
        assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead())).isEqualTo(new AuditChainHead(org, 1, event.hash()));
    }

    @Test
    void aConflictInsideTheWorkUndoesEverythingBeforeIt() {
        Communication existing = communication(org).build();
        insert(existing);
        Communication fresh = communication(org).build();

        Throwable thrown = catchThrowable(() -> store().write(org, tx -> {
            tx.insertCommunication(fresh);
            tx.appendAuditEvents(List.of(auditEvent(org, 1, fresh.id()).build()));
            tx.insertCommunication(existing);
            return null;
        }));

        assertThat(thrown).isInstanceOf(CommunicationCentreException.class);
        assertThat(((CommunicationCentreException) thrown).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(find(org, fresh.id())).isEmpty();
        assertThat(find(org, existing.id())).contains(existing);
        assertThat(allEvents(org)).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead())).isEqualTo(AuditChainHead.empty(org));
    }

    @Test
    void readUnitsOfWorkCannotWrite() {
        Communication existing = communication(org).build();
        insert(existing);
        Recipient recipient = recipient(existing, "unit-1", 1).build();
        insertRecipients(List.of(recipient));
        Communication fresh = communication(org).build();
        Map<String, Consumer<StoreTransaction>> writes = new LinkedHashMap<>();
        writes.put("insertCommunication", tx -> tx.insertCommunication(fresh));
        writes.put("updateCommunication", tx -> tx.updateCommunication(
                CommunicationBuilder.from(existing).nextVersion().subject("changed in read").build(), 0));
        writes.put("deleteCommunication", tx -> tx.deleteCommunication(existing.id(), 0));
        writes.put("insertRecipients", tx -> tx.insertRecipients(List.of(recipient(existing, "unit-2", 2).build())));
        writes.put("updateRecipient", tx -> tx.updateRecipient(
                RecipientBuilder.from(recipient).status(DeliveryStatus.FAILED).build(), DeliveryStatus.PENDING));
        writes.put("appendAuditEvents", tx -> tx.appendAuditEvents(List.of(auditEvent(org, 1, existing.id()).build())));
        writes.put("claimRecipients", tx -> tx.claimRecipients(existing.id(), DispatchClaimsContract.NOW, java.util.UUID.randomUUID(),
                DispatchClaimsContract.LEASE, 10));
        writes.put("recordDispatchOutcomes", tx -> tx.recordDispatchOutcomes(java.util.UUID.randomUUID(),
                List.of(RecipientBuilder.from(recipient).status(DeliveryStatus.ACCEPTED).build())));

        writes.forEach((name, operation) -> {
            Throwable thrown = catchThrowable(() -> store().read(org, tx -> {
                operation.accept(tx);
                return null;
            }));
            assertThat(thrown).as(name + " inside read").isInstanceOfAny(IllegalStateException.class, CommunicationCentreException.class);
        });

        assertThat(find(org, existing.id())).contains(existing);
        assertThat(find(org, fresh.id())).isEmpty();
        assertThat(recipientsOf(org, existing.id())).containsExactly(recipient);
        assertThat(allEvents(org)).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead())).isEqualTo(AuditChainHead.empty(org));
    }

    @Test
    void returnedCollectionsCannotChangeStoredState() {
        Communication c = communication(org).build();
        insert(c);
        Recipient r = recipient(c, "unit-1", 1).build();
        insertRecipients(List.of(r));
        AuditEvent e = auditEvent(org, 1, c.id()).type(AuditEventType.RECIPIENTS_ADDED).unitIds(List.of("unit-1")).build();
        append(org, e);

        List<CommunicationSummary> listed = read(org, tx -> tx.listCommunications(CommunicationFilter.all(), null, 10));
        List<Recipient> recipients = recipientsOf(org, c.id());
        Set<String> existing = read(org, tx -> tx.existingRecipientUnitIds(c.id(), List.of("unit-1")));
        List<AuditEvent> events = read(org, tx -> tx.auditEventsOf(c.id()));
        tryToMutate(() -> listed.clear());
        tryToMutate(() -> recipients.add(recipient(c, "unit-2", 2).build()));
        tryToMutate(() -> existing.add("unit-9"));
        tryToMutate(() -> events.clear());
        tryToMutate(() -> events.get(0).unitIds().clear());
        tryToMutate(() -> events.get(0).details().clear());

        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(), null, 10)))
                .containsExactlyElementsOf(summaries(c));
        assertThat(recipientsOf(org, c.id())).containsExactly(r);
        assertThat(read(org, (StoreTransaction tx) -> tx.existingRecipientUnitIds(c.id(), List.of("unit-1", "unit-9")))).containsExactly("unit-1");
        assertThat(read(org, (StoreTransaction tx) -> tx.auditEventsOf(c.id()))).containsExactly(e);
        assertThat(allEvents(org).get(0).unitIds()).containsExactly("unit-1");
    }

    private static void tryToMutate(Runnable mutation) {
        try {
            mutation.run();
        } catch (UnsupportedOperationException expected) {
            // An unmodifiable copy is as good as a modifiable one: either way stored state stays as it was.
        }
    }
}
