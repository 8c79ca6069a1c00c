package io.github.commscentre.internal;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Caller;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Reading a communication's audit events and verifying the organisation's chain: any member may. */
final class ReadingAuditTrail {

    private final Ports ports;
    private final Now now;
    private final Duration linkingBound;

    ReadingAuditTrail(Ports ports, Now now, Duration linkingBound) {
        this.ports = ports;
        this.now = now;
        this.linkingBound = linkingBound;
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
        String org = Callers.reader(caller);
        // A snapshot of its own, never the host's transaction: a READ COMMITTED host would let others' commits appear
        // between two of its statements and look like a break.
        return ports.readDetached(org, tx -> AuditTrailVerifier.verify(tx, now.instant(), linkingBound));
    }
}
