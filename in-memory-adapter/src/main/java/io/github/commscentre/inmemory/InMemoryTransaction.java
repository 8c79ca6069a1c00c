package io.github.commscentre.inmemory;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.SignedCheckpoint;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.spi.CommunicationKey;
import io.github.commscentre.spi.MerkleHashes;
import io.github.commscentre.spi.MerkleNode;
import io.github.commscentre.spi.MerkleNodeKey;
import io.github.commscentre.spi.ProviderEventRecord;
import io.github.commscentre.spi.RecipientChange;
import io.github.commscentre.spi.RecipientStats;
import io.github.commscentre.spi.StoreTransaction;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One unit of work's view of one organisation, as {@link InMemoryCommunicationStore} hands it to the work. The
 * store already holds the organisation's lock for the whole unit of work, so this class only checks each call
 * ({@link TransactionGuard}), applies the SPI's rules (conflicts, versions, identity) before the first change,
 * and records the reverse of every change in its {@link UndoLog} so that a failed write leaves nothing behind.
 */
final class InMemoryTransaction implements StoreTransaction {

    private final OrganisationData data;
    private final TransactionGuard guard;
    private final UndoLog undoLog = new UndoLog();
    private final AuditChainWrites auditWrites;
    private final CommunicationWrites communications;
    private final DispatchWrites dispatch;
    private final ProviderEventWrites providerEvents;
    private final EvidenceWrites evidence;
    private final List<Runnable> afterCommit = new java.util.ArrayList<>();

    /** To be created on the thread that runs the unit of work, which alone may use it. */
    InMemoryTransaction(OrganisationData data, boolean writable) {
        this.data = data;
        this.guard = new TransactionGuard(data.organisationId, writable);
        this.auditWrites = new AuditChainWrites(data, guard, undoLog);
        this.communications = new CommunicationWrites(data, guard, undoLog);
        this.dispatch = new DispatchWrites(data, guard, undoLog);
        this.providerEvents = new ProviderEventWrites(data, guard, undoLog);
        this.evidence = new EvidenceWrites(data, guard, undoLog);
    }

    @Override
    public String organisationId() {
        return data.organisationId;
    }

    /** Ends the transaction: every later call is refused, and the changes made stay. */
    void close() {
        guard.close();
        undoLog.clear();
    }

    /** Takes back every change of the unit of work; a step that fails is attached to {@code failure}. */
    void rollback(Throwable failure) {
        undoLog.undoAll(failure);
    }

    // communications

    @Override
    public Optional<Communication> findCommunication(UUID id) {
        guard.checkRead();
        Objects.requireNonNull(id, "id must not be null");
        return Optional.ofNullable(data.communications.get(id));
    }

    @Override
    public Optional<Communication> lockCommunication(UUID id) {
        // The unit of work already holds the organisation's write (or read) lock: nobody else can change it.
        return findCommunication(id);
    }

    @Override
    public List<CommunicationSummary> listCommunications(CommunicationFilter filter,
                                                         CommunicationKey after, int limit) {
        guard.checkRead();
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        return data.communications.page(filter == null ? CommunicationFilter.all() : filter, after, limit);
    }

    @Override
    public long countCommunications(CommunicationFilter filter) {
        guard.checkRead();
        return data.communications.count(filter == null ? CommunicationFilter.all() : filter);
    }

    @Override
    public void forEachFinishedCommunication(Consumer<Communication> consumer) {
        guard.checkRead();
        Objects.requireNonNull(consumer, "consumer must not be null");
        // A snapshot, so that a consumer that writes through this transaction cannot break the iteration.
        data.communications.finished().forEach(consumer);
    }

    @Override
    public void insertCommunication(Communication communication) {
        communications.insert(communication);
    }

    @Override
    public boolean updateCommunication(Communication updated, long expectedVersion) {
        return communications.update(updated, expectedVersion);
    }

    @Override
    public boolean deleteCommunication(UUID id, long expectedVersion) {
        return communications.delete(id, expectedVersion);
    }

    // recipients

    @Override
    public RecipientStats recipientStats(UUID communicationId) {
        guard.checkRead();
        Objects.requireNonNull(communicationId, "communicationId must not be null");
        RecipientList list = data.recipients.listOf(communicationId);
        return list == null ? RecipientStats.none() : list.stats();
    }

    @Override
    public Set<String> existingRecipientUnitIds(UUID communicationId, Collection<String> unitIds) {
        guard.checkRead();
        Objects.requireNonNull(communicationId, "communicationId must not be null");
        Objects.requireNonNull(unitIds, "unitIds must not be null");
        RecipientList list = data.recipients.listOf(communicationId);
        return list == null ? Set.of() : list.existingUnits(unitIds);
    }

    @Override
    public void insertRecipients(List<Recipient> recipients) {
        communications.insertRecipients(recipients);
    }

    @Override
    public List<Recipient> listRecipients(UUID communicationId, DeliveryStatus status,
                                          long afterPosition, int limit) {
        guard.checkRead();
        Objects.requireNonNull(communicationId, "communicationId must not be null");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        RecipientList list = data.recipients.listOf(communicationId);
        return list == null ? List.of() : list.page(status, afterPosition, limit);
    }

    @Override
    public void forEachRecipient(UUID communicationId, Consumer<Recipient> consumer) {
        guard.checkRead();
        Objects.requireNonNull(communicationId, "communicationId must not be null");
        Objects.requireNonNull(consumer, "consumer must not be null");
        RecipientList list = data.recipients.listOf(communicationId);
        if (list != null) {
            // A snapshot, so that a consumer that writes through this transaction cannot break the iteration.
            list.inPositionOrder().forEach(consumer);
        }
    }

