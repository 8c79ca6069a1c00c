package io.github.commscentre.jpa.h2guard;

/**
 * {@code cc_recipient}, before insert or delete, as migration V2 installed it: the recipient list of a sent or failed
 * communication never changes. V3 replaces it with {@link FixedRecipientListGuard}; it stays because V2 names it.
 */
public final class FinishedCommunicationRecipientsGuard extends RecipientListGuard {

    /** For H2, which creates triggers by class name. */
    public FinishedCommunicationRecipientsGuard() {
    }

    @Override
    boolean fixed(Object communicationStatus) {
        return Statuses.isFinished(communicationStatus);
    }
}
