package io.github.commscentre.spi;

import java.time.Instant;
import java.util.List;

/**
 * Where communications, recipients and audit events are kept. The facade runs each of its calls as one
 * unit of work through {@link #write} or {@link #read}, and does all rule checking itself; the store
 * supplies atomicity, isolation and the primitive operations of {@link StoreTransaction}.
 *
 * <p>Contract, proved for every adapter by {@code CommunicationStoreContractTest} of the test kit
 * ({@code communication-centre-test-kit}):
 * <ul>
 *   <li>Everything done through the transaction in one {@code write} becomes visible to other calls at once
 *       and entirely, or, when the work throws, not at all.</li>
 *   <li>When the host already has a transaction active, a database store joins it and never commits or rolls
 *       it back itself. When the work throws after it wrote something (or a statement failed), the store marks the
 *       host's transaction for rollback; when it throws before (a record not found, a state check, bad input), the
 *       host's transaction stays as usable as it was, so that the host may catch the exception and go on.</li>
 *   <li>An exception thrown by the work leaves {@code write}/{@code read} unchanged (after rollback). The store's
 *       own failures are thrown as {@code CommunicationCentreException} with code {@code UNAVAILABLE} (cause
 *       attached), or {@code CONFLICT} when a concurrent transaction won (a unique key, a serialization failure,
 *       a compare-and-set that matched no row). No JPA, Hibernate or SQL exception escapes.</li>
 *   <li>Every query filters by organisation, so that a store sharded by organisation needs no change.</li>
 * </ul>
 * Implementations must be thread-safe.
 */
public interface CommunicationStore {

    /**
     * Runs read-write work atomically, in a transaction opened for one organisation.
     *
     * @param organisationId the organisation every operation of the work concerns
     * @param work           the unit of work
     * @param <T>            its result
     * @return the work's result, after commit (or, when joining the host's transaction, after the work)
     */
    <T> T write(String organisationId, StoreWork<T> work);

    /**
     * Runs read-only work on a consistent view, in a transaction opened for one organisation. Write operations
     * of the transaction may throw {@link IllegalStateException} here.
     *
     * <p>Read work has no effect but its result, so a store may run it more than once: for example first
     * without a transaction of its own, where one statement already sees one consistent view, and again inside
     * one if the work turns out to need more than one statement. How many round trips a read costs is the
     * store's own business.
     *
     * @param organisationId the organisation every operation of the work concerns
     * @param work           the unit of work
     * @param <T>            its result
     * @return the work's result
     */
    <T> T read(String organisationId, StoreWork<T> work);

    /**
     * Runs read-write work in a short transaction of the store's own, even when the host has a transaction active on
     * this thread (which it neither joins nor disturbs). The facade links the audit chain this way, after the writes
     * that appended the events have committed.
     *
     * @param organisationId the organisation every operation of the work concerns
     * @param work           the unit of work
     * @param <T>            its result
     * @return the work's result, after commit
     */
    <T> T writeDetached(String organisationId, StoreWork<T> work);

    /**
     * Runs read-only work on one consistent snapshot of the store's own, even when the host has a transaction active
     * on this thread: a host's READ COMMITTED transaction would let rows committed by others appear between two
     * statements of the work. The facade verifies the audit trail this way.
     *
     * @param organisationId the organisation every operation of the work concerns
     * @param work           the unit of work
     * @param <T>            its result
     * @return the work's result
     */
    <T> T readDetached(String organisationId, StoreWork<T> work);

    /**
     * The one look-up across organisations, for the linker's sweep: which organisations have pending audit events
     * (left behind when a process died between a commit and linking). On a store distributed by organisation it reads
     * a small index on every node.
     *
     * @param limit the largest number to return
     * @return organisation ids, each once
     */
    List<String> organisationsWithPendingAuditEvents(int limit);

    /**
     * The dispatcher's look-up across organisations: which organisations have communications to dispatch (sending,
     * or scheduled at or before {@code now}). On a store distributed by organisation it reads a small index on every
     * node; everything the dispatcher does after it concerns one organisation.
     *
     * @param now   the dispatcher's now
     * @param limit the largest number to return
     * @return organisation ids, each once
     */
    List<String> organisationsWithDueCommunications(Instant now, int limit);

    /**
     * A unit of work against a {@link StoreTransaction}.
     *
     * @param <T> its result
     */
    @FunctionalInterface
    interface StoreWork<T> {
        /**
         * @param tx the transaction; valid only during this call
         * @return the result
         */
        T execute(StoreTransaction tx);
    }
}
