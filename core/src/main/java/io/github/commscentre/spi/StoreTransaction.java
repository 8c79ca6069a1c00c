package io.github.commscentre.spi;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.SignedCheckpoint;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The operations a store offers inside one {@link CommunicationStore#write} or {@link CommunicationStore#read}.
 * A transaction is opened for one organisation, as a JDBC connection is for one database: its operations never
 * take the organisation again, never see or touch another organisation's rows, and refuse a record of another
 * organisation with {@link IllegalArgumentException}. Values are stored and given back exactly (instants are
 * already truncated to microseconds by the facade).
 *
 * <p>Locking order, which the facade always follows so that no two of its calls deadlock: a communication, then a
 * recipient. The organisation's audit chain lock is only ever tried, never waited for.
 */
public interface StoreTransaction extends DeliveryStoreOperations, StatusUpdateWrites {

    /**
     * @return the organisation this transaction was opened for
     */
    String organisationId();

    // ---- communications -------------------------------------------------------------------------

    /**
     * @param id a communication id
     * @return the communication, if it exists in this organisation
     */
    Optional<Communication> findCommunication(UUID id);

    /**
     * Reads a communication and locks it against concurrent writers until the end of the transaction
     * (a database does {@code SELECT ... FOR UPDATE}).
     *
     * @param id a communication id
     * @return the communication, if it exists in this organisation
     */
    Optional<Communication> lockCommunication(UUID id);

    /**
     * One keyset page of communications, newest first: ordered by {@code createdAt} descending, then
     * {@code id} descending; summaries without the body. A database store must not read the body column at all:
     * a body may hold 1,000,000 characters, and a page of 101 of them would not fit a small heap.
     *
     * @param filter the filters; {@code null} fields match anything
     * @param after  continue strictly after this position, or {@code null} for the first page
     * @param limit  the largest number of rows to return (the facade asks for one more than the page size)
     * @return the rows
     */
    List<CommunicationSummary> listCommunications(CommunicationFilter filter, CommunicationKey after, int limit);

    /**
     * @param filter the filters; {@code null} fields match anything
     * @return how many communications match
     */
    long countCommunications(CommunicationFilter filter);

    /**
     * Calls the consumer for each communication in {@code sent} or {@code failed} status, in any order.
     * Used by audit verification; a database streams rather than loading them all.
     *
     * @param consumer receives each one
     */
    void forEachFinishedCommunication(Consumer<Communication> consumer);

    /**
     * @param communication a new communication (version 0) of this organisation
     * @throws io.github.commscentre.CommunicationCentreException {@code CONFLICT} if its id exists
     * @throws IllegalArgumentException if it belongs to another organisation
     */
    void insertCommunication(Communication communication);

    /**
     * Compare-and-set: replaces the stored communication with {@code updated} only if the stored one has
     * {@code version == expectedVersion} and a status of draft, scheduled or sending (never a sent or failed one).
     * {@code updated.version()} is {@code expectedVersion + 1}.
     *
     * @param updated         the new state, of this organisation
     * @param expectedVersion the version the facade read
     * @return whether a row was replaced; {@code false} means a concurrent change won
     * @throws IllegalArgumentException if it belongs to another organisation
     */
    boolean updateCommunication(Communication updated, long expectedVersion);

    /**
     * Compare-and-set delete of a communication and all its recipients, only if the stored one has
     * {@code version == expectedVersion} and a status of draft or scheduled. Audit events stay.
     *
     * @param id              the communication
     * @param expectedVersion the version the facade read
     * @return whether it was deleted
     */
    boolean deleteCommunication(UUID id, long expectedVersion);

    // ---- recipients -----------------------------------------------------------------------------

    /**
     * @param communicationId the communication
     * @return count, per-status counts, recipients without email and the largest position, in one query
     */
    RecipientStats recipientStats(UUID communicationId);

    /**
     * @param communicationId the communication
     * @param unitIds         candidate unit ids (distinct, up to 50,000; a database chunks them as it needs)
     * @return those of them that already are recipients of the communication
     */
    Set<String> existingRecipientUnitIds(UUID communicationId, Collection<String> unitIds);

    /**
     * Inserts recipients in bulk (a database batches them and does not keep them in memory).
     *
     * @param recipients new recipients, all of this organisation and of one communication
     * @throws io.github.commscentre.CommunicationCentreException {@code CONFLICT} if a unit is already a
     *         recipient of the communication (a concurrent call won)
     * @throws IllegalArgumentException if one belongs to another organisation
     */
    void insertRecipients(List<Recipient> recipients);

    /**
     * One keyset page of a communication's recipients in the order they were added ({@code position} ascending).
     *
     * @param communicationId the communication
     * @param status          only recipients in this status, or {@code null} for all
     * @param afterPosition   continue strictly after this position (0 for the first page)
     * @param limit           the largest number of rows to return
     * @return the rows
     */
    List<Recipient> listRecipients(UUID communicationId, DeliveryStatus status, long afterPosition, int limit);

    /**
     * Calls the consumer for every recipient of a communication, in {@code position} order, streaming.
     *
     * @param communicationId the communication
     * @param consumer        receives each one
     */
    void forEachRecipient(UUID communicationId, Consumer<Recipient> consumer);

    /**
     * @param recipientId a recipient id
     * @return the recipient, if it exists in this organisation, without locking
     */
    Optional<Recipient> findRecipient(UUID recipientId);

    /**
     * @param recipientId a recipient id
     * @return the recipient locked against concurrent writers, if it exists in this organisation
     */
    Optional<Recipient> lockRecipient(UUID recipientId);

    /**
     * Compare-and-set: replaces the stored recipient's delivery and dispatch state (status, delivered and opened
     * instants, failure reason, updatedAt, provider message id, attempts, nextAttemptAt) with {@code updated}'s only if
     * its stored delivery status is {@code expectedStatus}. The snapshot (unit, position, name, email, address, who
     * added it when) is never written: the facade may have read it before an erasure, and must not write it back.
     *
     * @param updated        the new state, of this organisation
     * @param expectedStatus the status the facade read
     * @return whether a row was replaced
     * @throws IllegalArgumentException if it belongs to another organisation
     */
    boolean updateRecipient(Recipient updated, DeliveryStatus expectedStatus);

    // ---- audit chain ----------------------------------------------------------------------------
    //
    // Writers append their events pending, without locking anything the organisation's other writers need. Linkers
    // give pending events their place in the chain (sequence, previousHash, hash) in short transactions of the
    // store's own, under the organisation's chain lock, which they only ever try to take, never wait for.

    /**
     * Appends events to this organisation's trail. Pending events ({@link AuditEvent#isLinked()} false) may be appended
     * by any write; linked events only by a transaction that holds the chain lock ({@link #tryLockAuditChain}), and
     * they must continue the chain, which then ends at the last of them.
     *
     * @param events events of this organisation
     * @throws io.github.commscentre.CommunicationCentreException {@code CONFLICT} if a sequence is taken
     * @throws IllegalArgumentException if one belongs to another organisation
     */
    void appendAuditEvents(List<AuditEvent> events);

    /**
     * Appends one event already linked after {@code expected}, in one round trip where the store can, if at this moment
     * the chain lock is free, the chain ends at {@code expected} (as the linked events show it, not only the head
     * record) and no event is pending; the chain lock is then held until this transaction ends, as after
     * {@link #tryLockAuditChain}. The facade tries it when it expects the chain to end where this instance last linked
     * it, to save the round trip of taking the lock first, and falls back to {@link #tryLockAuditChain} when it answers
     * {@code false}. Like that method, it never takes the lock inside a transaction the store does not end itself.
     *
     * <p>The default answers {@code false}, which is always correct: a store need not implement it.
     *
     * @param expected where the chain is expected to end
     * @param linked   an event of this organisation linked after {@code expected}: sequence one higher, its previous
     *                 hash {@code expected}'s hash
     * @return whether it was appended and the head moved; {@code false} when nothing was written
     */
    default boolean tryAppendLinkedAfter(AuditChainHead expected, AuditEvent linked) {
        return false;
    }

    /**
     * Tries to take this organisation's chain lock, held until this transaction ends, without waiting. A store never
     * takes it inside a transaction it does not end itself (a host's): there it answers empty, and so it does when
     * another transaction holds the lock. The head returned is the end of the chain as the linked events show it, so a
     * lost or rewound head record is recovered here rather than trusted.
     *
     * @return the end of the chain, locked; empty when the lock cannot be had at once
     */
    Optional<AuditChainHead> tryLockAuditChain();

    /**
     * @param limit the largest number to return
     * @return this organisation's pending events that this transaction can see, in the order they were appended
     */
    List<AuditEvent> pendingAuditEvents(int limit);

    /**
     * Gives pending events their place in the chain: sets sequence, previousHash and hash of each, which must still
     * be pending, and moves the chain's end to the last of them. Only with the chain lock.
     *
     * @param linked the same events, linked ({@link AuditEvent#linkedAt}), continuing the locked chain
     * @throws io.github.commscentre.CommunicationCentreException {@code CONFLICT} if one is no longer pending
     */
    void linkAuditEvents(List<AuditEvent> linked);

    /**
     * @param eventIds events of this organisation
     * @return how many of them are still pending
     */
    int countPendingAuditEvents(Collection<UUID> eventIds);

    /**
     * Registers an action to run once the transaction that holds this unit of work's writes has committed: right
     * after the store's own commit, or after the host's commit when the work joined the host's transaction. It never
     * runs when that transaction rolls back. Failures of the action are the action's own business.
     *
     * @param action what to run
     */
    void afterCommit(Runnable action);

    /**
     * @return the end of the chain as last recorded by a linker, without locking
     */
    AuditChainHead auditChainHead();

    /**
     * @param communicationId a communication, existing or deleted
     * @return its events: the linked ones in sequence order, then the pending ones in the order they were appended
     */
    List<AuditEvent> auditEventsOf(UUID communicationId);

    /**
     * Calls the consumer for every linked event of this organisation in sequence order, streaming (a database pages
     * through them; 1,000,000 events must not need 1,000,000 events' worth of memory).
     *
     * @param consumer receives each one
     */
    void forEachAuditEvent(Consumer<AuditEvent> consumer);

    /**
     * Calls the consumer for every pending event of this organisation this transaction can see, in the order they were
     * appended, streaming.
     *
     * @param consumer receives each one
     */
    void forEachPendingAuditEvent(Consumer<AuditEvent> consumer);

    /**
     * Calls the sink for every stored event of this organisation this transaction can see, streaming: the linked ones
     * in sequence order ({@link #forEachAuditEvent}), then the pending ones in the order they were appended
     * ({@link #forEachPendingAuditEvent}). A stored row that cannot be read as an event goes to
     * {@link AuditEventSink#malformed} in its place, and the stream goes on: {@code verifyAuditTrail} reads the trail
     * this way so that damage is reported, not thrown.
     *
     * <p>The default reads through the two methods above, which throw on an unreadable row; a store whose rows can be
     * damaged behind its back (any database) overrides it.
     *
     * @param sink receives each row
     */
    default void forEachStoredAuditEvent(AuditEventSink sink) {
        forEachAuditEvent(sink::accept);
        forEachPendingAuditEvent(sink::accept);
    }

    // ---- proof of service -----------------------------------------------------------------------
    //
    // With a checkpoint key on the builder, linkers also grow a Merkle tree over the chain and sign checkpoints of it, in
    // the linking transaction and under the chain lock; nodes and checkpoints never change once written. A store written
    // before these operations keeps the defaults, which throw UnsupportedOperationException: it serves a facade without
    // a checkpoint key as before.

    /**
     * Reads, in one round trip, stored Merkle tree nodes by key and the hashes of linked events by sequence: what one
     * inclusion or consistency proof needs (about 20 nodes and 16 events for a chain of 1,000,000 events), or the right
     * edge of the tree before a linker extends it.
     *
     * @param nodes          keys of nodes (distinct, up to a few thousand)
     * @param eventSequences sequences of linked events (distinct, up to a few thousand)
     * @return those found; keys and sequences not stored are absent
     */
    default MerkleHashes readMerkleHashes(Collection<MerkleNodeKey> nodes, Collection<Long> eventSequences) {
        throw new UnsupportedOperationException("this store keeps no Merkle tree");
    }

    /**
     * Stores nodes of the Merkle tree, in one round of statements. Only with the chain lock.
     *
     * @param nodes new nodes (none of them stored yet)
     * @throws io.github.commscentre.CommunicationCentreException {@code CONFLICT} if one is stored already
     */
    default void insertMerkleNodes(List<MerkleNode> nodes) {
        throw new UnsupportedOperationException("this store keeps no Merkle tree");
    }

    /**
     * Stores a signed checkpoint of this organisation's chain. Only with the chain lock.
     *
     * @param checkpoint a checkpoint of this organisation
     * @throws io.github.commscentre.CommunicationCentreException {@code CONFLICT} if one of the same size is stored
     * @throws IllegalArgumentException if it belongs to another organisation
     */
    default void insertCheckpoint(SignedCheckpoint checkpoint) {
        throw new UnsupportedOperationException("this store keeps no checkpoints");
    }

    /** @return the stored checkpoint of the largest size, if any */
    default Optional<SignedCheckpoint> latestCheckpoint() {
        throw new UnsupportedOperationException("this store keeps no checkpoints");
    }

    /**
     * @param treeSize a size
     * @return the stored checkpoint of the smallest size at or above {@code treeSize}: the first that covers the event
     *         at that sequence
     */
    default Optional<SignedCheckpoint> firstCheckpointCovering(long treeSize) {
        throw new UnsupportedOperationException("this store keeps no checkpoints");
    }

    /**
     * Calls the consumer for every stored checkpoint of this organisation, by size ascending, streaming.
     *
     * @param consumer receives each one
     */
    default void forEachCheckpoint(Consumer<SignedCheckpoint> consumer) {
        throw new UnsupportedOperationException("this store keeps no checkpoints");
    }

    /**
     * Erases a recipient's personal data: sets its name, email and postal address to {@code null}, and nothing else.
     * The facade calls it after appending the recipient's {@code personal_data_erased} event in the same transaction
     * (a database's guards refuse it otherwise).
     *
     * @param recipientId a recipient of this organisation
     * @return whether it was found
     */
    default boolean erasePersonalData(UUID recipientId) {
        throw new UnsupportedOperationException("this store cannot erase personal data");
    }
}
