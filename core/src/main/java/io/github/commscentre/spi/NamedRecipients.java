package io.github.commscentre.spi;

import io.github.commscentre.Recipient;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What {@link DeliveryStoreOperations#lockNamedRecipients} found: the recipients locked, and which of them each
 * provider message id names.
 *
 * @param locked        the recipients found in this organisation and locked, by id; it may hold recipients that no
 *                      message id names (several shared one) besides those named
 * @param byMessageId   the recipient id each provider message id names: only those that exactly one recipient of the
 *                      organisation has
 */
public record NamedRecipients(Map<UUID, Recipient> locked, Map<String, UUID> byMessageId) {

    /** Copies both maps. */
    public NamedRecipients {
        locked = Map.copyOf(Objects.requireNonNull(locked, "locked must not be null"));
        byMessageId = Map.copyOf(Objects.requireNonNull(byMessageId, "byMessageId must not be null"));
    }
}
