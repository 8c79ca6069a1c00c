package io.github.commscentre.internal;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.spi.StoreTransaction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Links audit events into an organisation's hash chain ({@link AuditTrailVerifier} checks it). The canonical encoding of
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
        List<AuditEvent> events = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            events.add(event(tx, actor, occurredAt, ids, p));
        }
        linker.append(tx, events);
    }

    /** @return the event, pending, with an id of its own */
    static AuditEvent event(StoreTransaction tx, String actor, Instant occurredAt, UuidV7 ids, Pending p) {
        return new AuditEvent(ids.next(), tx.organisationId(), 0, p.communicationId(), p.recipientId(), p.type(), actor,
                occurredAt, p.details(), p.unitIds(), null, null);
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
}
