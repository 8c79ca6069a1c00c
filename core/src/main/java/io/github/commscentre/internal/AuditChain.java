package io.github.commscentre.internal;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Communication;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.spi.StoreTransaction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Links audit events into an organisation's hash chain and checks the chain. The canonical encoding of
 * an event is the canonical JSON of the object below (every key always present), and
 * {@code hash = lower-hex SHA-256 of its UTF-8 bytes}:
 * <pre>
 * {"actorUserId":..,"communicationId":..,"details":{..},"id":..,"occurredAt":"..Z","organisationId":..,
 *  "previousHash":..,"recipientId":..|null,"sequence":n,"type":"..","unitIds":[..]}
 * </pre>
 */
public final class AuditChain {

    private AuditChain() {
    }

    /** An event the facade wants to append, before it has a place in the chain. */
    record Pending(UUID communicationId, UUID recipientId, AuditEventType type, Map<String, String> details, List<String> unitIds) {
        Pending(UUID communicationId, AuditEventType type, Map<String, String> details) {
            this(communicationId, null, type, details, List.of());
        }
    }

    /** Builds a details map that leaves out absent values, as the encoding has no nulls inside details. */
    static final class Details {
        private final Map<String, String> map = new LinkedHashMap<>();

        Details put(String key, Object value) {
            if (value instanceof Instant instant) {
                map.put(key, CanonicalJson.instant(instant));
            } else if (value != null) {
                map.put(key, value.toString());
            }
            return this;
        }

        Map<String, String> map() {
            return map;
        }
    }

