package io.github.commscentre;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One link of an organisation's tamper-evident audit chain: who did what to which communication, and when.
 * {@code hash = SHA-256(UTF-8 of the canonical encoding)}, where the canonical encoding includes
 * {@code previousHash}; see {@code docs/audit-trail.md} for the exact encoding and a verification recipe.
 *
 * <p>A write stores its events <em>pending</em> ({@link #isLinked()} false: sequence 0, no hashes), in the writer's
 * transaction; they are linked into the chain after that transaction commits, in a short transaction of the library's
 * own, and from then on never change. See {@code docs/audit-trail.md}, "Linking after commit".
 *
 * @param id              the event's id, a UUID version 7
 * @param organisationId  the organisation whose chain it belongs to
 * @param sequence        1-based position in the organisation's chain, without gaps; 0 while pending
 * @param communicationId the communication it concerns (kept after the communication is deleted)
 * @param recipientId     the recipient it concerns, for recipient status changes; otherwise {@code null}
 * @param type            what happened
 * @param actorUserId     the acting user
 * @param occurredAt      the clock's instant of the call, truncated to microseconds
 * @param details         what changed, as sorted string pairs (for example {@code subject.old}, {@code subject.new})
 * @param unitIds         the unit ids added, for {@link AuditEventType#RECIPIENTS_ADDED}; otherwise empty
 * @param previousHash    the hash of the previous event, or 64 zeros for the first; {@code null} while pending
 * @param hash            this event's hash, lower-case hex; {@code null} while pending
 */
public record AuditEvent(
        UUID id,
        String organisationId,
        long sequence,
        UUID communicationId,
        UUID recipientId,
        AuditEventType type,
        String actorUserId,
        Instant occurredAt,
        Map<String, String> details,
        List<String> unitIds,
        String previousHash,
        String hash) {

    /** The previous hash of an organisation's first event. */
    public static final String GENESIS_HASH = "0".repeat(64);

    /**
     * Null checks, and defensive, sorted, unmodifiable copies of details and unit ids. An event is either pending
     * (sequence 0, both hashes {@code null}) or linked (sequence 1 or more, both hashes set).
     */
    public AuditEvent {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(organisationId, "organisationId must not be null");
        Objects.requireNonNull(communicationId, "communicationId must not be null");
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(actorUserId, "actorUserId must not be null");
        Objects.requireNonNull(occurredAt, "occurredAt must not be null");
        boolean pending = sequence == 0 && previousHash == null && hash == null;
        boolean linked = sequence > 0 && previousHash != null && hash != null;
        if (!pending && !linked) {
            throw new IllegalArgumentException("an audit event is either pending (sequence 0, no hashes) or linked"
                    + " (sequence 1 or more, both hashes): sequence " + sequence + ", previousHash " + previousHash
                    + ", hash " + hash);
        }
        details = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(details, "details must not be null")));
        unitIds = List.copyOf(Objects.requireNonNull(unitIds, "unitIds must not be null"));
    }

    /** @return whether the event has its place in the chain (sequence and hashes); {@code false} while pending */
    public boolean isLinked() {
        return hash != null;
    }

    /**
     * @param linkedSequence its place in the chain
     * @param linkedPrevious the hash of the event before it
     * @param linkedHash     its own hash
     * @return this event as linked at that place; every other field unchanged
     */
    public AuditEvent linkedAt(long linkedSequence, String linkedPrevious, String linkedHash) {
        return new AuditEvent(id, organisationId, linkedSequence, communicationId, recipientId, type, actorUserId, occurredAt,
                details, unitIds, linkedPrevious, linkedHash);
    }
}
