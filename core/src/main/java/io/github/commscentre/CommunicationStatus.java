package io.github.commscentre;

/**
 * Where a communication is in its one-way lifecycle:
 * {@code draft <-> scheduled -> sent}, and {@code draft | scheduled -> failed}.
 * {@link #SENT} and {@link #FAILED} are terminal: the communication and its recipient list never change again.
 */
public enum CommunicationStatus {
    /** Created, not scheduled, not sent. Editable and deletable. */
    DRAFT("draft"),
    /** Has a future {@code scheduledAt}. Still editable and deletable. */
    SCHEDULED("scheduled"),
    /** Marked as sent, with {@code sentAt} and the sending user. Immutable. */
    SENT("sent"),
    /** Sending failed; the failed attempt is kept as evidence. Immutable. */
    FAILED("failed");

    private final String wireName;

    CommunicationStatus(String wireName) {
        this.wireName = wireName;
    }

    /** @return the lower-case name hosts expose, for example {@code sent} */
    public String wireName() {
        return wireName;
    }

    /** @return {@code true} for draft and scheduled: the states in which a communication may still change */
    public boolean isEditable() {
        return this == DRAFT || this == SCHEDULED;
    }

    /**
     * @param wireName a lower-case name such as {@code scheduled}
     * @return the status
     * @throws CommunicationCentreException {@code BAD_REQUEST} naming {@code status} when unknown
     */
    public static CommunicationStatus fromWireName(String wireName) {
        return WireNames.lookup(values(), CommunicationStatus::wireName, wireName, "status");
    }
}
