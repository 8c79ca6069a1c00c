package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.spi.StoreTransaction;
import io.github.commscentre.spi.UpdateAndAppend;
import io.github.commscentre.testkit.StoreTestData.RecipientBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static io.github.commscentre.testkit.StoreTestData.auditEvent;
import static io.github.commscentre.testkit.StoreTestData.communication;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Linking after commit. Writers append events pending (no sequence, no hashes); a linker, holding the organisation's
 * chain lock, which it only ever tries, gives them their place once. These rules keep the chain from forking and an
 * event from being linked twice, whoever links, and let a host's transaction write without holding anything the
 * organisation's other writers need.
 */
abstract class AuditLinkingContract extends StoreContractFixture {

    @Test
    void pendingEventsAreKeptInTheOrderAppendedAndOutsideTheChain() {
        Communication c = communication(org).build();
        AuditEvent first = auditEvent(org, 1, c.id()).buildPending();
        AuditEvent second = auditEvent(org, 2, c.id()).buildPending();
        write(org, tx -> tx.appendAuditEvents(List.of(first, second)));

        assertThat(read(org, (StoreTransaction tx) -> tx.pendingAuditEvents(10))).containsExactly(first, second);
        assertThat(read(org, (StoreTransaction tx) -> tx.pendingAuditEvents(1))).containsExactly(first);
        assertThat(read(org, (StoreTransaction tx) -> tx.auditEventsOf(c.id()))).containsExactly(first, second);
        assertThat(allEvents(org)).as("the linked chain").isEmpty();
        List<AuditEvent> streamed = new ArrayList<>();
        store().read(org, tx -> {
            tx.forEachPendingAuditEvent(streamed::add);
            return null;
        });
        assertThat(streamed).containsExactly(first, second);
        assertThat(read(org, (StoreTransaction tx) -> tx.countPendingAuditEvents(List.of(first.id(), second.id(), UUID.randomUUID()))))
                .isEqualTo(2);
        assertThat(store().organisationsWithPendingAuditEvents(100_000)).contains(org).doesNotHaveDuplicates();
    }

