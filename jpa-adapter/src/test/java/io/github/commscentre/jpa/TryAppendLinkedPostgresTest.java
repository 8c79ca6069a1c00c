package io.github.commscentre.jpa;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.Communication;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.spi.StoreTransaction;
import io.github.commscentre.spi.UpdateAndAppend;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import io.github.commscentre.testkit.StoreTestData;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On PostgreSQL the usual write appends its event linked in the statement that tries the chain lock, when the facade's
 * guess of the chain's end is right ({@code COMMS_TEST_POSTGRES_URL}; skipped with the reason printed when unset). The
 * contract suite proves that a wrong guess writes nothing on every store; this proves that a right one is taken here,
 * and that the lock and the host's transaction are respected as by {@code tryLockAuditChain}.
 */
class TryAppendLinkedPostgresTest {

    @RegisterExtension
    static final PerClassDatabase DATABASE = new PerClassDatabase(TestDatabase::postgres);

    private final String org = StoreTestData.newOrganisationId();
    private AuditEvent first;
    private AuditEvent second;
    private AuditChainHead end;

    /** A chain of one event, linked, and a second event linked after it. */
    @BeforeEach
    void aChainOfOne() {
        Communication c = StoreTestData.communication(org).build();
        AuditEvent pending = StoreTestData.auditEvent(org, 1, c.id()).buildPending();
        DATABASE.store().write(org, tx -> {
            tx.appendAuditEvents(List.of(pending));
            return null;
        });
        first = pending.linkedAt(1, AuditEvent.GENESIS_HASH, StoreTestData.hash("one"));
        DATABASE.store().writeDetached(org, tx -> {
            tx.tryLockAuditChain().orElseThrow();
            tx.linkAuditEvents(List.of(first));
            return null;
        });
        end = new AuditChainHead(org, 1, first.hash());
        second = StoreTestData.auditEvent(org, 2, c.id()).buildPending().linkedAt(2, first.hash(), StoreTestData.hash("two"));
    }

    @Test
    void aRightGuessAppendsInOneStatementAndMovesTheHead() {
        CountingDataSource counting = new CountingDataSource(DATABASE.database().dataSource());
        JpaCommunicationStore store = JpaCommunicationStore.builder(DATABASE.database().hostFactory(counting.dataSource())).build();
        counting.reset();

        assertThat(store.write(org, (StoreTransaction tx) -> tx.tryAppendLinkedAfter(end, second))).isTrue();

        assertThat(counting.statements()).isEqualTo(1);
        assertThat(linked()).containsExactly(first, second);
        assertThat(DATABASE.store().read(org, (StoreTransaction tx) -> tx.auditChainHead()))
                .isEqualTo(new AuditChainHead(org, 2, second.hash()));
    }

    @Test
    void aChainLockHeldByAnotherTransactionIsSkippedAndNothingWritten() throws SQLException {
        try (Connection other = DATABASE.database().connect()) {
            lockTheHead(other);
            assertThat(DATABASE.store().write(org, (StoreTransaction tx) -> tx.tryAppendLinkedAfter(end, second))).isFalse();
            other.rollback();
        }
        assertThat(linked()).containsExactly(first);
    }

    @Test
    void insideTheHostsTransactionTheLockIsNeverTaken() {
        EntityManager host = DATABASE.hostFactory().createEntityManager();
        try {
            JpaCommunicationStore joined = JpaCommunicationStore.builder(DATABASE.hostFactory())
                    .entityManagerProvider(() -> host).build();
            host.getTransaction().begin();
            assertThat(joined.write(org, (StoreTransaction tx) -> tx.tryAppendLinkedAfter(end, second))).isFalse();
            host.getTransaction().commit();
        } finally {
            host.close();
        }
        assertThat(linked()).containsExactly(first);
    }

