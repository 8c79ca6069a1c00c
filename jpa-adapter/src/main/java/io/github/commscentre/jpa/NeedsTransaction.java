package io.github.commscentre.jpa;

/**
 * Thrown when read work run without a transaction of its own turns out to need one (a second statement, or a
 * stream); the store runs the work again inside a read-only transaction. It never reaches the facade.
 */
final class NeedsTransaction extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Carries nothing and is caught at once, so one shared instance without a stack trace serves. */
    static final NeedsTransaction SIGNAL = new NeedsTransaction();

    private NeedsTransaction() {
        super("this read needs a transaction of its own", null, false, false);
    }
}
