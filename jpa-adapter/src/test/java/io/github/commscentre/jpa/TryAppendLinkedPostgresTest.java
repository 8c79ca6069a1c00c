package io.github.commscentre.jpa;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.Communication;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.spi.StoreTransaction;
import io.github.commscentre.testkit.StoreTestData;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

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
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement(
                    "select 1 from cc_audit_chain_head where organisation_id = ? for no key update")) {
                lock.setString(1, org);
                lock.executeQuery().close();
            }
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

    private List<AuditEvent> linked() {
        List<AuditEvent> events = new ArrayList<>();
        DATABASE.store().read(org, tx -> {
            tx.forEachAuditEvent(events::add);
            return null;
        });
        return events;
    }
}
