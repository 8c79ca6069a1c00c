package io.github.commscentre.jpa;

import io.github.commscentre.CommunicationCentreException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the queries of one store transaction share: its entity manager, its organisation, the database's dialect,
 * and the guard every persistence operation runs through.
 */
final class TransactionContext {

    /** Rows per keyset page when streaming recipients and audit events. */
    static final int STREAM_PAGE_SIZE = 1_000;

    final EntityManager em;
    final String organisationId;
    final SqlDialect dialect;
    /** Rows per JDBC batch of inserts. */
    final int batchSize;
    /** Set when the work joined the host's transaction, which the store neither ends nor may hold locks in. */
    final boolean hostTransaction;
    /** Where actions to run after commit go: the store's own list, or the host transaction's synchronisations. */
    final java.util.function.Consumer<Runnable> afterCommit;
    /** Set while a read runs without a transaction of its own: it may then read with one statement only. */
    private final boolean singleCall;
    private int calls;
    /** Set once the work has issued a write: from then on a failure dooms the host's transaction. */
    private boolean wrote;
    /** Set when a statement failed: the database may have aborted the transaction (PostgreSQL does). */
    private boolean statementFailed;
    /** Set once {@link SqlDialect#planArrayJoinsAsIndexProbes} has run in this transaction. */
    private boolean arrayJoinsPlanned;

    TransactionContext(EntityManager em, String organisationId, SqlDialect dialect, int batchSize, boolean singleCall,
                       boolean hostTransaction, java.util.function.Consumer<Runnable> afterCommit) {
        this.em = em;
        this.organisationId = organisationId;
        this.dialect = dialect;
        this.batchSize = batchSize;
        this.singleCall = singleCall;
        this.hostTransaction = hostTransaction;
        this.afterCommit = afterCommit;
    }

    /** Runs one persistence operation and translates whatever it throws. */
    <T> T guard(String action, Supplier<T> operation) {
        if (singleCall && ++calls > 1) {
            throw NeedsTransaction.SIGNAL;
        }
        try {
            return operation.get();
        } catch (CommunicationCentreException e) {
            throw e;
        } catch (RuntimeException e) {
            statementFailed = true;
            throw StoreFailures.translate(e, action);
        }
    }

    /** Records that the work is about to write (insert, update, delete, link): a later failure must undo it. */
    void noteWrite() {
        wrote = true;
    }

    /**
     * @return whether a failure of the work must mark the host's transaction rollback-only: when it wrote something,
     *         or a statement failed; a failure before either (not found, a state check, bad input) leaves the host's
     *         transaction as usable as it was
     */
    boolean failureDoomsTransaction() {
        return wrote || statementFailed;
    }

    /** Streaming reads page through several statements, which only a transaction shows one snapshot of. */
    void requireSnapshot() {
        if (singleCall) {
            throw NeedsTransaction.SIGNAL;
        }
    }

    /** Runs plain JDBC on the transaction's own connection; Hibernate wraps an {@code SQLException} it throws. */
    <T> T jdbc(ReturningWork<T> work) {
        return em.unwrap(Session.class).doReturningWork(work);
    }

    /**
     * Runs plain JDBC whose statements join an array parameter to a table, after asking the database, once per
     * transaction the store ends itself, to plan such joins as index probes whatever one organisation's statistics say
     * ({@link SqlDialect#planArrayJoinsAsIndexProbes}). A host's transaction is left as the host set it up: the setting
     * would outlive the call there.
     */
    <T> T jdbcJoiningArrays(ReturningWork<T> work) {
        return jdbc(connection -> {
            if (!hostTransaction && !arrayJoinsPlanned) {
                dialect.planArrayJoinsAsIndexProbes(connection);
                arrayJoinsPlanned = true;
            }
            return work.execute(connection);
        });
    }

    /** @return the first result of the query, mapped, with no entity left managed */
    <E, R> Optional<R> first(TypedQuery<E> query, Function<E, R> mapping) {
        List<R> rows = detached(query, mapping);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /**
     * @return the query's results, mapped, with no entity left managed (detached one by one, never by
     *         {@code clear()}, which would detach the host's entities too)
     */
    <E, R> List<R> detached(TypedQuery<E> query, Function<E, R> mapping) {
        List<E> entities = query.getResultList();
        List<R> result = new ArrayList<>(entities.size());
        for (E entity : entities) {
            result.add(mapping.apply(entity));
            em.detach(entity);
        }
        // Unmodifiable, as the in-memory store's are: a caller cannot mistake a result for live state.
        return Collections.unmodifiableList(result);
    }
}
