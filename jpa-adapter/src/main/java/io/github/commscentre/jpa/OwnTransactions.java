package io.github.commscentre.jpa;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.commscentre.spi.CommunicationStore.StoreWork;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.FlushModeType;
import org.hibernate.Session;

/**
 * Runs the store's work in a transaction of its own, on an entity manager of its own: committed after a write,
 * rolled back after a read, which sees one snapshot of the database.
 */
final class OwnTransactions {

    private final EntityManagerFactory emf;
    private final SqlDialect dialect;
    private final int batchSize;

    OwnTransactions(EntityManagerFactory emf, SqlDialect dialect, int batchSize) {
        this.emf = emf;
        this.dialect = dialect;
        this.batchSize = batchSize;
    }

    <T> T run(String organisationId, StoreWork<T> work, boolean readOnly) {
        EntityManager em = StoreFailures.openEntityManager(emf);
        EntityTransaction tx;
        try {
            Session session = em.unwrap(Session.class);
            session.setJdbcBatchSize(batchSize);
            if (readOnly) {
                session.setDefaultReadOnly(true);
                em.setFlushMode(FlushModeType.COMMIT);
            }
            tx = em.getTransaction();
            tx.begin();
        } catch (RuntimeException e) {
            em.close();
            throw StoreFailures.translate(e, "beginning a transaction");
        }
        Object readState = null;
        boolean readStarted = false;
        try {
            if (readOnly) {
                readState = beginConsistentRead(em);
                readStarted = true;
            }
            List<Runnable> afterCommit = new ArrayList<>();
            TransactionContext context = new TransactionContext(em, organisationId, dialect, batchSize, false, false,
                    afterCommit::add);
            T result = work.execute(new JpaStoreTransaction(context, readOnly));
            if (readOnly) {
                readStarted = false;
                endConsistentRead(em, readState);
                tx.rollback();
            } else {
                tx.commit();
            }
            runAfterCommit(em, afterCommit);
            return result;
        } catch (RuntimeException | Error e) {
            if (readStarted) {
                // Whatever went wrong, the pooled connection must not keep the read's isolation level.
                try {
                    endConsistentRead(em, readState);
                } catch (RuntimeException restoreFailure) {
                    e.addSuppressed(restoreFailure);
                }
            }
            rollbackQuietly(tx, e);
            throw StoreFailures.passThroughOrTranslate(e, readOnly ? "reading" : "writing");
        } finally {
            try {
                if (em.isOpen()) {
                    em.close();
                }
            } catch (RuntimeException ignored) {
                // Closing after a failed rollback can fail too; the first failure is the one reported.
            }
        }
    }

    /** @return organisations with pending audit events, each once: a statement not bound to one organisation */
    List<String> organisationsWithPendingAuditEvents(int limit) {
        return organisations("finding pending audit events",
                "select distinct organisation_id from cc_audit_event where sequence is null fetch first ? rows only",
                statement -> statement.setInt(1, limit));
    }

    /** @return organisations with communications due at {@code now}, each once: a statement not bound to one organisation */
    List<String> organisationsWithDueCommunications(Instant now, int limit) {
        return organisations("finding due communications", DispatchQueries.ORGANISATIONS_WITH_DUE, statement -> {
            JdbcTime.setInstant(statement, 1, now);
            statement.setInt(2, limit);
        });
    }

    /** Binds a statement's parameters. */
    @FunctionalInterface
    private interface Binding {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** One statement answering organisation ids, on a connection of its own, in no transaction that outlives it. */
    private List<String> organisations(String action, String sql, Binding binding) {
        EntityManager em = StoreFailures.openEntityManager(emf);
        try {
            return em.unwrap(Session.class).doReturningWork(connection -> {
                List<String> found = new ArrayList<>();
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    binding.bind(statement);
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            found.add(rs.getString(1));
                        }
                    }
                }
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
                return found;
            });
        } catch (RuntimeException e) {
            throw StoreFailures.passThroughOrTranslate(e, action);
        } finally {
            em.close();
        }
    }

    /** After the commit, with this entity manager's connection back in the pool: an action may need one. */
    private static void runAfterCommit(EntityManager em, List<Runnable> actions) {
        if (actions.isEmpty()) {
            return;
        }
        try {
            em.close();
        } catch (RuntimeException ignored) {
            // The work has committed; a failure to close is not the host's to see.
        }
        actions.forEach(Runnable::run);
    }

    private Object beginConsistentRead(EntityManager em) {
        try {
            return em.unwrap(Session.class).doReturningWork(dialect::beginConsistentRead);
        } catch (RuntimeException e) {
            throw StoreFailures.translate(e, "beginning a read");
        }
    }

    private void endConsistentRead(EntityManager em, Object state) {
        try {
            em.unwrap(Session.class).doWork(connection -> dialect.endConsistentRead(connection, state));
        } catch (RuntimeException e) {
            throw StoreFailures.translate(e, "ending a read");
        }
    }

    private static void rollbackQuietly(EntityTransaction tx, Throwable failure) {
        try {
            if (tx.isActive()) {
                tx.rollback();
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
