package io.github.commscentre.inmemory;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.Communication;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.StoreTransaction;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * A thread-safe {@link CommunicationStore} that keeps everything in memory: for host applications' tests,
 * demos and single-process tools. It passes the same contract suite as the database stores, so a host that
 * tests against it sees the behaviour it gets in production.
 *
 * <p>How it keeps the contract:
 * <ul>
 *   <li><b>Isolation.</b> Each organisation has its own {@link ReentrantReadWriteLock}: {@link #write} holds the
 *       organisation's write lock for the whole unit of work and {@link #read} its read lock. Units of work of
 *       one organisation therefore run one writer at a time (which makes the transaction's lock methods
 *       trivially correct), readers see a consistent view, and organisations never wait for each other.</li>
 *   <li><b>Atomicity.</b> Every mutation a unit of work makes is recorded in an undo log; when the work throws,
 *       the log is replayed in reverse before the lock is released and the very same exception is rethrown.
 *       Nothing of a failed unit of work is ever visible to another thread.</li>
 *   <li><b>No aliasing.</b> The stored values are immutable records and every returned collection is an
 *       unmodifiable copy, so a caller cannot change stored state except through a transaction.</li>
 *   <li><b>Scale.</b> Communications are indexed newest first by {@code (createdAt, id)} (ids compared as
 *       unsigned 128-bit numbers, like PostgreSQL and H2), with the same index per block, unit, type and status;
 *       a listing walks the smallest index its filter allows, so a keyset page costs a logarithmic seek plus the
 *       rows it walks, also with a million communications. Counts by type and status are kept up to date, so a
 *       {@code count} without block or unit filter is constant time.</li>
 * </ul>
 *
 * <p>A {@link StoreTransaction} handed to a unit of work may only be used by the thread running that work,
 * only for the organisation the unit of work was started for, and only until the work returns; any other use
 * throws {@link IllegalStateException} or {@link IllegalArgumentException}. Inside {@link #read} the write
 * operations throw {@link IllegalStateException}. Units of work of one organisation cannot be nested in a
 * write unit of work of the same organisation on the same thread (a read inside a read, or a read inside a
 * write, is allowed).
 *
 * <p>Beyond the SPI contract it rejects, with {@link IllegalArgumentException}, updates that would change a
 * communication's or recipient's identity (id links, creation data, scope, type, position), and updates of a sending
 * communication other than finishing it with its content unchanged (as the database guards do): the facade never
 * does that, and a loud failure beats silently corrupted indexes in a host's test.
 */
public final class InMemoryCommunicationStore implements CommunicationStore {

    private final ConcurrentHashMap<String, OrganisationData> organisations = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemoryCommunicationStore() {
    }

    @Override
    public <T> T write(String organisationId, StoreWork<T> work) {
        Objects.requireNonNull(organisationId, "organisationId must not be null");
        Objects.requireNonNull(work, "work must not be null");
        OrganisationData data = data(organisationId);
        ReentrantReadWriteLock lock = data.lock;
        if (lock.isWriteLockedByCurrentThread()) {
            // A nested write would commit independently of the outer one and break its rollback.
            throw new IllegalStateException("a write unit of work of organisation " + organisationId
                    + " cannot be nested in another unit of work of the same organisation");
        }
        if (lock.getReadHoldCount() > 0) {
            // Upgrading a read lock to a write lock deadlocks ReentrantReadWriteLock.
            throw new IllegalStateException("a write unit of work of organisation " + organisationId
                    + " cannot start inside a read unit of work of the same organisation");
        }
        lock.writeLock().lock();
        InMemoryTransaction tx = new InMemoryTransaction(data, true);
        T result;
        try {
            result = work.execute(tx);
        } catch (Throwable failure) {
            tx.rollback(failure);
            throw failure;
        } finally {
            tx.close();
            lock.writeLock().unlock();
        }
        // After the lock is released, as a database runs them after commit: an action may write again.
        tx.afterCommitActions().forEach(Runnable::run);
        return result;
    }

    /** The in-memory store has no host transactions to stay out of: a detached write is a write. */
    @Override
    public <T> T writeDetached(String organisationId, StoreWork<T> work) {
        return write(organisationId, work);
    }

    /** The in-memory store has no host transactions to stay out of: a detached read is a read. */
    @Override
    public <T> T readDetached(String organisationId, StoreWork<T> work) {
        return read(organisationId, work);
    }

    @Override
    public List<String> organisationsWithPendingAuditEvents(int limit) {
        List<String> found = new java.util.ArrayList<>();
        for (OrganisationData data : organisations.values()) {
            if (found.size() >= limit) {
                break;
            }
            data.lock.readLock().lock();
            try {
                if (!data.auditChain.pending().isEmpty()) {
                    found.add(data.organisationId);
                }
            } finally {
                data.lock.readLock().unlock();
            }
        }
        return found;
    }

    @Override
    public List<String> organisationsWithDueCommunications(Instant now, int limit) {
        Objects.requireNonNull(now, "now must not be null");
        List<String> found = new java.util.ArrayList<>();
        for (OrganisationData data : organisations.values()) {
            if (found.size() >= limit) {
                break;
            }
            data.lock.readLock().lock();
            try {
                if (data.communications.hasDue(now)) {
                    found.add(data.organisationId);
                }
            } finally {
                data.lock.readLock().unlock();
            }
        }
        return found;
    }

    @Override
    public <T> T read(String organisationId, StoreWork<T> work) {
        Objects.requireNonNull(organisationId, "organisationId must not be null");
        Objects.requireNonNull(work, "work must not be null");
        OrganisationData data = organisations.get(organisationId);
        if (data == null) {
            // An organisation that never wrote has nothing to read: it gets an empty view that is not kept, so that
            // reads of unknown organisations (a typo, a probe, a member before the first write) do not grow the store.
            // A write that starts meanwhile works on the kept entry; this read sees the state before it.
            data = new OrganisationData(organisationId);
        }
        data.lock.readLock().lock();
        InMemoryTransaction tx = new InMemoryTransaction(data, false);
        try {
            return work.execute(tx);
        } finally {
            tx.close();
            data.lock.readLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "InMemoryCommunicationStore[organisations=" + organisationCount() + "]";
    }

    /** @return how many organisations the store keeps an entry for: those that have written */
    int organisationCount() {
        return organisations.size();
    }

    private OrganisationData data(String organisationId) {
        return organisations.computeIfAbsent(organisationId, OrganisationData::new);
    }

    /**
     * Orders ids as unsigned 128-bit numbers, as PostgreSQL and H2 order the {@code uuid} type, so that this store
     * lists in exactly the order the database stores do.
     */
    static int compareUnsigned(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    // ---- package-private hooks for tests that play an attacker with direct access to the data ----------

    /** @return the stored audit events of the organisation in sequence order, bypassing every check */
    List<AuditEvent> rawAuditEvents(String organisationId) {
        return underWriteLock(organisationId, data -> data.auditChain.all());
    }

    /** @return the stored event at {@code sequence}, if there is one */
    Optional<AuditEvent> rawAuditEvent(String organisationId, long sequence) {
        return underWriteLock(organisationId, data -> Optional.ofNullable(data.auditChain.get(sequence)));
    }

    /** @return the stored chain head */
    AuditChainHead rawAuditChainHead(String organisationId) {
        return underWriteLock(organisationId, data -> data.auditChain.head());
    }

    /** @return the stored communication, if there is one */
    Optional<Communication> rawCommunication(String organisationId, UUID id) {
        return underWriteLock(organisationId, data -> Optional.ofNullable(data.communications.get(id)));
    }

    /**
     * Stores {@code event} at its sequence exactly as given, replacing any event stored there, without
     * moving the chain head or checking anything.
     */
    void tamperPutAuditEvent(AuditEvent event) {
        underWriteLock(event.organisationId(), data -> data.auditChain.put(event));
    }

    /** Removes the stored event at {@code sequence}, leaving every other event and the chain head alone. */
    void tamperRemoveAuditEvent(String organisationId, long sequence) {
        underWriteLock(organisationId, data -> data.auditChain.remove(sequence));
    }

    /** Replaces a stored communication with {@code communication} as given, whatever its status or version. */
    void tamperPutCommunication(Communication communication) {
        underWriteLock(communication.organisationId(), data -> data.communications.put(communication));
    }

    /** Stores a pending event after every other pending one, without checking anything. */
    void tamperAppendPendingAuditEvent(AuditEvent event) {
        underWriteLock(event.organisationId(), data -> {
            data.auditChain.putPending(event);
            return null;
        });
    }

    /** Sets the recorded chain head, whatever the events say. */
    void tamperMoveAuditChainHead(AuditChainHead head) {
        underWriteLock(head.organisationId(), data -> {
            data.auditChain.moveHead(head);
            return null;
        });
    }

    /** Removes a stored communication and its recipients, whatever its status; its events stay. */
    void tamperRemoveCommunication(String organisationId, UUID id) {
        underWriteLock(organisationId, data -> {
            data.recipients.removeAllOf(id);
            return data.communications.remove(id);
        });
    }

    /** @return the stored recipient, if there is one */
    Optional<Recipient> rawRecipient(String organisationId, UUID id) {
        return underWriteLock(organisationId, data -> Optional.ofNullable(data.recipients.get(id)));
    }

    /** Stores the recipient as given, replacing the one with its id, whatever its communication's status. */
    void tamperPutRecipient(Recipient recipient) {
        underWriteLock(recipient.organisationId(), data -> {
            data.recipients.put(recipient);
            return null;
        });
    }

    /** Removes one stored recipient, whatever its communication's status. */
    void tamperRemoveRecipient(String organisationId, UUID id) {
        underWriteLock(organisationId, data -> data.recipients.remove(id));
    }

    /** Removes every stored checkpoint of the organisation. */
    void tamperRemoveCheckpoints(String organisationId) {
        underWriteLock(organisationId, data -> {
            data.evidence.checkpoints.clear();
            return null;
        });
    }

    /** Overwrites the hash of a stored Merkle tree node. */
    void tamperPutMerkleNode(String organisationId, io.github.commscentre.spi.MerkleNodeKey key, String hash) {
        underWriteLock(organisationId, data -> data.evidence.nodes.put(key, hash));
    }

    private <T> T underWriteLock(String organisationId, Function<OrganisationData, T> action) {
        OrganisationData data = data(Objects.requireNonNull(organisationId, "organisationId must not be null"));
        data.lock.writeLock().lock();
        try {
            return action.apply(data);
        } finally {
            data.lock.writeLock().unlock();
        }
    }
}
