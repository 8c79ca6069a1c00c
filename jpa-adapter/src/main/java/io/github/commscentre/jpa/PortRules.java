package io.github.commscentre.jpa;

/**
 * The rules of the store port that one unit of work checks before any SQL runs: records of another organisation are
 * refused, limits are not negative, and nothing is written inside {@code CommunicationStore.read}.
 */
final class PortRules {

    private final TransactionContext context;
    private final boolean readOnly;

    PortRules(TransactionContext context, boolean readOnly) {
        this.context = context;
        this.readOnly = readOnly;
    }

    /** Records of another organisation are a programming error of the caller, refused before any SQL runs. */
    void requireOwn(String recordOrganisationId) {
        if (!context.organisationId.equals(recordOrganisationId)) {
            throw new IllegalArgumentException("this unit of work was started for organisation " + context.organisationId
                    + ", not " + recordOrganisationId);
        }
    }

    static void requireNotNegative(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
    }

    /** For an operation that writes: from then on a failure of the work dooms the host's transaction. */
    void requireWritableAndNoteWrite() {
        requireWritable();
        context.noteWrite();
    }

    void requireWritable() {
        if (readOnly) {
            throw new IllegalStateException("write operation inside CommunicationStore.read");
        }
    }

    /** A status update's write: the recipient and its event of this organisation, and the status it must have. */
    void requireStatusWrite(io.github.commscentre.Recipient updated, io.github.commscentre.DeliveryStatus expectedStatus,
                            io.github.commscentre.AuditEvent event) {
        requireWritableAndNoteWrite();
        requireOwn(updated.organisationId());
        java.util.Objects.requireNonNull(expectedStatus, "expectedStatus must not be null");
        requireOwn(event.organisationId());
    }
}
