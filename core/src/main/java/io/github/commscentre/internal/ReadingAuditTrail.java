package io.github.commscentre.internal;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Caller;
import io.github.commscentre.SignedCheckpoint;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Reading a communication's audit events and verifying the organisation's chain: any member may. */
final class ReadingAuditTrail {

    private final Ports ports;
    private final Now now;
    private final Duration linkingBound;
    private final EvidenceSettings evidence;

    ReadingAuditTrail(Ports ports, Now now, Duration linkingBound) {
        this(ports, now, linkingBound, EvidenceSettings.none());
    }

    ReadingAuditTrail(Ports ports, Now now, Duration linkingBound, EvidenceSettings evidence) {
        this.ports = ports;
        this.now = now;
        this.linkingBound = linkingBound;
        this.evidence = evidence;
    }

    /** The trail outlives a deleted communication; a communication without any event never existed. */
    List<AuditEvent> auditTrail(Caller caller, UUID communicationId) {
        String org = Callers.reader(caller);
        UUID id = Texts.requireNonNull("communicationId", communicationId);
        List<AuditEvent> events = ports.read(org, tx -> tx.auditEventsOf(id));
        if (events.isEmpty()) {
            throw StoredCommunications.notFound(id);
        }
        return List.copyOf(events);
    }

    AuditVerification verifyAuditTrail(Caller caller) {
        return verifyAuditTrail(caller, List.of());
    }

    /** Also holds the chain against checkpoints the host kept outside the database. */
    AuditVerification verifyAuditTrail(Caller caller, Collection<SignedCheckpoint> supplied) {
        String org = Callers.reader(caller);
        List<SignedCheckpoint> checkpoints = new java.util.ArrayList<>(Texts.requireNonNull("checkpoints", supplied));
        if (checkpoints.contains(null)) {
            throw io.github.commscentre.CommunicationCentreException.badRequest("checkpoints", "must not contain null");
        }
        // A snapshot of its own, never the host's transaction: a READ COMMITTED host would let others' commits appear
        // between two of its statements and look like a break.
        return ports.readDetached(org, tx -> AuditTrailVerifier.verify(tx, now.instant(), linkingBound, evidence,
                checkpoints));
    }
}
