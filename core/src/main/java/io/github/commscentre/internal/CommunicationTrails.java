package io.github.commscentre.internal;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.AuditFinding.Kind;
import io.github.commscentre.DeliveryStatus;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * What the trail says about each communication, read event by event in chain order (linked events, then pending ones
 * in the order they were appended): where it stands in its lifecycle, the evidence of its {@code sent}/{@code failed}
 * event, and sums over the units its events added and the statuses they left them in. A few fields per communication,
 * never its events or units, so that a chain of a million events verifies in bounded memory.
 *
 * <p>The lifecycle of SPEC.md, as events show it: {@code created} or {@code duplicated} first and once; then changes,
 * recipients and schedule moves until one {@code sent} or {@code failed}; after that nothing but
 * {@code recipient_status_changed}; {@code deleted} only before an outcome, and nothing after it. A
 * {@code dispatch_started} event freezes the communication: from then on only {@code dispatch_batch} events, status
 * changes and one outcome; a {@code dispatch_batch} only while it is sending.
 */
final class CommunicationTrails {

    enum Phase { OPEN, SENDING, FINISHED, DELETED }

    /** One communication's trail so far. */
    static final class Trail {
        Phase phase = Phase.OPEN;
        /** How many of its events were read, for deciding whether a detailed diagnosis is affordable. */
        int events;
        /** Its sent/failed event: type, sequence ({@code null} while pending) and the evidence it holds. */
        AuditEventType finishType;
        Long finishSequence;
        OutcomeDigests digests;
        /** 1 or 2, or 0 when the event names a version this library does not know. */
        int recipientsVersion;
        /** Units added while it could still change: count, and the sum of their {@link UnitSums#unit} terms. */
        long addedCount;
        long addedSum;
        /** The sum of each added unit's {@link UnitSums#unitInStatus} term for the status its events left it in. */
        long statusSum;
        /** Set when its stored row was seen among the finished communications. */
        boolean rowSeen;
        /** Recipients whose personal data was erased, with the digest of the snapshot each had; {@code null} when none. */
        Map<UUID, String> erased;
        /** The recipients digest (version 4) of its last {@code personal_data_erased} event, and where that event is. */
        String erasureDigest;
        Long erasureSequence;

        boolean finished() {
            return finishType != null;
        }
    }

    private final Map<UUID, Trail> trails = new HashMap<>();
    private final VerificationFindings findings;
    private final UnitSums sums;

    CommunicationTrails(VerificationFindings findings, UnitSums sums) {
        this.findings = findings;
        this.sums = sums;
    }

    /** @return the trail of a communication the events name, or {@code null} */
    Trail get(UUID communicationId) {
        return trails.get(communicationId);
    }

    void forEach(BiConsumer<UUID, Trail> action) {
        trails.forEach(action);
    }

    /** Applies one readable event, linked or pending, to its communication's trail, reporting what breaks the lifecycle. */
    void accept(AuditEvent e) {
        Long sequence = e.isLinked() ? e.sequence() : null;
        UUID id = e.communicationId();
        AuditEventType type = e.type();
        boolean creates = type == AuditEventType.CREATED || type == AuditEventType.DUPLICATED;
        Trail t = trails.get(id);
        if (t == null) {
            t = new Trail();
            trails.put(id, t);
            if (!creates) {
                lifecycle(sequence, id, describe(e) + " comes before communication " + id + " was created or duplicated");
            }
        } else if (creates) {
            lifecycle(sequence, id, describe(e) + " creates communication " + id + " a second time");
        }
        t.events++;
        if (t.phase == Phase.DELETED) {
            lifecycle(sequence, id, describe(e) + " comes after communication " + id + " was deleted");
            return;
        }
        switch (type) {
            case UPDATED, SCHEDULED, UNSCHEDULED -> {
                if (t.finished()) {
                    afterOutcome(e, sequence, t, "changes");
                } else if (t.phase == Phase.SENDING) {
                    whileSending(e, sequence, "changes");
                }
            }
            case RECIPIENTS_ADDED -> {
                if (t.finished()) {
                    afterOutcome(e, sequence, t, "adds recipients to");
                } else {
                    if (t.phase == Phase.SENDING) {
                        whileSending(e, sequence, "adds recipients to");
                    }
                    addUnits(e, t);
                }
            }
            case DISPATCH_STARTED -> {
                if (t.finished()) {
                    afterOutcome(e, sequence, t, "starts sending");
                } else if (t.phase == Phase.SENDING) {
                    whileSending(e, sequence, "starts sending a second time");
                } else {
                    t.phase = Phase.SENDING;
                }
            }
            case DISPATCH_BATCH -> {
                if (t.phase != Phase.SENDING) {
                    lifecycle(sequence, id, describe(e) + " records dispatch outcomes of communication " + id
                            + (t.finished() ? " after its " + outcome(t) : " that was not sending"));
                }
                applyOutcomes(e, sequence, t);
            }
            case RECIPIENT_STATUS_CHANGED -> moveStatus(e, sequence, t);
            case PERSONAL_DATA_ERASED -> erase(e, sequence, t);
            case SENT, FAILED -> finish(e, sequence, t);
            case DELETED -> {
                if (t.finished()) {
                    afterOutcome(e, sequence, t, "deletes");
                } else if (t.phase == Phase.SENDING) {
                    whileSending(e, sequence, "deletes");
                }
                t.phase = Phase.DELETED;
            }
            default -> {
                // created and duplicated: nothing more to apply
            }
        }
    }

    private void addUnits(AuditEvent e, Trail t) {
        for (String unitId : e.unitIds()) {
            long unit = sums.unit(unitId);
            t.addedCount++;
            t.addedSum += unit;
            t.statusSum += sums.unitInStatus(unit, DeliveryStatus.PENDING);
        }
    }