    @Test
    void aLinkerGivesPendingEventsTheirPlaceOnceAndMovesTheHead() {
        Communication c = communication(org).build();
        AuditEvent first = auditEvent(org, 1, c.id()).buildPending();
        AuditEvent second = auditEvent(org, 2, c.id()).buildPending();
        write(org, tx -> tx.appendAuditEvents(List.of(first, second)));
        AuditEvent linkedFirst = first.linkedAt(1, AuditEvent.GENESIS_HASH, StoreTestData.hash("one"));
        AuditEvent linkedSecond = second.linkedAt(2, linkedFirst.hash(), StoreTestData.hash("two"));

        store().writeDetached(org, tx -> {
            assertThat(tx.tryLockAuditChain()).contains(AuditChainHead.empty(org));
            tx.linkAuditEvents(List.of(linkedFirst, linkedSecond));
            return null;
        });

        assertThat(allEvents(org)).containsExactly(linkedFirst, linkedSecond);
        assertThat(read(org, (StoreTransaction tx) -> tx.pendingAuditEvents(10))).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.countPendingAuditEvents(List.of(first.id())))).isZero();
        assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead())).isEqualTo(new AuditChainHead(org, 2, linkedSecond.hash()));
        assertThat(store().organisationsWithPendingAuditEvents(100_000)).doesNotContain(org);

        // A second linker with a stale view cannot link the same event again, at another place.
        Throwable again = catchThrowable(() -> store().writeDetached(org, tx -> {
            tx.tryLockAuditChain().orElseThrow();
            tx.linkAuditEvents(List.of(first.linkedAt(3, linkedSecond.hash(), StoreTestData.hash("three"))));
            return null;
        }));
        assertThat(again).isInstanceOf(CommunicationCentreException.class);
        assertThat(((CommunicationCentreException) again).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(allEvents(org)).containsExactly(linkedFirst, linkedSecond);
    }

    @Test
    void aCommunicationsEventsComeLinkedFirstThenPending() {
        Communication c = communication(org).build();
        AuditEvent linked = auditEvent(org, 1, c.id()).build();
        append(org, linked);
        AuditEvent pending = auditEvent(org, 2, c.id()).buildPending();
        write(org, tx -> tx.appendAuditEvents(List.of(pending)));

        assertThat(read(org, (StoreTransaction tx) -> tx.auditEventsOf(c.id()))).containsExactly(linked, pending);
        assertThat(store().write(org, (StoreTransaction tx) -> tx.tryLockAuditChain()))
                .as("the end of the chain is the last linked event").contains(new AuditChainHead(org, 1, linked.hash()));
    }

    @Test
    void aLinkedEventIsAppendedAfterAGuessedEndOnlyWhereTheChainEndsThere() {
        Communication c = communication(org).build();
        AuditEvent first = auditEvent(org, 1, c.id()).build();
        append(org, first);
        AuditEvent second = auditEvent(org, 2, c.id()).buildPending().linkedAt(2, first.hash(), StoreTestData.hash("two"));

        AuditChainHead wrongHash = new AuditChainHead(org, 1, StoreTestData.hash("another"));
        AuditChainHead behind = AuditChainHead.empty(org);
        AuditChainHead beyond = new AuditChainHead(org, 2, StoreTestData.hash("two"));
        for (AuditChainHead guess : List.of(wrongHash, behind, beyond)) {
            assertThat(store().write(org, (StoreTransaction tx) -> tx.tryAppendLinkedAfter(guess, second)))
                    .as("a wrong guess %s writes nothing", guess).isFalse();
        }
        assertThat(allEvents(org)).containsExactly(first);

        // The contract allows a store always to answer false; one that answers true has appended and moved the head.
        boolean appended = store().write(org, (StoreTransaction tx) ->
                tx.tryAppendLinkedAfter(new AuditChainHead(org, 1, first.hash()), second));
        if (appended) {
            assertThat(allEvents(org)).containsExactly(first, second);
            assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead())).isEqualTo(new AuditChainHead(org, 2, second.hash()));
        } else {
            assertThat(allEvents(org)).containsExactly(first);
        }
    }

    @Test
    void aRecipientsUpdateAndItsEventAtAGuessedEndAreWrittenTogetherAndTheEventNeverAlone() {
        Communication c = communication(org).build();
        insert(c);
        Recipient r = StoreTestData.recipient(c, "unit-1", 1).build();
        insertRecipients(List.of(r));
        AuditEvent first = auditEvent(org, 1, c.id()).build();
        append(org, first);
        AuditChainHead end = new AuditChainHead(org, 1, first.hash());
        Instant at = Instant.parse("2026-03-10T10:00:00.000123Z");
        Recipient delivered = RecipientBuilder.from(r).status(DeliveryStatus.DELIVERED).deliveredAt(at).updatedAt(at).build();
        AuditEvent event = auditEvent(org, 2, c.id()).buildPending().linkedAt(2, first.hash(), StoreTestData.hash("two"));

        assertThat(store().write(org, (StoreTransaction tx) ->
                tx.updateRecipientAndTryAppendLinked(delivered, DeliveryStatus.ACCEPTED, end, event)))
                .as("a compare-and-set that misses writes nothing, even at the right end").isEqualTo(UpdateAndAppend.NOT_REPLACED);
        assertThat(recipientsOf(org, c.id())).containsExactly(r);
        assertThat(allEvents(org)).containsExactly(first);

        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateRecipientAndTryAppendLinked(delivered,
                DeliveryStatus.PENDING, new AuditChainHead(org, 1, StoreTestData.hash("another")), event)))
                .as("a wrong guess: the recipient alone").isEqualTo(UpdateAndAppend.REPLACED_NOT_APPENDED);
        assertThat(recipientsOf(org, c.id())).containsExactly(delivered);
        assertThat(allEvents(org)).containsExactly(first);

        Recipient opened = RecipientBuilder.from(delivered).status(DeliveryStatus.OPENED).openedAt(at.plusSeconds(1))
                .updatedAt(at.plusSeconds(1)).build();
        UpdateAndAppend right = store().write(org, (StoreTransaction tx) ->
                tx.updateRecipientAndTryAppendLinked(opened, DeliveryStatus.DELIVERED, end, event));
        // As with tryAppendLinkedAfter, a store may never append at a guess; one that does has moved the head.
        assertThat(right).isIn(UpdateAndAppend.REPLACED_AND_APPENDED, UpdateAndAppend.REPLACED_NOT_APPENDED);
        assertThat(recipientsOf(org, c.id())).containsExactly(opened);
        if (right == UpdateAndAppend.REPLACED_AND_APPENDED) {
            assertThat(allEvents(org)).containsExactly(first, event);
            assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead())).isEqualTo(new AuditChainHead(org, 2, event.hash()));
        } else {
            assertThat(allEvents(org)).containsExactly(first);
        }
    }

    @Test
    void aRecipientsUpdateAndItsPendingEventAreWrittenTogetherAndTheEventNeverAlone() {
        Communication c = communication(org).build();
        insert(c);
        Recipient r = StoreTestData.recipient(c, "unit-1", 1).build();
        insertRecipients(List.of(r));
        Instant at = Instant.parse("2026-03-10T10:00:00.000123Z");
        Recipient delivered = RecipientBuilder.from(r).status(DeliveryStatus.DELIVERED).deliveredAt(at).updatedAt(at).build();
        AuditEvent event = auditEvent(org, 1, c.id()).buildPending();

        assertThat(store().write(org, (StoreTransaction tx) ->
                tx.updateRecipientAndAppendPending(delivered, DeliveryStatus.ACCEPTED, event)))
                .as("a compare-and-set that misses writes nothing").isFalse();
        assertThat(recipientsOf(org, c.id())).containsExactly(r);
        assertThat(read(org, (StoreTransaction tx) -> tx.pendingAuditEvents(10))).isEmpty();

        assertThat(store().write(org, (StoreTransaction tx) ->
                tx.updateRecipientAndAppendPending(delivered, DeliveryStatus.PENDING, event))).isTrue();
        assertThat(recipientsOf(org, c.id())).containsExactly(delivered);
        assertThat(read(org, (StoreTransaction tx) -> tx.pendingAuditEvents(10))).as("pending, outside the chain")
                .containsExactly(event);
        assertThat(allEvents(org)).isEmpty();
    }

    @Test
    void aGuessedEndIsWrongWhileEventsArePending() {
        Communication c = communication(org).build();
        AuditEvent first = auditEvent(org, 1, c.id()).build();
        append(org, first);
        AuditEvent pending = auditEvent(org, 2, c.id()).buildPending();
        write(org, tx -> tx.appendAuditEvents(List.of(pending)));
        AuditEvent next = auditEvent(org, 3, c.id()).buildPending().linkedAt(2, first.hash(), StoreTestData.hash("next"));

        assertThat(store().write(org, (StoreTransaction tx) ->
                tx.tryAppendLinkedAfter(new AuditChainHead(org, 1, first.hash()), next)))
                .as("a pending event comes first").isFalse();
        assertThat(allEvents(org)).containsExactly(first);
        assertThat(read(org, (StoreTransaction tx) -> tx.pendingAuditEvents(10))).containsExactly(pending);
    }

    @Test
    void aFailedLinkLinksNothing() {
        Communication c = communication(org).build();
        AuditEvent pending = auditEvent(org, 1, c.id()).buildPending();
        write(org, tx -> tx.appendAuditEvents(List.of(pending)));

        assertThatThrownBy(() -> store().writeDetached(org, tx -> {
            tx.tryLockAuditChain().orElseThrow();
            tx.linkAuditEvents(List.of(pending.linkedAt(1, AuditEvent.GENESIS_HASH, StoreTestData.hash("one"))));
            throw new IllegalStateException("the linker failed before commit");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(allEvents(org)).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.pendingAuditEvents(10))).containsExactly(pending);
        assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead())).isEqualTo(AuditChainHead.empty(org));
    }

    @Test
    void afterCommitActionsRunOnceTheWritesAreVisibleAndNeverAfterARollback() {
        Communication kept = communication(org).build();
        AtomicReference<Optional<Communication>> seenByAction = new AtomicReference<>();
        store().write(org, tx -> {
            tx.insertCommunication(kept);
            tx.afterCommit(() -> seenByAction.set(store().readDetached(org, other -> other.findCommunication(kept.id()))));
            return null;
        });
        assertThat(seenByAction.get()).as("run after commit, and seeing it").contains(kept);

        Communication lost = communication(org).build();
        AtomicReference<Boolean> ran = new AtomicReference<>(false);
        assertThatThrownBy(() -> store().write(org, tx -> {
            tx.insertCommunication(lost);
            tx.afterCommit(() -> ran.set(true));
            throw new IllegalStateException("rolled back");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(ran.get()).isFalse();
        assertThat(find(org, lost.id())).isEmpty();
    }

    @Test
    void detachedUnitsOfWorkReadAndWriteAsTheirOwn() {
        Communication c = communication(org).build();
        store().writeDetached(org, tx -> {
            tx.insertCommunication(c);
            return null;
        });
        Optional<Communication> found = store().readDetached(org, tx -> tx.findCommunication(c.id()));
        Optional<Communication> foreign = store().readDetached(otherOrg, tx -> tx.findCommunication(c.id()));
        assertThat(found).contains(c);
        assertThat(foreign).isEmpty();
        assertThat(store().readDetached(org, StoreTransaction::organisationId)).isEqualTo(org);
    }
}