    @Test
    void aStatusUpdateAndItsEventAtARightGuessAreOneStatement() {
        Recipient r = aPendingRecipient();
        CountingDataSource counting = new CountingDataSource(DATABASE.database().dataSource());
        JpaCommunicationStore store = JpaCommunicationStore.builder(DATABASE.database().hostFactory(counting.dataSource())).build();
        counting.reset();

        assertThat(store.write(org, (StoreTransaction tx) -> tx.updateRecipientAndTryAppendLinked(delivered(r),
                DeliveryStatus.PENDING, end, second))).isEqualTo(UpdateAndAppend.REPLACED_AND_APPENDED);

        assertThat(counting.statements()).isEqualTo(1);
        assertThat(recipient(r).deliveryStatus()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(linked()).containsExactly(first, second);
        assertThat(DATABASE.store().read(org, (StoreTransaction tx) -> tx.auditChainHead()))
                .isEqualTo(new AuditChainHead(org, 2, second.hash()));
    }

    /** While a linker of the organisation is at work, the update and its pending event are one statement too. */
    @Test
    void aStatusUpdateAndItsPendingEventAreOneStatement() {
        Recipient r = aPendingRecipient();
        Recipient stale = aPendingRecipient();
        AuditEvent pending = StoreTestData.auditEvent(org, 3, r.communicationId()).buildPending();
        CountingDataSource counting = new CountingDataSource(DATABASE.database().dataSource());
        JpaCommunicationStore store = JpaCommunicationStore.builder(DATABASE.database().hostFactory(counting.dataSource())).build();
        counting.reset();

        assertThat(store.write(org, (StoreTransaction tx) -> tx.updateRecipientAndAppendPending(delivered(r),
                DeliveryStatus.PENDING, pending))).isTrue();
        assertThat(counting.statements()).isEqualTo(1);
        assertThat(store.write(org, (StoreTransaction tx) -> tx.updateRecipientAndAppendPending(delivered(stale),
                DeliveryStatus.ACCEPTED, StoreTestData.auditEvent(org, 4, r.communicationId()).buildPending()))).isFalse();
        assertThat(counting.statements()).isEqualTo(2);

        assertThat(recipient(r).deliveryStatus()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(recipient(stale).deliveryStatus()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(DATABASE.store().read(org, (StoreTransaction tx) -> tx.pendingAuditEvents(10))).containsExactly(pending);
        assertThat(linked()).containsExactly(first);
    }

    /** Through the facade: the usual status update reads the recipient and writes everything in a second statement. */
    @Test
    void theUsualStatusUpdateIsTwoStatements() {
        CountingDataSource counting = new CountingDataSource(DATABASE.database().dataSource());
        JpaCommunicationStore store = JpaCommunicationStore.builder(DATABASE.database().hostFactory(counting.dataSource())).build();
        String own = StoreTestData.newOrganisationId();
        Caller admin = Caller.admin(own, "user-1");
        CommunicationCentre centre = CommunicationCentre.builder().store(store)
                .directory(new InMemoryPropertyDirectory().addUnits(own, "block-1", "unit-", 2)).build();
        Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "Tracking").build());
        centre.addRecipients(admin, c.id(), List.of("unit-1", "unit-2"));
        List<Recipient> recipients = centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first(10)).items();

        counting.reset();
        centre.updateRecipientStatus(admin, recipients.get(0).id(), DeliveryStatus.DELIVERED);
        assertThat(counting.statements()).as("the recipient read, then its update, event and chain link").isEqualTo(2);
        counting.reset();
        centre.updateRecipientStatus(admin, recipients.get(1).id(), DeliveryStatus.BOUNCED, "mailbox full");
        assertThat(counting.statements()).isEqualTo(2);

        assertThat(DATABASE.store().read(own, (StoreTransaction tx) -> tx.pendingAuditEvents(10))).isEmpty();
        AuditVerification verified = centre.verifyAuditTrail(admin);
        assertThat(verified.intact()).isTrue();
        assertThat(verified.eventsChecked()).isEqualTo(4);
    }

