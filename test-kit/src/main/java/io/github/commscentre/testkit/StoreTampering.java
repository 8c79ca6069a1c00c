package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;

import java.util.UUID;

/**
 * What an attacker with direct access to a store's data could do, bypassing the facade. Each adapter's
 * test supplies one (the in-memory store through package-private hooks, a database through plain SQL)
 * so that the behaviour suite can prove {@code verifyAuditTrail} notices.
 *
 * <p>On PostgreSQL the triggers refuse such edits to a plain connection; an implementation there may
 * bypass them (for example {@code SET session_replication_role = replica} as superuser) to simulate an
 * attacker who can, or throw to show they were refused.
 */
public interface StoreTampering {

    /** Overwrites one detail value of the stored event at {@code sequence}, leaving its hash as it was. */
    void changeAuditEventDetail(String organisationId, long sequence, String key, String value);

    /** Removes the stored event at {@code sequence} without touching any other event or the chain head. */
    void deleteAuditEvent(String organisationId, long sequence);

    /** Stores {@code event} exactly as given, without moving the chain head. */
    void insertAuditEvent(AuditEvent event);

    /**
     * Swaps the contents of two stored events while each row keeps its sequence number
     * (everything but {@code sequence} moves).
     */
    void swapAuditEvents(String organisationId, long sequenceA, long sequenceB);

    /** Overwrites a stored communication's subject directly, whatever its status. */
    void changeCommunicationSubject(String organisationId, UUID communicationId, String subject);
}