    /**
     * Appends the call's events, pending, and leaves their linking to the linker: at once when the organisation's
     * chain lock is free, after commit otherwise.
     */
    static void append(StoreTransaction tx, AuditLinker linker, String actor, Instant occurredAt, UuidV7 ids,
                       List<Pending> pending) {
        if (pending.isEmpty()) {
            return;
        }
        String organisationId = tx.organisationId();
        List<AuditEvent> events = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            events.add(new AuditEvent(ids.next(), organisationId, 0, p.communicationId(), p.recipientId(), p.type(), actor,
                    occurredAt, p.details(), p.unitIds(), null, null));
        }
        linker.append(tx, events);
    }

    /**
     * @param pending  an event waiting for its place
     * @param sequence its place
     * @param previous the hash of the event before it
     * @return the event linked there, with its hash
     */
    static AuditEvent link(AuditEvent pending, long sequence, String previous) {
        String hash = hash(pending.id(), pending.organisationId(), sequence, pending.communicationId(), pending.recipientId(),
                pending.type(), pending.actorUserId(), pending.occurredAt(), pending.details(), pending.unitIds(), previous);
        return pending.linkedAt(sequence, previous, hash);
    }

    /** @param event a stored event @return the hash its stored fields should have */
    public static String expectedHash(AuditEvent event) {
        return hash(event.id(), event.organisationId(), event.sequence(), event.communicationId(), event.recipientId(),
                event.type(), event.actorUserId(), event.occurredAt(), event.details(), event.unitIds(), event.previousHash());
    }

    /** @param event an event @return its canonical encoding, the text that is hashed */
    public static String canonical(AuditEvent event) {
        return canonical(event.id(), event.organisationId(), event.sequence(), event.communicationId(), event.recipientId(),
                event.type(), event.actorUserId(), event.occurredAt(), event.details(), event.unitIds(), event.previousHash());
    }

    private static String hash(UUID id, String organisationId, long sequence, UUID communicationId, UUID recipientId,
                               AuditEventType type, String actor, Instant occurredAt, Map<String, String> details,
                               List<String> unitIds, String previousHash) {
        return Digests.sha256Hex(canonical(id, organisationId, sequence, communicationId, recipientId, type, actor,
                occurredAt, details, unitIds, previousHash));
    }

    private static String canonical(UUID id, String organisationId, long sequence, UUID communicationId, UUID recipientId,
                                    AuditEventType type, String actor, Instant occurredAt, Map<String, String> details,
                                    List<String> unitIds, String previousHash) {
        // Exactly CanonicalJson.encode of a map of these eleven fields, written field by field in the sorted order of
        // their names, without building and sorting the map for every event (verifying 1,000,000 events spent most
        // of its time here; docs/benchmarks.md).
        StringBuilder out = new StringBuilder(384 + 16 * unitIds.size());
        out.append("{\"actorUserId\":");
        CanonicalJson.write(out, actor);
        out.append(",\"communicationId\":");
        CanonicalJson.write(out, communicationId);
        out.append(",\"details\":");
        CanonicalJson.write(out, details);
        out.append(",\"id\":");
        CanonicalJson.write(out, id);
        out.append(",\"occurredAt\":");
        CanonicalJson.write(out, occurredAt);
        out.append(",\"organisationId\":");
        CanonicalJson.write(out, organisationId);
        out.append(",\"previousHash\":");
        CanonicalJson.write(out, previousHash);
        out.append(",\"recipientId\":");
        CanonicalJson.write(out, recipientId);
        out.append(",\"sequence\":").append(sequence);
        out.append(",\"type\":");
        CanonicalJson.write(out, type.wireName());
        out.append(",\"unitIds\":");
        CanonicalJson.write(out, unitIds);
        return out.append('}').toString();
    }

    /**
     * Recomputes the chain and the sent/failed digests. The first break wins: the smallest sequence at which
     * anything is wrong.
     */
    static AuditVerification verify(StoreTransaction tx, String organisationId) {
        Verifier verifier = new Verifier(organisationId);
        tx.forEachAuditEvent(verifier::accept);
        verifier.checkHead(tx.auditChainHead());
        // Committed events not linked yet are part of the record too: a communication sent a moment ago has its event
        // pending, and the snapshot shows both or neither.
        tx.forEachPendingAuditEvent(verifier::acceptPending);
        List<Communication> mismatched = new ArrayList<>();
        List<UUID> finished = new ArrayList<>();
        tx.forEachFinishedCommunication(c -> {
            FinishEvidence evidence = verifier.finishEvidence.get(c.id());
            if (evidence == null || !evidence.contentSha256.equals(Digests.contentSha256(c))) {
                mismatched.add(c);
            } else {
                finished.add(c.id());
            }
        });
        for (Communication c : mismatched) {
            FinishEvidence evidence = verifier.finishEvidence.get(c.id());
            if (evidence == null) {
                verifier.breakAt(verifier.lastSequence + 1,
                        "communication " + c.id() + " is " + c.status().wireName() + " but no sent or failed event records it");
            } else {
                verifier.breakAt(evidence.sequence, "communication " + c.id() + " no longer matches the content digest of its "
                        + evidence.type + " event");
            }
        }
        for (UUID communicationId : finished) {
            FinishEvidence evidence = verifier.finishEvidence.get(communicationId);
            if (evidence.sequence >= verifier.firstBroken) {
                continue; // a smaller break is already known: no need to read these recipients
            }
            Digests.RecipientSnapshots snapshots = new Digests.RecipientSnapshots();
            tx.forEachRecipient(communicationId, snapshots::add);
            if (!evidence.recipientsSha256.equals(snapshots.hex())) {
                verifier.breakAt(evidence.sequence, "the recipients of communication " + communicationId
                        + " no longer match the snapshot digest of its " + evidence.type + " event");
            }
        }
        return verifier.result();
    }

    private record FinishEvidence(long sequence, String type, String contentSha256, String recipientsSha256) {
    }

    private static final class Verifier {
        private final String organisationId;
        private final Map<UUID, FinishEvidence> finishEvidence = new HashMap<>();
        private long checked;
        private long expectedSequence = 1;
        private long lastSequence;
        private String previousHash = AuditEvent.GENESIS_HASH;
        private long firstBroken = Long.MAX_VALUE;
        private String problem;

        Verifier(String organisationId) {
            this.organisationId = organisationId;
        }

        void accept(AuditEvent e) {
            checked++;
            long sequence = e.sequence();
            if (sequence != expectedSequence) {
                breakAt(Math.min(sequence, expectedSequence), sequence > expectedSequence
                        ? "event " + expectedSequence + " is missing"
                        : "event " + sequence + " appears out of order");
            } else if (!organisationId.equals(e.organisationId())) {
                breakAt(sequence, "event " + sequence + " names another organisation");
            } else if (!previousHash.equals(e.previousHash())) {
                breakAt(sequence, "event " + sequence + " does not link to the hash of event " + (sequence - 1));
            } else if (!expectedHash(e).equals(e.hash())) {
                breakAt(sequence, "event " + sequence + " was altered: its hash does not match its content");
            }
            if (e.type() == AuditEventType.SENT || e.type() == AuditEventType.FAILED) {
                finishEvidence.put(e.communicationId(), new FinishEvidence(sequence, e.type().wireName(),
                        e.details().getOrDefault("contentSha256", ""), e.details().getOrDefault("recipientsSha256", "")));
            }
            expectedSequence = sequence + 1;
            lastSequence = sequence;
            previousHash = e.hash();
        }

        void acceptPending(AuditEvent e) {
            if (e.type() == AuditEventType.SENT || e.type() == AuditEventType.FAILED) {
                finishEvidence.put(e.communicationId(), new FinishEvidence(lastSequence + 1, e.type().wireName(),
                        e.details().getOrDefault("contentSha256", ""), e.details().getOrDefault("recipientsSha256", "")));
            }
        }

        void checkHead(AuditChainHead head) {
            if (head.lastSequence() != lastSequence) {
                breakAt(Math.min(head.lastSequence(), lastSequence) + 1, head.lastSequence() > lastSequence
                        ? "the chain ends at event " + lastSequence + " but its head records event " + head.lastSequence()
                        : "event " + (head.lastSequence() + 1) + " lies beyond the recorded head of the chain");
            } else if (!head.lastHash().equals(previousHash)) {
                breakAt(Math.max(lastSequence, 1), "the last event's hash does not match the recorded head of the chain");
            }
        }

        void breakAt(long sequence, String what) {
            if (sequence < firstBroken) {
                firstBroken = sequence;
                problem = what;
            }
        }

        AuditVerification result() {
            return firstBroken == Long.MAX_VALUE
                    ? AuditVerification.intact(checked)
                    : AuditVerification.broken(checked, firstBroken, problem);
        }
    }
}
