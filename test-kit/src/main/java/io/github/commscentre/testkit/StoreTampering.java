package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.MerkleNodeKey;

import java.util.UUID;

/**
 * What an attacker with direct access to a store's data could do, bypassing the facade. Each adapter's
 * test supplies one (the in-memory store through package-private hooks, a database through plain SQL)
 * so that the behaviour suite can prove {@code verifyAuditTrail} notices.
 *
 * <p>On PostgreSQL the triggers refuse such edits to a plain connection; an implementation there may
 * bypass them (for example {@code SET session_replication_role = replica} as superuser) to simulate an
 * attacker who can, or throw to show they were refused.
 *
 * <p>The operations added for record checks have defaults that throw {@link UnsupportedOperationException}, so that an
 * existing implementation keeps compiling: the tests that need one are then skipped, not passed.
 */
public interface StoreTampering {

    /** Overwrites one detail value of the stored event at {@code sequence}, leaving its hash as it was. */
    void changeAuditEventDetail(String organisationId, long sequence, String key, String value);

    /** Removes the stored event at {@code sequence} without touching any other event or the chain head. */
    void deleteAuditEvent(String organisationId, long sequence);

    /**
     * Stores {@code event} exactly as given, without moving the chain head; a pending event ({@code sequence} 0) is
     * stored pending, after every other pending event of its organisation.
     */
    void insertAuditEvent(AuditEvent event);

    /**
     * Swaps the contents of two stored events while each row keeps its sequence number
     * (everything but {@code sequence} moves).
     */
    void swapAuditEvents(String organisationId, long sequenceA, long sequenceB);

    /** Overwrites a stored communication's subject directly, whatever its status. */
    void changeCommunicationSubject(String organisationId, UUID communicationId, String subject);

    /** Overwrites the stored linked event at {@code event.sequence()} with {@code event}, every field, hash included. */
    default void rewriteAuditEvent(AuditEvent event) {
        throw unsupported("rewriteAuditEvent");
    }

    /** Sets the organisation's recorded chain head, whatever the events say. */
    default void moveAuditChainHead(String organisationId, long lastSequence, String lastHash) {
        throw unsupported("moveAuditChainHead");
    }

    /** Removes a stored communication and its recipients, whatever its status; its events stay. */
    default void deleteCommunicationRow(String organisationId, UUID communicationId) {
        throw unsupported("deleteCommunicationRow");
    }

    /** Overwrites a stored communication's status, whatever it was, leaving every other field as it is. */
    default void changeCommunicationStatus(String organisationId, UUID communicationId, CommunicationStatus status) {
        throw unsupported("changeCommunicationStatus");
    }

    /** Overwrites every field of the stored recipient with {@code recipient.id()}, whatever its communication's status. */
    default void rewriteRecipient(Recipient recipient) {
        throw unsupported("rewriteRecipient");
    }

    /** Removes one stored recipient, whatever its communication's status. */
    default void deleteRecipientRow(String organisationId, UUID recipientId) {
        throw unsupported("deleteRecipientRow");
    }

    /** Stores a recipient exactly as given, whatever its communication's status. */
    default void insertRecipientRow(Recipient recipient) {
        throw unsupported("insertRecipientRow");
    }

    /** Removes every stored checkpoint of the organisation, as someone covering a rewrite would. */
    default void deleteCheckpoints(String organisationId) {
        throw unsupported("deleteCheckpoints");
    }

    /** Overwrites the hash of a stored node of the organisation's Merkle tree. */
    default void rewriteMerkleNode(String organisationId, MerkleNodeKey key, String hash) {
        throw unsupported("rewriteMerkleNode");
    }

    private static UnsupportedOperationException unsupported(String operation) {
        return new UnsupportedOperationException("this StoreTampering does not implement " + operation);
    }
}
