package io.github.commscentre.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A provider event the store keeps so that a repeat of it is recognised: its id, the recipient it concerned and when
 * it was received.
 *
 * @param providerEventId the provider's event id
 * @param recipientId     the recipient it concerned
 * @param receivedAt      when the library received it (the clock's instant, truncated to microseconds)
 */
public record ProviderEventRecord(String providerEventId, UUID recipientId, Instant receivedAt) {

    /** Null checks. */
    public ProviderEventRecord {
        Objects.requireNonNull(providerEventId, "providerEventId must not be null");
        Objects.requireNonNull(recipientId, "recipientId must not be null");
        Objects.requireNonNull(receivedAt, "receivedAt must not be null");
    }
}
