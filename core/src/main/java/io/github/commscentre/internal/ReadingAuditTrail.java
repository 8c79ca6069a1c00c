package io.github.commscentre.internal;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.SignedCheckpoint;
import io.github.commscentre.spi.AuditEventSink;
import io.github.commscentre.spi.MalformedAuditEvent;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * Writes the organisation's whole trail as JSON lines, streaming, from one snapshot of the store's own: the linked
     * events in sequence order, then the pending ones. Each line is the event in canonical JSON (every field the hash
     * covers, and the hash), so that the outsider's script of docs/audit-trail.md checks it as it is. A row that cannot
     * be read as an event is written with what could be read and a {@code malformed} key, so that the script reports
     * the break there rather than the export failing. A detached read runs its work exactly once, so no line is written
     * twice.
     */
    long exportAuditTrail(Caller caller, Appendable out) {
        String org = Callers.reader(caller);
        Texts.requireNonNull("out", out);
        long[] written = {0};
        ports.readDetached(org, tx -> {
            tx.forEachStoredAuditEvent(new AuditEventSink() {
                @Override
                public void accept(AuditEvent event) {
                    line(out, exportLine(event));
                    written[0]++;
                }

                @Override
                public void malformed(MalformedAuditEvent row) {
                    line(out, exportLine(row, org));
                    written[0]++;
                }
            });
            return null;
        });
        return written[0];
    }

    /** @return the event as one line of the export: canonical JSON of the hashed fields and the hash */
    static String exportLine(AuditEvent e) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("actorUserId", e.actorUserId());
        fields.put("communicationId", e.communicationId());
        fields.put("details", e.details());
        fields.put("hash", e.hash());
        fields.put("id", e.id());
        fields.put("occurredAt", e.occurredAt());
        fields.put("organisationId", e.organisationId());
        fields.put("previousHash", e.previousHash());
        fields.put("recipientId", e.recipientId());
        fields.put("sequence", e.sequence());
        fields.put("type", e.type().wireName());
        fields.put("unitIds", e.unitIds());
        return CanonicalJson.encode(fields);
    }

    private static String exportLine(MalformedAuditEvent row, String organisationId) {
        Map<String, Object> fields = new HashMap<>();
        for (String unreadable : List.of("actorUserId", "details", "recipientId", "type", "unitIds")) {
            fields.put(unreadable, null);
        }
        fields.put("communicationId", row.communicationId());
        fields.put("hash", row.hash());
        fields.put("id", row.id());
        fields.put("malformed", row.problem());
        fields.put("occurredAt", row.occurredAt());
        fields.put("organisationId", organisationId);
        fields.put("previousHash", row.previousHash());
        fields.put("sequence", row.sequence());
        return CanonicalJson.encode(fields);
    }

    private static void line(Appendable out, String json) {
        try {
            out.append(json).append('\n');
        } catch (IOException e) {
            throw CommunicationCentreException.unavailable("writing the audit trail export failed", e);
        }
    }
}
