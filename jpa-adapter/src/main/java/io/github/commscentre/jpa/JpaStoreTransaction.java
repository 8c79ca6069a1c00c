package io.github.commscentre.jpa;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.SignedCheckpoint;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.spi.AuditEventSink;
import io.github.commscentre.spi.CommunicationKey;
import io.github.commscentre.spi.MerkleHashes;
import io.github.commscentre.spi.MerkleNode;
import io.github.commscentre.spi.MerkleNodeKey;
import io.github.commscentre.spi.RecipientStats;
import io.github.commscentre.spi.UpdateAndAppend;
import jakarta.persistence.EntityManager;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The store's operations on one {@link EntityManager} and its transaction, which is either the adapter's own
 * or the host's. This class enforces the rules of the port (one organisation, no writes in a read) and hands the
 * work to the queries of each concern, which share one {@link TransactionContext}.
 *
 * <p>Rules that keep it correct in both cases:
 * <ul>
 *   <li>None of the adapter's entities stays managed after a method returns (they are detached, never
 *       {@code clear()}ed, because clearing would also detach the host's entities). So bulk {@code UPDATE}s
 *       cannot leave stale entities behind, and memory stays bounded however many rows are streamed.</li>
 *   <li>Writes are flushed inside the method that makes them, so constraint violations surface as
 *       {@code CONFLICT} from the call that caused them.</li>
 *   <li>Every persistence failure is translated by {@link StoreFailures}; exceptions thrown by a consumer
 *       passed in by the facade are not caught here and leave unchanged.</li>
 * </ul>
 */
final class JpaStoreTransaction extends JpaDeliveryOperations {

    private final String organisationId;
    private final CommunicationQueries communications;
    private final RecipientQueries recipients;
    private final AuditChainQueries auditChain;
    private final AuditLinkQueries auditLinks;
    private final StoredAuditEvents storedAuditEvents;
    private final EvidenceQueries evidence;
    private final TransactionContext context;

    /**
     * @param singleCall whether the read runs without a transaction of its own, and so may make one call only
     */
    JpaStoreTransaction(EntityManager em, String organisationId, SqlDialect dialect, boolean readOnly, int batchSize,
                        boolean singleCall) {
        this(new TransactionContext(em, organisationId, dialect, batchSize, singleCall, false, action -> {
            throw new IllegalStateException("afterCommit needs a write");
        }), readOnly);
    }

    /** @param context what the queries share, including whether this is the host's transaction */
    JpaStoreTransaction(TransactionContext context, boolean readOnly) {
        super(new PortRules(context, readOnly), new DispatchQueries(context), new ProviderEventQueries(context));
        this.organisationId = context.organisationId;
        this.context = context;
        this.auditLinks = new AuditLinkQueries(context);
        this.communications = new CommunicationQueries(context);
        this.recipients = new RecipientQueries(context);
        this.auditChain = new AuditChainQueries(context);
        this.storedAuditEvents = new StoredAuditEvents(context);
        this.evidence = new EvidenceQueries(context);
    }

    @Override
    public String organisationId() {
        return organisationId;
    }

    // ---- communications -------------------------------------------------------------------------

    @Override
    public Optional<Communication> findCommunication(UUID id) {
        return communications.find(id);
    }

    @Override
    public Optional<Communication> lockCommunication(UUID id) {
        rules.requireWritable();
        return communications.lock(id);
    }

    @Override
    public List<CommunicationSummary> listCommunications(CommunicationFilter filter, CommunicationKey after, int limit) {
        return communications.listSummaries(filter, after, limit);
    }

    @Override
    public long countCommunications(CommunicationFilter filter) {
        return communications.count(filter);
    }

    @Override
    public void forEachFinishedCommunication(Consumer<Communication> consumer) {
        communications.forEachFinished(consumer);
    }

    @Override
    public void insertCommunication(Communication communication) {
        rules.requireWritableAndNoteWrite();
        rules.requireOwn(communication.organisationId());
        communications.insert(communication);
    }

    @Override
    public boolean updateCommunication(Communication updated, long expectedVersion) {
        rules.requireWritableAndNoteWrite();
        rules.requireOwn(updated.organisationId());
        return communications.update(updated, expectedVersion);
    }

    @Override
    public boolean deleteCommunication(UUID id, long expectedVersion) {
        rules.requireWritableAndNoteWrite();
        return communications.delete(id, expectedVersion);
    }

    // ---- recipients -----------------------------------------------------------------------------

    @Override
    public RecipientStats recipientStats(UUID communicationId) {
        return recipients.stats(communicationId);
    }

    @Override
    public Set<String> existingRecipientUnitIds(UUID communicationId, Collection<String> unitIds) {
        return recipients.existingUnitIds(communicationId, unitIds);
    }

    @Override
    public void insertRecipients(List<Recipient> newRecipients) {
        rules.requireWritableAndNoteWrite();
        newRecipients.forEach(r -> rules.requireOwn(r.organisationId()));
        recipients.insert(newRecipients);
    }

    @Override
    public List<Recipient> listRecipients(UUID communicationId, DeliveryStatus status, long afterPosition, int limit) {
        return recipients.list(communicationId, status, afterPosition, limit);
    }

    @Override
    public void forEachRecipient(UUID communicationId, Consumer<Recipient> consumer) {
        recipients.forEach(communicationId, consumer);
    }

