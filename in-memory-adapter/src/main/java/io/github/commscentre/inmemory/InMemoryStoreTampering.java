package io.github.commscentre.inmemory;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.AuditChainHead;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A test hook: plays an attacker with direct access to an {@link InMemoryCommunicationStore}'s data, bypassing the
 * facade and every rule, so that a host can test its alarm path (what its application does when
 * {@code verifyAuditTrail} reports a finding) without a database:
 * <pre>{@code
 * InMemoryCommunicationStore store = new InMemoryCommunicationStore();
 * CommunicationCentre centre = CommunicationCentre.builder().store(store).directory(directory).build();
 * // ... the host's code writes through the centre ...
 * new InMemoryStoreTampering(store).changeAuditEventDetail("org-1", 2, "subject.new", "a quieter subject");
 * AuditVerification v = centre.verifyAuditTrail(admin);  // intact() is false, firstBrokenSequence() is 2
 * }</pre>
 * Each edit is what someone with write access to the tables could do: rewrite a field of an event, delete an event,
 * reorder two, move the chain head, or change a communication or recipient behind the chain's back. Which finding each
 * edit ends as is listed in docs/testing-with-in-memory.md. Like a database's primary key, it refuses to store two
 * events at one sequence; an edit of something that does not exist throws {@link IllegalArgumentException}.
 *
 * <p>Never use it outside tests: nothing the library does needs it, and a store it touched no longer keeps the
 * library's promises.
 */
public final class InMemoryStoreTampering {

    private final InMemoryCommunicationStore store;

    /** @param store the store to tamper with */
    public InMemoryStoreTampering(InMemoryCommunicationStore store) {
        this.store = Objects.requireNonNull(store, "store must not be null");
    }

    /** Overwrites one detail value of the stored event at {@code sequence}, leaving its hash as it was. */
    public void changeAuditEventDetail(String organisationId, long sequence, String key, String value) {
        AuditEvent event = existing(organisationId, sequence);
        Map<String, String> details = new HashMap<>(event.details());
        details.put(key, value);
        store.tamperPutAuditEvent(new AuditEvent(event.id(), event.organisationId(), event.sequence(), event.communicationId(),
                event.recipientId(), event.type(), event.actorUserId(), event.occurredAt(), details, event.unitIds(),
                event.previousHash(), event.hash()));
    }

    /** Removes the stored event at {@code sequence} without touching any other event or the chain head. */
    public void deleteAuditEvent(String organisationId, long sequence) {
        existing(organisationId, sequence);
        store.tamperRemoveAuditEvent(organisationId, sequence);
    }

    /**
     * Stores {@code event} exactly as given, without moving the chain head; a pending event ({@code sequence} 0) is
     * stored pending, after every other pending event of its organisation.
     */
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

    /** Reorders two stored events: each row keeps its sequence number, everything else moves. */
    public void swapAuditEvents(String organisationId, long sequenceA, long sequenceB) {
        AuditEvent a = existing(organisationId, sequenceA);
        AuditEvent b = existing(organisationId, sequenceB);
        store.tamperPutAuditEvent(atSequence(b, sequenceA));
        store.tamperPutAuditEvent(atSequence(a, sequenceB));
    }

    /** Overwrites a stored communication's subject directly, whatever its status. */
    public void changeCommunicationSubject(String organisationId, UUID communicationId, String subject) {
        Communication c = communication(organisationId, communicationId);
        store.tamperPutCommunication(new Communication(c.id(), c.organisationId(), c.communicationType(), subject, c.bodyHtml(),
                c.blockId(), c.unitId(), c.channel(), c.status(), c.scheduledAt(), c.sentAt(), c.sentBy(), c.failedAt(),
                c.failureReason(), c.notes(), c.createdBy(), c.createdAt(), c.updatedAt(), c.version()));
    }

    /** Overwrites the stored linked event at {@code event.sequence()} with {@code event}, every field, hash included. */
    public void rewriteAuditEvent(AuditEvent event) {
        existing(event.organisationId(), event.sequence());
        store.tamperPutAuditEvent(event);
    }

    /** Sets the organisation's recorded chain head, whatever the events say. */
    public void moveAuditChainHead(String organisationId, long lastSequence, String lastHash) {
        store.tamperMoveAuditChainHead(new AuditChainHead(organisationId, lastSequence, lastHash));
    }

    /** Removes a stored communication and its recipients, whatever its status; its events stay. */
    public void deleteCommunicationRow(String organisationId, UUID communicationId) {
        communication(organisationId, communicationId);
        store.tamperRemoveCommunication(organisationId, communicationId);
    }

    /** Overwrites a stored communication's status, whatever it was, leaving every other field as it is. */
    public void changeCommunicationStatus(String organisationId, UUID communicationId, CommunicationStatus status) {
        Communication c = communication(organisationId, communicationId);
        store.tamperPutCommunication(new Communication(c.id(), c.organisationId(), c.communicationType(), c.subject(),
                c.bodyHtml(), c.blockId(), c.unitId(), c.channel(), status, c.scheduledAt(), c.sentAt(), c.sentBy(),
                c.failedAt(), c.failureReason(), c.notes(), c.createdBy(), c.createdAt(), c.updatedAt(), c.version()));
    }

    /** Overwrites every field of the stored recipient with {@code recipient.id()}, whatever its communication's status. */
    public void rewriteRecipient(Recipient recipient) {
        recipient(recipient.organisationId(), recipient.id());
        store.tamperPutRecipient(recipient);
    }

    /** Removes one stored recipient, whatever its communication's status. */
    public void deleteRecipientRow(String organisationId, UUID recipientId) {
        recipient(organisationId, recipientId);
        store.tamperRemoveRecipient(organisationId, recipientId);
    }

    /** Stores a recipient exactly as given, whatever its communication's status. */
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

    /**
     * Deletes every stored signed checkpoint of the organisation, as someone with the database owner's rights could, to
     * hide a rewrite behind them; only checkpoints kept outside the store reveal it then.
     *
     * @param organisationId the organisation
     */
    public void deleteCheckpoints(String organisationId) {
        store.tamperRemoveCheckpoints(organisationId);
    }

    /**
     * Rewrites (or plants) one stored node of the organisation's Merkle tree.
     *
     * @param organisationId the organisation
     * @param key            which node: its level and index
     * @param hash           the hash to store there
     */
    public void rewriteMerkleNode(String organisationId, io.github.commscentre.spi.MerkleNodeKey key, String hash) {
        store.tamperPutMerkleNode(organisationId, key, hash);
    }
}
