package io.github.commscentre.inmemory;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.spi.CommunicationKey;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.RecipientStats;
import io.github.commscentre.spi.StoreTransaction;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

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
 * communication's or recipient's identity (id links, creation data, scope, type, position): the facade never
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
        Transaction tx = new Transaction(data, true);
        try {
            return work.execute(tx);
        } catch (Throwable failure) {
            tx.rollback(failure);
            throw failure;
        } finally {
            tx.close();
            lock.writeLock().unlock();
        }
    }

    @Override
    public <T> T read(String organisationId, StoreWork<T> work) {
        Objects.requireNonNull(organisationId, "organisationId must not be null");
        Objects.requireNonNull(work, "work must not be null");
        OrganisationData data = data(organisationId);
        data.lock.readLock().lock();
        Transaction tx = new Transaction(data, false);
        try {
            return work.execute(tx);
        } finally {
            tx.close();
            data.lock.readLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "InMemoryCommunicationStore[organisations=" + organisations.size() + "]";
    }

    private OrganisationData data(String organisationId) {
        return organisations.computeIfAbsent(organisationId, OrganisationData::new);
    }

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

    private <T> T underWriteLock(String organisationId, java.util.function.Function<OrganisationData, T> action) {
        OrganisationData data = data(Objects.requireNonNull(organisationId, "organisationId must not be null"));
        data.lock.writeLock().lock();
        try {
            return action.apply(data);
        } finally {
            data.lock.writeLock().unlock();
        }
    }

    // ---- the transaction -------------------------------------------------------------------------------

    /** One unit of work's view of one organisation; its undo log makes a write atomic. */
    private static final class Transaction implements StoreTransaction {

        private final OrganisationData data;
        private final boolean writable;
        private final Thread owner = Thread.currentThread();
        private final Deque<Runnable> undoLog = new ArrayDeque<>();
        private volatile boolean open = true;

        Transaction(OrganisationData data, boolean writable) {
            this.data = data;
            this.writable = writable;
        }

        @Override
        public String organisationId() {
            return data.organisationId;
        }

        void close() {
            open = false;
            undoLog.clear();
        }

        void rollback(Throwable failure) {
            while (!undoLog.isEmpty()) {
                try {
                    undoLog.pop().run();
                } catch (RuntimeException | Error undoFailure) {
                    failure.addSuppressed(undoFailure);
                }
            }
        }

        private void checkUsable() {
            if (!open) {
                throw new IllegalStateException("this StoreTransaction is only valid during its unit of work");
            }
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("this StoreTransaction belongs to thread " + owner.getName()
                        + " and may not be used by " + Thread.currentThread().getName());
            }
        }

        private void checkOrganisation(String organisationId) {
            Objects.requireNonNull(organisationId, "organisationId must not be null");
            if (!organisationId.equals(data.organisationId)) {
                throw new IllegalArgumentException("this unit of work was started for organisation "
                        + data.organisationId + ", not " + organisationId);
            }
        }

        private void checkRead() {
            checkUsable();
        }

        private void checkWrite(String organisationId) {
            checkUsable();
            if (!writable) {
                throw new IllegalStateException("write operations are not allowed in a read unit of work");
            }
            checkOrganisation(organisationId);
        }

        // communications

        @Override
        public Optional<Communication> findCommunication(UUID id) {
            checkRead();
            Objects.requireNonNull(id, "id must not be null");
            return Optional.ofNullable(data.communications.get(id));
        }

        @Override
        public Optional<Communication> lockCommunication(UUID id) {
            // The unit of work already holds the organisation's write (or read) lock: nobody else can change it.
            return findCommunication(id);
        }

        @Override
        public List<Communication> listCommunications(CommunicationFilter filter,
                                                      CommunicationKey after, int limit) {
            checkRead();
            if (limit < 0) {
                throw new IllegalArgumentException("limit must not be negative");
            }
            return data.communications.page(filter == null ? CommunicationFilter.all() : filter, after, limit);
        }

        @Override
        public long countCommunications(CommunicationFilter filter) {
            checkRead();
            return data.communications.count(filter == null ? CommunicationFilter.all() : filter);
        }

        @Override
        public void forEachFinishedCommunication(Consumer<Communication> consumer) {
            checkRead();
            Objects.requireNonNull(consumer, "consumer must not be null");
            // A snapshot, so that a consumer that writes through this transaction cannot break the iteration.
            data.communications.finished().forEach(consumer);
        }

        @Override
        public void insertCommunication(Communication communication) {
            Objects.requireNonNull(communication, "communication must not be null");
            checkWrite(communication.organisationId());
            if (data.communications.contains(communication.id())) {
                throw CommunicationCentreException.conflict("communication " + communication.id() + " already exists");
            }
            data.communications.put(communication);
            undoLog.push(() -> data.communications.remove(communication.id()));
        }

        @Override
        public boolean updateCommunication(Communication updated, long expectedVersion) {
            Objects.requireNonNull(updated, "updated must not be null");
            checkWrite(updated.organisationId());
            Communication stored = data.communications.get(updated.id());
            if (stored == null || stored.version() != expectedVersion || !stored.status().isEditable()) {
                return false;
            }
            if (updated.version() != expectedVersion + 1) {
                throw new IllegalArgumentException("updated.version must be expectedVersion + 1 = "
                        + (expectedVersion + 1) + ", was " + updated.version());
            }
            if (!stored.createdAt().equals(updated.createdAt())
                    || !stored.createdBy().equals(updated.createdBy())
                    || stored.communicationType() != updated.communicationType()
                    || !Objects.equals(stored.blockId(), updated.blockId())
                    || !Objects.equals(stored.unitId(), updated.unitId())) {
                throw new IllegalArgumentException("an update may not change a communication's creation data, "
                        + "type, blockId or unitId: " + updated.id());
            }
            data.communications.put(updated);
            undoLog.push(() -> data.communications.put(stored));
            return true;
        }

        @Override
        public boolean deleteCommunication(UUID id, long expectedVersion) {
            checkWrite(data.organisationId);
            Objects.requireNonNull(id, "id must not be null");
            Communication stored = data.communications.get(id);
            if (stored == null || stored.version() != expectedVersion || !stored.status().isEditable()) {
                return false;
            }
            data.communications.remove(id);
            List<Recipient> recipients = data.recipients.removeAllOf(id);
            undoLog.push(() -> {
                data.communications.put(stored);
                recipients.forEach(data.recipients::put);
            });
            return true;
        }

        // recipients

        @Override
        public RecipientStats recipientStats(UUID communicationId) {
            checkRead();
            Objects.requireNonNull(communicationId, "communicationId must not be null");
            RecipientList list = data.recipients.listOf(communicationId);
            return list == null ? RecipientStats.none() : list.stats();
        }

        @Override
        public Set<String> existingRecipientUnitIds(UUID communicationId, Collection<String> unitIds) {
            checkRead();
            Objects.requireNonNull(communicationId, "communicationId must not be null");
            Objects.requireNonNull(unitIds, "unitIds must not be null");
            RecipientList list = data.recipients.listOf(communicationId);
            return list == null ? Set.of() : list.existingUnits(unitIds);
        }

        @Override
        public void insertRecipients(List<Recipient> recipients) {
            Objects.requireNonNull(recipients, "recipients must not be null");
            checkUsable();
            if (!writable) {
                throw new IllegalStateException("write operations are not allowed in a read unit of work");
            }
            if (recipients.isEmpty()) {
                return;
            }
            List<Recipient> batch = List.copyOf(recipients);
            UUID communicationId = batch.get(0).communicationId();
            for (Recipient recipient : batch) {
                checkOrganisation(recipient.organisationId());
                if (!recipient.communicationId().equals(communicationId)) {
                    throw new IllegalArgumentException("recipients of one insertRecipients call must belong to one "
                            + "communication: " + communicationId + " and " + recipient.communicationId());
                }
            }
            // Every check before the first change, so that a rejected batch adds nothing even if the caller
            // catches the exception and carries on.
            if (!data.communications.contains(communicationId)) {
                throw CommunicationCentreException.conflict("communication " + communicationId + " does not exist");
            }
            RecipientList existing = data.recipients.listOf(communicationId);
            Set<String> unitsInBatch = new HashSet<>();
            Set<UUID> idsInBatch = new HashSet<>();
            for (Recipient recipient : batch) {
                if ((existing != null && existing.hasUnit(recipient.unitId()))
                        || !unitsInBatch.add(recipient.unitId())) {
                    throw CommunicationCentreException.conflict("unit " + recipient.unitId()
                            + " is already a recipient of communication " + communicationId);
                }
                if (data.recipients.contains(recipient.id()) || !idsInBatch.add(recipient.id())) {
                    throw CommunicationCentreException.conflict("recipient " + recipient.id() + " already exists");
                }
            }
            batch.forEach(data.recipients::put);
            undoLog.push(() -> batch.forEach(r -> data.recipients.remove(r.id())));
        }

        @Override
        public List<Recipient> listRecipients(UUID communicationId, DeliveryStatus status,
                                              long afterPosition, int limit) {
            checkRead();
            Objects.requireNonNull(communicationId, "communicationId must not be null");
            if (limit < 0) {
                throw new IllegalArgumentException("limit must not be negative");
            }
            RecipientList list = data.recipients.listOf(communicationId);
            return list == null ? List.of() : list.page(status, afterPosition, limit);
        }

        @Override
        public void forEachRecipient(UUID communicationId, Consumer<Recipient> consumer) {
            checkRead();
            Objects.requireNonNull(communicationId, "communicationId must not be null");
            Objects.requireNonNull(consumer, "consumer must not be null");
            RecipientList list = data.recipients.listOf(communicationId);
            if (list != null) {
                // A snapshot, so that a consumer that writes through this transaction cannot break the iteration.
                list.inPositionOrder().forEach(consumer);
            }
        }

        @Override
        public Optional<Recipient> lockRecipient(UUID recipientId) {
            checkRead();
            Objects.requireNonNull(recipientId, "recipientId must not be null");
            return Optional.ofNullable(data.recipients.get(recipientId));
        }

        @Override
        public boolean updateRecipient(Recipient updated, DeliveryStatus expectedStatus) {
            Objects.requireNonNull(updated, "updated must not be null");
            Objects.requireNonNull(expectedStatus, "expectedStatus must not be null");
            checkWrite(updated.organisationId());
            Recipient stored = data.recipients.get(updated.id());
            if (stored == null || stored.deliveryStatus() != expectedStatus) {
                return false;
            }
            if (!stored.communicationId().equals(updated.communicationId())
                    || !stored.unitId().equals(updated.unitId())
                    || stored.position() != updated.position()) {
                throw new IllegalArgumentException("an update may not change a recipient's communication, unit or "
                        + "position: " + updated.id());
            }
            data.recipients.put(updated);
            undoLog.push(() -> data.recipients.put(stored));
            return true;
        }

        // audit chain

        @Override
        public AuditChainHead lockAuditChain() {
            checkRead();
            return data.auditChain.head();
        }

        @Override
        public AuditChainHead auditChainHead() {
            checkRead();
            return data.auditChain.head();
        }

        @Override
        public void appendAuditEvents(List<AuditEvent> events) {
            checkWrite(data.organisationId);
            Objects.requireNonNull(events, "events must not be null");
            if (events.isEmpty()) {
                return;
            }
            List<AuditEvent> batch = List.copyOf(events);
            AuditChainHead previousHead = data.auditChain.head();
            long expected = previousHead.lastSequence() + 1;
            for (AuditEvent event : batch) {
                checkOrganisation(event.organisationId());
                if (event.sequence() != expected || data.auditChain.contains(event.sequence())) {
                    throw CommunicationCentreException.conflict("audit sequence " + event.sequence() + " of organisation "
                            + data.organisationId + " does not continue the chain at " + expected);
                }
                expected++;
            }
            batch.forEach(data.auditChain::put);
            AuditEvent last = batch.get(batch.size() - 1);
            data.auditChain.moveHead(new AuditChainHead(data.organisationId, last.sequence(), last.hash()));
            undoLog.push(() -> {
                batch.forEach(e -> data.auditChain.remove(e.sequence()));
                data.auditChain.moveHead(previousHead);
            });
        }

        @Override
        public List<AuditEvent> auditEventsOf(UUID communicationId) {
            checkRead();
            Objects.requireNonNull(communicationId, "communicationId must not be null");
            return data.auditChain.eventsOf(communicationId);
        }

        @Override
        public void forEachAuditEvent(Consumer<AuditEvent> consumer) {
            checkRead();
            Objects.requireNonNull(consumer, "consumer must not be null");
            data.auditChain.forEachInSequence(consumer);
        }
    }
}
