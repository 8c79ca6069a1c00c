package io.github.commscentre.spi;

/**
 * What {@link StoreTransaction#updateRecipientAndTryAppendLinked} did.
 */
public enum UpdateAndAppend {
    /** The stored delivery status was not the expected one: nothing was written. */
    NOT_REPLACED,
    /** The recipient was replaced; the event was not appended (the chain lock was busy, or the guess was wrong). */
    REPLACED_NOT_APPENDED,
    /** The recipient was replaced and the linked event appended, the chain lock held until the transaction ends. */
    REPLACED_AND_APPENDED
}