    @Test
    void aStatusUpdateWithTheChainLockHeldElsewhereUpdatesAloneWithoutWaiting() throws SQLException {
        Recipient r = aPendingRecipient();
        try (Connection other = DATABASE.database().connect()) {
            lockTheHead(other);
            assertThat(DATABASE.store().write(org, (StoreTransaction tx) -> tx.updateRecipientAndTryAppendLinked(
                    delivered(r), DeliveryStatus.PENDING, end, second))).isEqualTo(UpdateAndAppend.REPLACED_NOT_APPENDED);
            other.rollback();
        }
        assertThat(recipient(r).deliveryStatus()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(linked()).containsExactly(first);
    }

    /**
     * A recipient another transaction is changing: the statement waits for it without holding the chain lock meanwhile
     * (a third transaction takes it at once), and once the other commits, the compare-and-set misses and nothing is
     * appended.
     */
    @Test
    void aStatusUpdateWaitingForTheRecipientHoldsNoChainLockAndAppendsNothingWhenItMisses() throws Exception {
        Recipient r = aPendingRecipient();
        ExecutorService waiter = Executors.newSingleThreadExecutor();
        try (Connection other = DATABASE.database().connect(); Connection third = DATABASE.database().connect()) {
            other.setAutoCommit(false);
            try (PreparedStatement accept = other.prepareStatement(
                    "update cc_recipient set delivery_status = 'accepted' where organisation_id = ? and id = ?")) {
                accept.setString(1, org);
                accept.setObject(2, r.id());
                assertThat(accept.executeUpdate()).isEqualTo(1);
            }
            Future<UpdateAndAppend> update = waiter.submit(() -> DATABASE.store().write(org, (StoreTransaction tx) ->
                    tx.updateRecipientAndTryAppendLinked(delivered(r), DeliveryStatus.PENDING, end, second)));
            awaitWaitingForALock(third);
            assertThat(update).isNotDone();
            third.setAutoCommit(false);
            try (PreparedStatement lock = third.prepareStatement(
                    "select 1 from cc_audit_chain_head where organisation_id = ? for no key update nowait")) {
                lock.setString(1, org);
                lock.executeQuery().close();
            }
            third.rollback();
            other.commit();
            assertThat(update.get(30, TimeUnit.SECONDS)).isEqualTo(UpdateAndAppend.NOT_REPLACED);
        } finally {
            waiter.shutdownNow();
        }
        assertThat(recipient(r).deliveryStatus()).isEqualTo(DeliveryStatus.ACCEPTED);
        assertThat(linked()).containsExactly(first);
    }

    /** Takes the chain lock in a transaction of {@code other}'s, held until it ends. */
    private void lockTheHead(Connection other) throws SQLException {
        other.setAutoCommit(false);
        try (PreparedStatement lock = other.prepareStatement(
                "select 1 from cc_audit_chain_head where organisation_id = ? for no key update")) {
            lock.setString(1, org);
            lock.executeQuery().close();
        }
    }

    private static void awaitWaitingForALock(Connection observer) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (PreparedStatement waiting = observer.prepareStatement(
                    "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()"
                            + " and query like 'with updated as (update cc_recipient%'");
                 ResultSet rs = waiting.executeQuery()) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the status update never waited for the recipient's lock");
    }

    private Recipient aPendingRecipient() {
        Communication c = StoreTestData.communication(org).build();
        Recipient r = StoreTestData.recipient(c, "unit-1", 1).build();
        DATABASE.store().write(org, tx -> {
            tx.insertCommunication(c);
            tx.insertRecipients(List.of(r));
            return null;
        });
        return r;
    }

    private static Recipient delivered(Recipient r) {
        Instant at = r.addedAt().plusSeconds(1);
        return r.withDelivery(DeliveryStatus.DELIVERED, at, null, null, at);
    }

    private Recipient recipient(Recipient r) {
        return DATABASE.store().read(org, (StoreTransaction tx) -> tx.findRecipient(r.id())).orElseThrow();
    }

    private List<AuditEvent> linked() {
        List<AuditEvent> events = new ArrayList<>();
        DATABASE.store().read(org, tx -> {
            tx.forEachAuditEvent(events::add);
            return null;
        });
        return events;
    }
}
