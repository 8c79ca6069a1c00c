package io.github.commscentre.jpa.h2guard;

/**
 * {@code cc_recipient}, before insert or delete, since migration V3: the recipient list of a communication being sent,
 * sent or failed never changes.
 */
public final class FixedRecipientListGuard extends RecipientListGuard {

    /** For H2, which creates triggers by class name. */
    public FixedRecipientListGuard() {
    }

    @Override
    boolean fixed(Object communicationStatus) {
        return Statuses.isSending(communicationStatus) || Statuses.isFinished(communicationStatus);
    }
}
