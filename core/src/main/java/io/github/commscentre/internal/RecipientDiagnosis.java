package io.github.commscentre.internal;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.AuditFinding.Kind;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.internal.CommunicationTrails.Trail;
import io.github.commscentre.spi.StoreTransaction;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static io.github.commscentre.internal.CommunicationTrails.where;

/**
 * When the sums say a finished communication's recipients disagree with its trail, this finds out which: it reads
 * that one communication's events again and names each recipient that no {@code recipients_added} event added before
 * the outcome, each unit added that has no recipient, and each delivery status that is not the one the recipient's
 * last {@code recipient_status_changed} event set: at that event when the stored status could not have followed it (set
 * back), without a sequence when it is ahead of it (moved with no event to say so); and each status event that moves a
 * unit from a status the trail had not left it in. Only on that failure path, only for a communication
 * with a bounded number of events, and only while the report has room: the usual path keeps no unit ids at all.
 */
final class RecipientDiagnosis {

    /** The most events of one communication read back to explain a disagreement. */
    static final int EVENTS_LIMIT = 20_000;

    private final StoreTransaction tx;
    private final VerificationFindings findings;
    private boolean possible = true;

    RecipientDiagnosis(StoreTransaction tx, VerificationFindings findings) {
        this.tx = tx;
        this.findings = findings;
    }

    /**
     * A store may refuse to read a damaged row as an event outside {@code forEachStoredAuditEvent}: after one was met,
     * no communication's events are read back.
     */
    void disable() {
        possible = false;
    }

    /** Where a unit stands according to the trail. */
    private static final class UnitTrail {
        final Long addedBy;
        DeliveryStatus status = DeliveryStatus.PENDING;
        Long statusSequence;
        boolean seen;

        UnitTrail(Long addedBy) {
            this.addedBy = addedBy;
            this.statusSequence = addedBy;
        }
    }

    /** @return whether it reported what disagrees; {@code false} when it could not look (the caller reports in general) */
    boolean explain(UUID communicationId, Trail t) {
        if (!possible || t.events > EVENTS_LIMIT || findings.isFull()) {
            return false;
        }
        long before = findings.count();
        Map<String, UnitTrail> units = new LinkedHashMap<>();
        boolean finished = false;
        for (AuditEvent e : tx.auditEventsOf(communicationId)) {
            Long sequence = e.isLinked() ? e.sequence() : null;
            if (e.type() == AuditEventType.SENT || e.type() == AuditEventType.FAILED) {
                finished = true;
            } else if (e.type() == AuditEventType.RECIPIENTS_ADDED && !finished) {
                e.unitIds().forEach(u -> units.putIfAbsent(u, new UnitTrail(sequence)));
            } else if (e.type() == AuditEventType.RECIPIENT_STATUS_CHANGED && units.containsKey(e.details().get("unitId"))) {
                UnitTrail unit = units.get(e.details().get("unitId"));
                if (!unit.status.wireName().equals(e.details().get("from"))) {
                    // A move no event recorded happened in between (by SQL, say): the event no longer follows the trail.
                    findings.add(Kind.DELIVERY_STATUS, sequence, communicationId, CommunicationTrails.describe(e)
                            + " moves unit " + e.details().get("unitId") + " from " + e.details().get("from")
                            + ", but " + where(unit.statusSequence) + " left it " + unit.status.wireName());
                }
                for (DeliveryStatus s : DeliveryStatus.values()) {
                    if (s.wireName().equals(e.details().get("to"))) {
                        unit.status = s;
                        unit.statusSequence = sequence;
                    }
                }
            }
        }
        String outcome = CommunicationTrails.outcome(t);
        tx.forEachRecipient(communicationId, r -> check(communicationId, r, units.get(r.unitId()), outcome, t));
        units.forEach((unitId, unit) -> {
            if (!unit.seen) {
                findings.add(Kind.RECIPIENTS_RECORD, t.finishSequence, communicationId, "unit " + unitId + " was added to"
                        + " communication " + communicationId + " by " + where(unit.addedBy) + " but has no recipient");
            }
        });
        return findings.count() > before;
    }

    private void check(UUID communicationId, Recipient r, UnitTrail unit, String outcome, Trail t) {
        if (unit == null) {
            findings.add(Kind.RECIPIENTS_RECORD, t.finishSequence, communicationId, "recipient " + r.id() + " (unit "
                    + r.unitId() + ") of communication " + communicationId + " was added by no recipients_added event"
                    + " before its " + outcome);
            return;
        }
        unit.seen = true;
        if (unit.status == r.deliveryStatus()) {
            return;
        }
        String recipient = "recipient " + r.id() + " (unit " + r.unitId() + ") of communication " + communicationId + " is "
                + r.deliveryStatus().wireName();
        if (unit.status.canMoveTo(r.deliveryStatus())) {
            // Ahead of its events: no event records the move. Pointing at the event it moved on from would put the
            // break before a later status event that was deleted, where the chain itself breaks.
            findings.add(Kind.DELIVERY_STATUS, null, communicationId, recipient + " but no recipient_status_changed event"
                    + " moved it there from " + unit.status.wireName() + " (" + where(unit.statusSequence) + ")");
        } else {
            findings.add(Kind.DELIVERY_STATUS, unit.statusSequence, communicationId, recipient + " but "
                    + where(unit.statusSequence) + " left it " + unit.status.wireName());
        }
    }
}
