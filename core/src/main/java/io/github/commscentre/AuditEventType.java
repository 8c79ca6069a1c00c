package io.github.commscentre;

/** What an audit event records. */
public enum AuditEventType {
    /** A communication was created (draft or scheduled). */
    CREATED("created"),
    /** Fields of a communication changed: each with old and new value, the body by SHA-256 digest. */
    UPDATED("updated"),
    /** A draft became scheduled through {@code update}. */
    SCHEDULED("scheduled"),
    /** A scheduled communication went back to draft through {@code update}. */
    UNSCHEDULED("unscheduled"),
    /** The dispatcher began sending it (by {@code send}, or because it fell due), with the channel and recipient count. */
    DISPATCH_STARTED("dispatch_started"),
    /**
     * One batch of the dispatcher's outcomes: the units of the batch in order ({@code unitIds}), a letter per unit
     * ({@code outcomes}: {@code a} accepted, {@code r} rejected, {@code u} unreachable, {@code g} given up after the
     * retry budget, {@code t} try later), the counts, and a SHA-256 digest of the recipient ids and outcomes.
     */
    DISPATCH_BATCH("dispatch_batch"),
    /** Marked sent, with digests of the content and of the recipient snapshots, and the recipient count. */
    SENT("sent"),
    /** Marked failed, with the reason. */
    FAILED("failed"),
    /** Deleted, with type, subject, status and recipient count at deletion. */
    DELETED("deleted"),
    /** Recipients were added; the event lists their unit ids. */
    RECIPIENTS_ADDED("recipients_added"),
    /** A recipient's delivery status moved forward (from, to, reason). */
    RECIPIENT_STATUS_CHANGED("recipient_status_changed"),
    /** A communication was created as a copy of another one. */
    DUPLICATED("duplicated"),
    /**
     * A recipient's personal data (name, email, postal address) was erased, years after its communication was sent or
     * failed (the GDPR's right to erasure): the event names the recipient and its unit and keeps the digest of its
     * snapshot ({@code elementSha256}), so that the recipients digest of the {@code sent}/{@code failed} event still
     * verifies, and the recipients digest from then on ({@code recipientsSha256}, version 4).
     */
    PERSONAL_DATA_ERASED("personal_data_erased");

    private final String wireName;

    AuditEventType(String wireName) {
        this.wireName = wireName;
    }

    /** @return the lower-case name used in the canonical encoding, for example {@code recipients_added} */
    public String wireName() {
        return wireName;
    }

    /**
     * @param wireName a lower-case name such as {@code sent}
     * @return the type
     * @throws CommunicationCentreException {@code BAD_REQUEST} naming {@code auditEventType} when unknown
     */
    public static AuditEventType fromWireName(String wireName) {
        return WireNames.lookup(values(), AuditEventType::wireName, wireName, "auditEventType");
    }
}
