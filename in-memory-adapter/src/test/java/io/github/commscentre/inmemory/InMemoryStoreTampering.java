package io.github.commscentre.inmemory;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.Communication;
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
        Communication c = store.rawCommunication(organisationId, communicationId)
                .orElseThrow(() -> new IllegalArgumentException("organisation " + organisationId + " has no communication " + communicationId));
        store.tamperPutCommunication(new Communication(c.id(), c.organisationId(), c.communicationType(), subject, c.bodyHtml(),
                c.blockId(), c.unitId(), c.channel(), c.status(), c.scheduledAt(), c.sentAt(), c.sentBy(), c.failedAt(),
                c.failureReason(), c.notes(), c.createdBy(), c.createdAt(), c.updatedAt(), c.version()));
    }

    private AuditEvent existing(String organisationId, long sequence) {
        return store.rawAuditEvent(organisationId, sequence)
                .orElseThrow(() -> new IllegalArgumentException("organisation " + organisationId + " has no event at sequence " + sequence));
    }

    private static AuditEvent atSequence(AuditEvent e, long sequence) {
        return new AuditEvent(e.id(), e.organisationId(), sequence, e.communicationId(), e.recipientId(), e.type(),
                e.actorUserId(), e.occurredAt(), e.details(), e.unitIds(), e.previousHash(), e.hash());
    }
}