    @Override
    public Optional<Recipient> findRecipient(UUID recipientId) {
        return recipients.find(recipientId);
    }

    @Override
    public Optional<Recipient> lockRecipient(UUID recipientId) {
        rules.requireWritable();
        return recipients.lock(recipientId);
    }

    @Override
    public boolean updateRecipient(Recipient updated, DeliveryStatus expectedStatus) {
        rules.requireWritableAndNoteWrite();
        rules.requireOwn(updated.organisationId());
        return recipients.update(updated, expectedStatus);
    }

    // ---- audit chain ----------------------------------------------------------------------------

    @Override
    public boolean tryAppendLinkedAfter(AuditChainHead expected, AuditEvent linked) {
        rules.requireWritable();
        Objects.requireNonNull(expected, "expected must not be null");
        rules.requireOwn(linked.organisationId());
        // Never inside the host's transaction, as tryLockAuditChain.
        return !context.hostTransaction && auditLinks.tryAppendLinkedAfter(expected, linked);
    }

    @Override
    public boolean updateRecipientAndAppendPending(Recipient updated, DeliveryStatus expectedStatus, AuditEvent pending) {
        rules.requireStatusWrite(updated, expectedStatus, pending);
        if (pending.isLinked()) {
            throw new IllegalArgumentException("the event must be pending: " + pending.id());
        }
        return auditLinks.updateRecipientAndAppendPending(updated, expectedStatus, pending);
    }

    @Override
    public UpdateAndAppend updateRecipientAndTryAppendLinked(Recipient updated, DeliveryStatus expectedStatus,
                                                             AuditChainHead expected, AuditEvent linked) {
        if (context.hostTransaction) {
            // Never the chain lock inside the host's transaction: the update alone, as the default does it there.
            return updateRecipient(updated, expectedStatus) ? UpdateAndAppend.REPLACED_NOT_APPENDED
                    : UpdateAndAppend.NOT_REPLACED;
        }
        rules.requireStatusWrite(updated, expectedStatus, linked);
        Objects.requireNonNull(expected, "expected must not be null");
        return auditLinks.updateRecipientAndTryAppendLinked(updated, expectedStatus, expected, linked);
    }

    @Override
    public Optional<AuditChainHead> tryLockAuditChain() {
        rules.requireWritable();
        // Never inside the host's transaction: the lock would be held for as long as the host pleases.
        return context.hostTransaction ? Optional.empty() : auditLinks.tryLock();
    }

    @Override
    public List<AuditEvent> pendingAuditEvents(int limit) {
        return auditLinks.pending(limit);
    }

    @Override
    public void linkAuditEvents(List<AuditEvent> linked) {
        rules.requireWritableAndNoteWrite();
        linked.forEach(e -> rules.requireOwn(e.organisationId()));
        if (!linked.isEmpty()) {
            auditLinks.link(linked);
        }
    }

    @Override
    public int countPendingAuditEvents(Collection<UUID> eventIds) {
        return eventIds.isEmpty() ? 0 : auditLinks.countPending(eventIds);
    }

    @Override
    public void afterCommit(Runnable action) {
        rules.requireWritable();
        context.afterCommit.accept(java.util.Objects.requireNonNull(action, "action must not be null"));
    }

    @Override
    public void forEachPendingAuditEvent(Consumer<AuditEvent> consumer) {
        auditLinks.forEachPending(consumer);
    }

    @Override
    public AuditChainHead auditChainHead() {
        return auditChain.head();
    }

    @Override
    public void appendAuditEvents(List<AuditEvent> events) {
        rules.requireWritableAndNoteWrite();
        events.forEach(e -> rules.requireOwn(e.organisationId()));
        if (!events.isEmpty()) {
            auditChain.append(events);
        }
    }

    @Override
    public List<AuditEvent> auditEventsOf(UUID communicationId) {
        return auditChain.eventsOf(communicationId);
    }

    @Override
    public void forEachAuditEvent(Consumer<AuditEvent> consumer) {
        auditChain.forEach(consumer);
    }

    @Override
    public void forEachStoredAuditEvent(AuditEventSink sink) {
        storedAuditEvents.forEach(java.util.Objects.requireNonNull(sink, "sink must not be null"));
    }

    // ---- proof of service -----------------------------------------------------------------------

    @Override
    public MerkleHashes readMerkleHashes(Collection<MerkleNodeKey> nodes, Collection<Long> eventSequences) {
        Objects.requireNonNull(nodes, "nodes must not be null");
        Objects.requireNonNull(eventSequences, "eventSequences must not be null");
        return evidence.read(nodes, eventSequences);
    }

    @Override
    public void insertMerkleNodes(List<MerkleNode> nodes) {
        rules.requireWritable();
        if (!nodes.isEmpty()) {
            evidence.insertNodes(List.copyOf(nodes));
        }
    }

    @Override
    public void insertCheckpoint(SignedCheckpoint checkpoint) {
        rules.requireWritable();
        rules.requireOwn(checkpoint.organisationId());
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
        evidence.forEach(Objects.requireNonNull(consumer, "consumer must not be null"));
    }

    @Override
    public boolean erasePersonalData(UUID recipientId) {
        rules.requireWritable();
        return evidence.erasePersonalData(Objects.requireNonNull(recipientId, "recipientId must not be null"));
    }
}
