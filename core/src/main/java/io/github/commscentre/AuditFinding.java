package io.github.commscentre;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * One thing {@code verifyAuditTrail} found wrong: in the chain itself, or where the stored records disagree with it.
 *
 * @param kind            what sort of problem it is
 * @param sequence        the sequence of the event it concerns; empty for a pending event (which has none yet) and for
 *                        a record no event accounts for
 * @param communicationId the communication it concerns, when there is one
 * @param message         a sentence saying what is wrong
 */
public record AuditFinding(Kind kind, OptionalLong sequence, Optional<UUID> communicationId, String message) {

    /** Null checks. */
    public AuditFinding {
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(sequence, "sequence must not be null");
        Objects.requireNonNull(communicationId, "communicationId must not be null");
        Objects.requireNonNull(message, "message must not be null");
    }

    /**
     * @param kind            what sort of problem it is
     * @param sequence        the event's sequence, or {@code null} when there is none
     * @param communicationId the communication, or {@code null} when there is none
     * @param message         what is wrong
     * @return the finding
     */
    public static AuditFinding of(Kind kind, Long sequence, UUID communicationId, String message) {
        return new AuditFinding(kind, sequence == null ? OptionalLong.empty() : OptionalLong.of(sequence),
                Optional.ofNullable(communicationId), message);
    }

    /** What sort of problem a finding is. */
    public enum Kind {
        /**
         * The chain itself: a sequence missing, repeated or out of order, an event of another organisation, a link to
         * the wrong previous hash, a hash that does not match the event's content, or a chain head that disagrees.
         */
        CHAIN,
        /** A stored event that cannot be read as one: an unknown type, unreadable details or unit ids, a missing value. */
        MALFORMED_EVENT,
        /**
         * Events out of the order the lifecycle allows: an event before its communication was created, a change or a
         * second outcome after {@code sent}/{@code failed}, a {@code deleted} after them, anything after
         * {@code deleted}.
         */
        LIFECYCLE,
        /**
         * A stored communication disagrees with its {@code sent}/{@code failed} event: missing, in another status, its
         * content changed, or finished without any such event.
         */
        COMMUNICATION_RECORD,
        /**
         * The stored recipients of a finished communication disagree with the trail: not the snapshot its
         * {@code sent}/{@code failed} event digested, or not the units its {@code recipients_added} events added.
         */
        RECIPIENTS_RECORD,
        /** A recipient's stored delivery status is not the {@code to} of its last {@code recipient_status_changed} event. */
        DELIVERY_STATUS,
        /** An event still pending (not linked into the chain) for longer than the linking bound: it may be a forgery. */
        PENDING_TOO_LONG,
        /**
         * A signed checkpoint (stored, or supplied to {@code verifyAuditTrail}) that cannot be believed: its signature
         * does not verify, it was signed by a key the facade does not know, it names another organisation, or its root is
         * no hash. It is left out of the other checkpoint checks.
         */
        CHECKPOINT_INVALID,
        /**
         * The chain's Merkle root at a checkpoint's size is not the root the checkpoint signed: events it covers were
         * changed, removed, inserted or reordered after it was signed, even if every hash of the chain was recomputed
         * (a rewind, or a full recompute). The finding names the first event that may have changed: one after the
         * largest checkpoint that still agrees.
         */
        CHECKPOINT_MISMATCH,
        /** The chain ends before a checkpoint's size: events it covers were removed from the end (a truncation). */
        CHECKPOINT_TRUNCATED,
        /**
         * A stored node of the Merkle tree disagrees with the chain, or is missing: inclusion proofs built on it would
         * not verify, so evidence packs of the events below it cannot be made until it is repaired.
         */
        MERKLE_TREE
    }
}
