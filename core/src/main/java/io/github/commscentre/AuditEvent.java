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
 * @param id              the event's id, a UUID version 7
 * @param organisationId  the organisation whose chain it belongs to
 * @param sequence        1-based position in the organisation's chain, without gaps
 * @param communicationId the communication it concerns (kept after the communication is deleted)
 * @param recipientId     the recipient it concerns, for recipient status changes; otherwise {@code null}
 * @param type            what happened
 * @param actorUserId     the acting user
 * @param occurredAt      the clock's instant of the call, truncated to microseconds
 * @param details         what changed, as sorted string pairs (for example {@code subject.old}, {@code subject.new})
 * @param unitIds         the unit ids added, for {@link AuditEventType#RECIPIENTS_ADDED}; otherwise empty
 * @param previousHash    the hash of the previous event, or 64 zeros for the first
 * @param hash            this event's hash, lower-case hex
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

    /** Null checks, and defensive, sorted, unmodifiable copies of details and unit ids. */
    public AuditEvent {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(organisationId, "organisationId must not be null");
        Objects.requireNonNull(communicationId, "communicationId must not be null");
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(actorUserId, "actorUserId must not be null");
        Objects.requireNonNull(occurredAt, "occurredAt must not be null");
        Objects.requireNonNull(previousHash, "previousHash must not be null");
        Objects.requireNonNull(hash, "hash must not be null");
        details = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(details, "details must not be null")));
        unitIds = List.copyOf(Objects.requireNonNull(unitIds, "unitIds must not be null"));
    }
}
