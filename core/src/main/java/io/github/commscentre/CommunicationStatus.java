package io.github.commscentre;

/**
 * Where a communication is in its one-way lifecycle:
 * {@code draft <-> scheduled -> sent | failed} (a host that sends by itself marks it), and
 * {@code draft | scheduled -> sending -> sent | failed} (the library's dispatcher sends it).
 * While {@link #SENDING}, content and recipients are frozen; {@link #SENT} and {@link #FAILED} are terminal: the
 * communication and its recipient list never change again.
 */
public enum CommunicationStatus {
    /** Created, not scheduled, not sent. Editable and deletable. */
    DRAFT("draft"),
    /** Has a future {@code scheduledAt}. Still editable and deletable. */
    SCHEDULED("scheduled"),
    /**
     * Being sent by the dispatcher: entered by {@code send} or when a scheduled one falls due; {@code sentBy} names who
     * asked for it. Frozen: no edit, recipient, delete, {@code markSent} or {@code markFailed}.
     */
    SENDING("sending"),
    /** Sent: marked sent, or every recipient has an outcome from the dispatcher; {@code sentAt} and who sent it. Immutable. */
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

    /** @return {@code true} for sent and failed, after which nothing about the communication changes */
    public boolean isFinished() {
        return this == SENT || this == FAILED;
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
