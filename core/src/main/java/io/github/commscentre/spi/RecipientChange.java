package io.github.commscentre.spi;

import io.github.commscentre.DeliveryStatus;

import java.util.Objects;

/**
 * One recipient's new state, for {@link StoreTransaction#updateRecipients}, replacing the stored one only if that is
 * still in {@code expectedStatus}.
 *
 * @param updated        the new state
 * @param expectedStatus the delivery status the facade read
 */
public record RecipientChange(io.github.commscentre.Recipient updated, DeliveryStatus expectedStatus) {

    /** Null checks. */
    public RecipientChange {
        Objects.requireNonNull(updated, "updated must not be null");
        Objects.requireNonNull(expectedStatus, "expectedStatus must not be null");
    }
}