    @Override
    public Optional<Recipient> findRecipient(UUID recipientId) {
        return lockRecipient(recipientId); // one writer at a time: reading is locking here
    }

    @Override
    public Optional<Recipient> lockRecipient(UUID recipientId) {
        guard.checkRead();
        Objects.requireNonNull(recipientId, "recipientId must not be null");
        return Optional.ofNullable(data.recipients.get(recipientId));
    }

    @Override
    public boolean updateRecipient(Recipient updated, DeliveryStatus expectedStatus) {
        Objects.requireNonNull(updated, "updated must not be null");
        Objects.requireNonNull(expectedStatus, "expectedStatus must not be null");
        guard.checkWrite(updated.organisationId());
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
        data.recipients.putTracked(stored, updated);
        undoLog.record(() -> data.recipients.put(stored));
        return true;
    }

    // dispatch

    @Override
    public List<Communication> dueCommunications(Instant now, int limit) {
        return dispatch.dueCommunications(now, limit);
    }

    @Override
    public List<Recipient> claimRecipients(UUID communicationId, Instant now, UUID claim, Instant leaseUntil, int limit) {
        return dispatch.claim(communicationId, now, claim, leaseUntil, limit);
    }

    @Override
    public Set<UUID> recordDispatchOutcomes(UUID claim, List<Recipient> updated) {
        return dispatch.record(claim, updated);
    }

    // provider events

    @Override
    public Map<String, UUID> recipientIdsByProviderMessageId(Collection<String> providerMessageIds) {
        return providerEvents.recipientIdsByProviderMessageId(providerMessageIds);
    }

    @Override
    public Map<UUID, Recipient> lockRecipients(Collection<UUID> recipientIds) {
        return providerEvents.lockRecipients(recipientIds);
    }

    @Override
    public Set<String> seenProviderEvents(String provider, Collection<String> eventIds) {
        return providerEvents.seenProviderEvents(provider, eventIds);
    }

    @Override
    public void recordProviderEvents(String provider, List<ProviderEventRecord> events) {
        providerEvents.recordProviderEvents(provider, events);
    }

    @Override
    public Set<UUID> updateRecipients(List<RecipientChange> changes) {
        return providerEvents.updateRecipients(changes);
    }

    // audit chain

    @Override
    public Optional<AuditChainHead> tryLockAuditChain() {
        guard.checkWrite();
        // The unit of work holds the organisation's write lock, so the chain is this transaction's already. The end of
        // the chain is read from the last linked event, never from the recorded head alone.
        AuditEvent last = data.auditChain.lastLinked();
        return Optional.of(last == null ? AuditChainHead.empty(data.organisationId)
                : new AuditChainHead(data.organisationId, last.sequence(), last.hash()));
    }

    @Override
    public AuditChainHead auditChainHead() {
        guard.checkRead();
        return data.auditChain.head();
    }

    @Override
    public void appendAuditEvents(List<AuditEvent> events) {
        auditWrites.append(events);
    }

    @Override
    public List<AuditEvent> pendingAuditEvents(int limit) {
        guard.checkRead();
        List<AuditEvent> all = data.auditChain.pending();
        return all.size() <= limit ? all : all.subList(0, limit);
    }

    @Override
    public void linkAuditEvents(List<AuditEvent> linked) {
        auditWrites.link(linked);
    }

    @Override
    public int countPendingAuditEvents(Collection<UUID> eventIds) {
        guard.checkRead();
        int count = 0;
        for (UUID id : new HashSet<>(eventIds)) {
            if (data.auditChain.pending(id) != null) {
                count++;
            }
        }
        return count;
    }

    @Override
    public void afterCommit(Runnable action) {
        guard.checkWrite();
        afterCommit.add(Objects.requireNonNull(action, "action must not be null"));
    }

    @Override
    public List<AuditEvent> auditEventsOf(UUID communicationId) {
        guard.checkRead();
        Objects.requireNonNull(communicationId, "communicationId must not be null");
        return data.auditChain.eventsOf(communicationId);
    }

    @Override
    public void forEachAuditEvent(Consumer<AuditEvent> consumer) {
        guard.checkRead();
        Objects.requireNonNull(consumer, "consumer must not be null");
        data.auditChain.forEachInSequence(consumer);
    }

    @Override
    public void forEachPendingAuditEvent(Consumer<AuditEvent> consumer) {
        guard.checkRead();
        Objects.requireNonNull(consumer, "consumer must not be null");
        data.auditChain.pending().forEach(consumer);
    }

    // proof of service

    @Override
    public MerkleHashes readMerkleHashes(Collection<MerkleNodeKey> nodes, Collection<Long> eventSequences) {
        return evidence.read(nodes, eventSequences);
    }

    @Override
    public void insertMerkleNodes(List<MerkleNode> nodes) {
        evidence.insertNodes(nodes);
    }

    @Override
    public void insertCheckpoint(SignedCheckpoint checkpoint) {
        evidence.insertCheckpoint(checkpoint);
    }

    @Override
    public Optional<SignedCheckpoint> latestCheckpoint() {
        return evidence.latest();
    }

    @Override
    public Optional<SignedCheckpoint> firstCheckpointCovering(long treeSize) {
        return evidence.firstCovering(treeSize);
    }

    @Override
    public void forEachCheckpoint(Consumer<SignedCheckpoint> consumer) {
        evidence.forEach(consumer);
    }

    @Override
    public boolean erasePersonalData(UUID recipientId) {
        return evidence.erasePersonalData(recipientId);
    }

    /** @return the actions registered with {@link #afterCommit}, to run once the write has ended well */
    List<Runnable> afterCommitActions() {
        return List.copyOf(afterCommit);
    }
}
