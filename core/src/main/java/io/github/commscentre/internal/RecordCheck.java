package io.github.commscentre.internal;

import io.github.commscentre.AuditFinding.Kind;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.internal.CommunicationTrails.Phase;
import io.github.commscentre.internal.CommunicationTrails.Trail;
import io.github.commscentre.spi.StoreTransaction;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The stored records against the trail, after the whole trail was read: every sent/failed communication the store
 * holds has its one outcome event, in its status, with its content digest; every outcome event's communication is
 * stored in that status unless a later {@code deleted} event (itself a lifecycle finding) removed it; and the
 * recipients of each finished communication, streamed one communication at a time, are the snapshot its outcome event
 * digested, exactly the units its {@code recipients_added} events added before that event, each in the status its last
 * {@code recipient_status_changed} event set (pending when none).
 */
final class RecordCheck {

    private final StoreTransaction tx;
    private final CommunicationTrails trails;
    private final VerificationFindings findings;
    private final UnitSums sums;
    private final RecipientDiagnosis diagnosis;

    RecordCheck(StoreTransaction tx, CommunicationTrails trails, VerificationFindings findings, UnitSums sums,
                RecipientDiagnosis diagnosis) {
        this.tx = tx;
        this.trails = trails;
        this.findings = findings;
        this.sums = sums;
        this.diagnosis = diagnosis;
    }

    void run() {
        // Only ids are kept while the store streams: recipients are read afterwards, one communication at a time.
        List<UUID> toCheck = new ArrayList<>();
        tx.forEachFinishedCommunication(c -> {
            if (checkCommunication(c)) {
                toCheck.add(c.id());
            }
        });
        trails.forEach(this::checkStillStored);
        for (UUID id : toCheck) {
            checkRecipients(id, trails.get(id));
        }
    }

    /** @return whether its recipients are worth checking: it has an outcome event in its own status */
    private boolean checkCommunication(Communication c) {
        Trail t = trails.get(c.id());
        if (t == null || !t.finished()) {
            findings.add(Kind.COMMUNICATION_RECORD, null, c.id(), "communication " + c.id() + " is "
                    + c.status().wireName() + " but no sent or failed event records it");
            return false;
        }
        t.rowSeen = true;
        if (statusOf(t.finishType) != c.status()) {
            findings.add(Kind.COMMUNICATION_RECORD, t.finishSequence, c.id(), "communication " + c.id() + " is "
                    + c.status().wireName() + " but its " + CommunicationTrails.outcome(t) + " says otherwise");
            return false;
        }
        if (!t.digests.contentIs(Digests.contentSha256(c))) {
            findings.add(Kind.COMMUNICATION_RECORD, t.finishSequence, c.id(), "communication " + c.id()
                    + " no longer matches the content digest of its " + CommunicationTrails.outcome(t));
        }
        return true;
    }

    /** An outcome event whose communication the store no longer lists as finished: deleted or set back by hand. */
    private void checkStillStored(UUID id, Trail t) {
        if (!t.finished() || t.rowSeen || t.phase == Phase.DELETED) {
            return; // a deleted event after the outcome was reported as a lifecycle finding already
        }
        String what = findings.isFull() ? "is no longer stored as " + t.finishType.wireName()
                : tx.findCommunication(id).map(c -> "is stored as " + c.status().wireName()).orElse("is no longer stored");
        findings.add(Kind.COMMUNICATION_RECORD, t.finishSequence, id, "communication " + id + " has a "
                + CommunicationTrails.outcome(t) + " but " + what);
    }

    private void checkRecipients(UUID id, Trail t) {
        if (t.erased != null) {
            checkErasedRecipients(id, t);
        }
        Digests.RecipientSnapshots snapshots = t.recipientsVersion == 0 || t.erased != null ? null
                : new Digests.RecipientSnapshots(t.recipientsVersion);
        long[] stored = new long[3]; // count, membership sum, status sum
        tx.forEachRecipient(id, r -> {
            if (snapshots != null) {
                snapshots.add(r);
            }
            long unit = sums.unit(r.unitId());
            stored[0]++;
            stored[1] += unit;
            stored[2] += sums.unitInStatus(unit, r.deliveryStatus());
        });
        String outcome = CommunicationTrails.outcome(t);
        if (snapshots != null && !t.digests.recipientsAre(snapshots.hex())) {
            findings.add(Kind.RECIPIENTS_RECORD, t.finishSequence, id, "the recipients of communication " + id
                    + " no longer match the snapshot digest of its " + outcome);
        }
        boolean sameUnits = stored[0] == t.addedCount && stored[1] == t.addedSum;
        boolean sameStatuses = stored[2] == t.statusSum;
        if (sameUnits && sameStatuses) {
            return;
        }
        if (diagnosis.explain(id, t)) {
            return;
        }
        if (!sameUnits) {
            findings.add(Kind.RECIPIENTS_RECORD, t.finishSequence, id, "the recipients of communication " + id
                    + " are not the units its recipients_added events added before its " + outcome);
        } else {
            // Without the diagnosis it is unknown which event the status contradicts: no sequence rather than a wrong one.
            findings.add(Kind.DELIVERY_STATUS, null, id, "a recipient of communication " + id
                    + " has a delivery status its recipient_status_changed events did not leave it in");
        }
    }

    /**
     * A communication with erased recipients: each erased one by the digest its erasure event kept (and without personal
     * data stored any more), the others from their rows, as a version 4 list; the outcome event's own digest when it is
     * of version 4, otherwise the one its last erasure event recorded after checking the rows against the outcome.
     */
    private void checkErasedRecipients(UUID id, Trail t) {
        Digests.RecipientSnapshots snapshots = new Digests.RecipientSnapshots(4);
        List<UUID> stillHoldingData = new ArrayList<>();
        tx.forEachRecipient(id, r -> {
            String element = t.erased.get(r.id());
            if (element == null) {
                snapshots.add(r);
                return;
            }
            snapshots.addElement(element);
            if (r.recipientName() != null || r.recipientEmail() != null || r.postalAddress() != null) {
                stillHoldingData.add(r.id());
            }
        });
        String digest = snapshots.hex();
        boolean matches = t.recipientsVersion == 4 ? t.digests.recipientsAre(digest) : digest.equals(t.erasureDigest);
        if (!matches) {
            findings.add(Kind.RECIPIENTS_RECORD, t.recipientsVersion == 4 ? t.finishSequence : t.erasureSequence, id,
                    "the recipients of communication " + id + " no longer match the snapshot digest of its "
                            + (t.recipientsVersion == 4 ? CommunicationTrails.outcome(t) : "last personal_data_erased event"));
        }
        for (UUID recipient : stillHoldingData) {
            findings.add(Kind.RECIPIENTS_RECORD, t.erasureSequence, id, "recipient " + recipient
                    + " still holds personal data that a personal_data_erased event of communication " + id + " erased");
        }
    }

    private static CommunicationStatus statusOf(AuditEventType outcome) {
        return outcome == AuditEventType.SENT ? CommunicationStatus.SENT : CommunicationStatus.FAILED;
    }

}