    /**
     * A batch's outcomes as status moves of its units: accepted, or failed (rejected, unreachable, given up); a unit
     * to be tried later stays pending.
     */
    private void applyOutcomes(AuditEvent e, Long sequence, Trail t) {
        String outcomes = e.details().get("outcomes");
        if (outcomes == null || outcomes.length() != e.unitIds().size()) {
            findings.add(Kind.MALFORMED_EVENT, sequence, e.communicationId(), describe(e)
                    + " does not give one outcome letter per unit (outcomes, unitIds)");
            return;
        }
        for (int i = 0; i < outcomes.length(); i++) {
            DeliveryStatus to = switch (outcomes.charAt(i)) {
                case DispatchBatch.ACCEPTED -> DeliveryStatus.ACCEPTED;
                case DispatchBatch.REJECTED, DispatchBatch.UNREACHABLE, DispatchBatch.GAVE_UP -> DeliveryStatus.FAILED;
                case DispatchBatch.TRY_LATER -> DeliveryStatus.PENDING;
                default -> null;
            };
            if (to == null) {
                findings.add(Kind.MALFORMED_EVENT, sequence, e.communicationId(), describe(e)
                        + " gives an outcome letter this library does not know: " + outcomes.charAt(i));
                return;
            }
            long unit = sums.unit(e.unitIds().get(i));
            t.statusSum += sums.unitInStatus(unit, to) - sums.unitInStatus(unit, DeliveryStatus.PENDING);
        }
    }

    private void whileSending(AuditEvent e, Long sequence, String what) {
        lifecycle(sequence, e.communicationId(), describe(e) + " " + what + " communication " + e.communicationId()
                + " while it was sending");
    }

    private void moveStatus(AuditEvent e, Long sequence, Trail t) {
        String unitId = e.details().get("unitId");
        DeliveryStatus from = status(e.details().get("from"));
        DeliveryStatus to = status(e.details().get("to"));
        if (unitId == null || from == null || to == null) {
            findings.add(Kind.MALFORMED_EVENT, sequence, e.communicationId(), describe(e)
                    + " does not name a unit and two delivery statuses (unitId, from, to)");
            return;
        }
        long unit = sums.unit(unitId);
        t.statusSum += sums.unitInStatus(unit, to) - sums.unitInStatus(unit, from);
    }

    /** Erasure comes years after the outcome, never before it; it names a recipient and the digest of its snapshot. */
    private void erase(AuditEvent e, Long sequence, Trail t) {
        if (!t.finished()) {
            lifecycle(sequence, e.communicationId(), describe(e) + " erases personal data of communication "
                    + e.communicationId() + " before it was sent or failed");
            return;
        }
        String element = e.details().get("elementSha256");
        String digest = e.details().get("recipientsSha256");
        if (e.recipientId() == null || element == null || digest == null
                || !"4".equals(e.details().get(Digests.RECIPIENTS_VERSION_KEY))) {
            findings.add(Kind.MALFORMED_EVENT, sequence, e.communicationId(), describe(e) + " does not name a recipient,"
                    + " the digest of its snapshot and a version 4 recipients digest (recipientId, elementSha256,"
                    + " recipientsSha256, recipientsSha256Version)");
            return;
        }
        if (t.erased == null) {
            t.erased = new HashMap<>();
        }
        t.erased.put(e.recipientId(), element);
        t.erasureDigest = digest;
        t.erasureSequence = sequence;
    }

    private void finish(AuditEvent e, Long sequence, Trail t) {
        if (t.finished()) {
            lifecycle(sequence, e.communicationId(), describe(e) + " is a second outcome of communication "
                    + e.communicationId() + " after its " + outcome(t));
            return;
        }
        t.phase = Phase.FINISHED;
        t.finishType = e.type();
        t.finishSequence = sequence;
        t.digests = new OutcomeDigests(e.details().get("contentSha256"), e.details().get("recipientsSha256"));
        t.recipientsVersion = Digests.recipientsVersion(e.details().get(Digests.RECIPIENTS_VERSION_KEY));
        if (t.recipientsVersion == 0) {
            findings.add(Kind.MALFORMED_EVENT, sequence, e.communicationId(), describe(e)
                    + " names a recipients digest version this library does not know: "
                    + e.details().get(Digests.RECIPIENTS_VERSION_KEY));
        }
    }

    private void afterOutcome(AuditEvent e, Long sequence, Trail t, String what) {
        lifecycle(sequence, e.communicationId(), describe(e) + " " + what + " communication " + e.communicationId()
                + " after its " + outcome(t));
    }

    private void lifecycle(Long sequence, UUID id, String message) {
        findings.add(Kind.LIFECYCLE, sequence, id, message);
    }

    private static DeliveryStatus status(String wireName) {
        for (DeliveryStatus s : DeliveryStatus.values()) {
            if (s.wireName().equals(wireName)) {
                return s;
            }
        }
        return null;
    }

    /** @return "event 12 (updated)" or "pending event 0190... (updated)" */
    static String describe(AuditEvent e) {
        return (e.isLinked() ? "event " + e.sequence() : "pending event " + e.id()) + " (" + e.type().wireName() + ")";
    }

    /** @return "event 12", or "a pending event" */
    static String where(Long sequence) {
        return sequence == null ? "a pending event" : "event " + sequence;
    }

    /** @return "sent event 12", or "pending failed event": a finished trail's outcome */
    static String outcome(Trail t) {
        return t.finishSequence == null ? "pending " + t.finishType.wireName() + " event"
                : t.finishType.wireName() + " event " + t.finishSequence;
    }
}
