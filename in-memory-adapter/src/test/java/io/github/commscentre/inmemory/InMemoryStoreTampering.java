package io.github.commscentre.inmemory;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.testkit.StoreTampering;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Plays an attacker with direct access to an {@link InMemoryCommunicationStore}'s data, through the store's
 * package-private hooks, so that the behaviour suite can prove {@code verifyAuditTrail} notices every kind of
 * edit. Like a database's primary key, it refuses to store two events at one sequence.
 */
public final class InMemoryStoreTampering implements StoreTampering {

    private final InMemoryCommunicationStore store;

    /** @param store the store to tamper with */
    public InMemoryStoreTampering(InMemoryCommunicationStore store) {
        this.store = Objects.requireNonNull(store, "store must not be null");
    }

    @Override
    public void changeAuditEventDetail(String organisationId, long sequence, String key, String value) {
        AuditEvent event = existing(organisationId, sequence);
        Map<String, String> details = new HashMap<>(event.details());
        details.put(key, value);
        store.tamperPutAuditEvent(new AuditEvent(event.id(), event.organisationId(), event.sequence(), event.communicationId(),
                event.recipientId(), event.type(), event.actorUserId(), event.occurredAt(), details, event.unitIds(),
                event.previousHash(), event.hash()));
    }

    @Override
    public void deleteAuditEvent(String organisationId, long sequence) {
        existing(organisationId, sequence);
        store.tamperRemoveAuditEvent(organisationId, sequence);
    }

    @Override
    public void insertAuditEvent(AuditEvent event) {
        if (!event.isLinked()) {
            store.tamperAppendPendingAuditEvent(event);
            return;
        }
        if (store.rawAuditEvent(event.organisationId(), event.sequence()).isPresent()) {
            throw new IllegalArgumentException("organisation " + event.organisationId() + " already has an event at sequence "
                    + event.sequence() + ": a database's primary key would refuse it too");
        }
        store.tamperPutAuditEvent(event);
    }

    @Override
    public void swapAuditEvents(String organisationId, long sequenceA, long sequenceB) {
        AuditEvent a = existing(organisationId, sequenceA);
        AuditEvent b = existing(organisationId, sequenceB);
        store.tamperPutAuditEvent(atSequence(b, sequenceA));
        store.tamperPutAuditEvent(atSequence(a, sequenceB));
    }

    @Override
    public void changeCommunicationSubject(String organisationId, UUID communicationId, String subject) {
        Communication c = communication(organisationId, communicationId);
        store.tamperPutCommunication(new Communication(c.id(), c.organisationId(), c.communicationType(), subject, c.bodyHtml(),
                c.blockId(), c.unitId(), c.channel(), c.status(), c.scheduledAt(), c.sentAt(), c.sentBy(), c.failedAt(),
                c.failureReason(), c.notes(), c.createdBy(), c.createdAt(), c.updatedAt(), c.version()));
    }

    @Override
    public void rewriteAuditEvent(AuditEvent event) {
        existing(event.organisationId(), event.sequence());
        store.tamperPutAuditEvent(event);
    }

    @Override
    public void moveAuditChainHead(String organisationId, long lastSequence, String lastHash) {
        store.tamperMoveAuditChainHead(new AuditChainHead(organisationId, lastSequence, lastHash));
    }

    @Override
    public void deleteCommunicationRow(String organisationId, UUID communicationId) {
        communication(organisationId, communicationId);
        store.tamperRemoveCommunication(organisationId, communicationId);
    }

    @Override
    public void changeCommunicationStatus(String organisationId, UUID communicationId, CommunicationStatus status) {
        Communication c = communication(organisationId, communicationId);
        store.tamperPutCommunication(new Communication(c.id(), c.organisationId(), c.communicationType(), c.subject(),
                c.bodyHtml(), c.blockId(), c.unitId(), c.channel(), status, c.scheduledAt(), c.sentAt(), c.sentBy(),
                c.failedAt(), c.failureReason(), c.notes(), c.createdBy(), c.createdAt(), c.updatedAt(), c.version()));
    }

    @Override
    public void rewriteRecipient(Recipient recipient) {
        recipient(recipient.organisationId(), recipient.id());
        store.tamperPutRecipient(recipient);
    }

    @Override
    public void deleteRecipientRow(String organisationId, UUID recipientId) {
        recipient(organisationId, recipientId);
        store.tamperRemoveRecipient(organisationId, recipientId);
    }

    @Override
    public void insertRecipientRow(Recipient recipient) {
        if (store.rawRecipient(recipient.organisationId(), recipient.id()).isPresent()) {
            throw new IllegalArgumentException("recipient " + recipient.id() + " exists: a database's primary key would refuse it");
        }
        store.tamperPutRecipient(recipient);
    }

    private Communication communication(String organisationId, UUID id) {
        return store.rawCommunication(organisationId, id)
                .orElseThrow(() -> new IllegalArgumentException("organisation " + organisationId + " has no communication " + id));
    }

    private Recipient recipient(String organisationId, UUID id) {
        return store.rawRecipient(organisationId, id)
                .orElseThrow(() -> new IllegalArgumentException("organisation " + organisationId + " has no recipient " + id));
    }

    private AuditEvent existing(String organisationId, long sequence) {
        return store.rawAuditEvent(organisationId, sequence)
                .orElseThrow(() -> new IllegalArgumentException("organisation " + organisationId + " has no event at sequence " + sequence));
    }

    private static AuditEvent atSequence(AuditEvent e, long sequence) {
        return new AuditEvent(e.id(), e.organisationId(), sequence, e.communicationId(), e.recipientId(), e.type(),
                e.actorUserId(), e.occurredAt(), e.details(), e.unitIds(), e.previousHash(), e.hash());
    }

    @Override
    public void deleteCheckpoints(String organisationId) {
        store.tamperRemoveCheckpoints(organisationId);
    }

    @Override
    public void rewriteMerkleNode(String organisationId, io.github.commscentre.spi.MerkleNodeKey key, String hash) {
        store.tamperPutMerkleNode(organisationId, key, hash);
    }
}
