package io.github.commscentre.jpa;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;

import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.spi.CommunicationStore.StoreWork;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.jdbc.ReturningWork;

import java.util.function.Supplier;

/**
 * Runs the store's work inside the host's own transaction, when the host has one: the store never commits or rolls
 * it back. When the work fails after it wrote something, or a statement failed (PostgreSQL then refuses every further
 * statement of the transaction), it marks the host's transaction rollback-only: half of a call must never be
 * committed. When the work fails before either (a record not found, a state check, bad input, a refused role), the
 * host's transaction is left exactly as usable as it was, so that a host may catch the exception and go on.
 */
final class HostTransactions {

    /** May be {@code null}: the host gave no provider, and every call runs in a transaction of its own. */
    private final Supplier<EntityManager> entityManagerProvider;
    private final SqlDialect dialect;
    private final int batchSize;

    HostTransactions(Supplier<EntityManager> entityManagerProvider, SqlDialect dialect, int batchSize) {
        this.entityManagerProvider = entityManagerProvider;
        this.dialect = dialect;
        this.batchSize = batchSize;
    }

    /** @return the host's entity manager if it is joined to an active transaction, otherwise {@code null} */
    EntityManager joinable() {
        if (entityManagerProvider == null) {
            return null;
        }
        EntityManager em;
        try {
            em = entityManagerProvider.get();
        } catch (RuntimeException e) {
            throw CommunicationCentreException.unavailable("the host's entity manager provider failed", e);
        }
        if (em == null) {
            return null;
        }
        try {
            return em.isOpen() && em.isJoinedToTransaction() ? em : null;
        } catch (RuntimeException e) {
            // A shared or closed entity manager outside any transaction: the store runs its own.
            return null;
        }
    }

    /** Runs the work in the transaction of {@code em}, which {@link #joinable} returned. */
    <T> T run(EntityManager em, String organisationId, StoreWork<T> work, boolean readOnly) {
        Session session;
        Integer previousBatchSize;
        try {
            session = em.unwrap(Session.class);
            previousBatchSize = session.getJdbcBatchSize();
            // The host's factory may not batch at all; batch our inserts without changing its setting for long.
            session.setJdbcBatchSize(batchSize);
        } catch (RuntimeException e) {
            markRollbackOnly(em, e);
            throw StoreFailures.translate(e, "joining the host's transaction");
        }
        TransactionContext context = new TransactionContext(em, organisationId, dialect, batchSize, false, true,
                action -> runAfterHostCommit(session, action));
        try {
            T result = work.execute(new JpaStoreTransaction(context, readOnly));
            if (!readOnly) {
                context.noteWrite(); // a failing flush may have written part of what was pending
                em.flush();
            }
            return result;
        } catch (RuntimeException | Error e) {
            if (context.failureDoomsTransaction() || StoreFailures.isPersistenceFailure(e) || e instanceof Error) {
                markRollbackOnly(em, e);
            }
            throw StoreFailures.passThroughOrTranslate(e, "working in the host's transaction");
        } finally {
            try {
                session.setJdbcBatchSize(previousBatchSize);
            } catch (RuntimeException ignored) {
                // The session is already unusable; the host sees that on its own next call.
            }
        }
    }

    /**
     * Registers the action with the host's transaction (resource-local or JTA, through Hibernate), to run once it has
     * committed; never when it rolls back. The host does nothing for it.
     */
    private static void runAfterHostCommit(Session session, Runnable action) {
        session.getTransaction().registerSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // Nothing to do before the host commits.
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    action.run();
                }
            }
        });
    }

    /**
     * Runs plain JDBC on the connection of the host's transaction, so that it sees what the host wrote in it. A failing
     * statement marks the host's transaction rollback-only: PostgreSQL refuses every later statement of it anyway.
     */
    <T> T onConnection(EntityManager em, ReturningWork<T> work) {
        try {
            return em.unwrap(Session.class).doReturningWork(work);
        } catch (RuntimeException e) {
            markRollbackOnly(em, e);
            throw e;
        }
    }

    static void markRollbackOnly(EntityManager em, Throwable failure) {
        try {
            em.getTransaction().setRollbackOnly();
        } catch (RuntimeException notResourceLocal) {
            // JTA, or a container's shared entity manager that refuses getTransaction(): ask Hibernate directly.
            try {
                em.unwrap(SharedSessionContractImplementor.class).markForRollbackOnly();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
