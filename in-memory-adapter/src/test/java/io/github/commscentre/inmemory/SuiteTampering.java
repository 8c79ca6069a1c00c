package io.github.commscentre.inmemory;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.testkit.StoreTampering;

import java.util.UUID;

/** The behaviour suite's view of the public test hook {@link InMemoryStoreTampering}: every edit, one to one. */
final class SuiteTampering implements StoreTampering {

    private final InMemoryStoreTampering tampering;

    SuiteTampering(InMemoryCommunicationStore store) {
        this.tampering = new InMemoryStoreTampering(store);
    }

    @Override
    public void changeAuditEventDetail(String organisationId, long sequence, String key, String value) {
        tampering.changeAuditEventDetail(organisationId, sequence, key, value);
    }

    @Override
    public void deleteAuditEvent(String organisationId, long sequence) {
        tampering.deleteAuditEvent(organisationId, sequence);
    }

    @Override
    public void insertAuditEvent(AuditEvent event) {
        tampering.insertAuditEvent(event);
    }

    @Override
    public void swapAuditEvents(String organisationId, long sequenceA, long sequenceB) {
        tampering.swapAuditEvents(organisationId, sequenceA, sequenceB);
    }

    @Override
    public void changeCommunicationSubject(String organisationId, UUID communicationId, String subject) {
        tampering.changeCommunicationSubject(organisationId, communicationId, subject);
    }

    @Override
    public void rewriteAuditEvent(AuditEvent event) {
        tampering.rewriteAuditEvent(event);
    }

    @Override
    public void moveAuditChainHead(String organisationId, long lastSequence, String lastHash) {
        tampering.moveAuditChainHead(organisationId, lastSequence, lastHash);
    }

    @Override
    public void deleteCommunicationRow(String organisationId, UUID communicationId) {
        tampering.deleteCommunicationRow(organisationId, communicationId);
    }

    @Override
    public void changeCommunicationStatus(String organisationId, UUID communicationId, CommunicationStatus status) {
        tampering.changeCommunicationStatus(organisationId, communicationId, status);
    }

    @Override
    public void rewriteRecipient(Recipient recipient) {
        tampering.rewriteRecipient(recipient);
    }

    @Override
    public void deleteRecipientRow(String organisationId, UUID recipientId) {
        tampering.deleteRecipientRow(organisationId, recipientId);
    }

    @Override
    public void insertRecipientRow(Recipient recipient) {
        tampering.insertRecipientRow(recipient);
    }

    @Override
    public void deleteCheckpoints(String organisationId) {
        tampering.deleteCheckpoints(organisationId);
    }

    @Override
    public void rewriteMerkleNode(String organisationId, io.github.commscentre.spi.MerkleNodeKey key, String hash) {
        tampering.rewriteMerkleNode(organisationId, key, hash);
    }
}
