package io.github.commscentre.spi;

import io.github.commscentre.Recipient;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What {@link StoreTransaction#lockRecipientsForEvents} found and locked.
 *
 * @param byId                 every recipient locked, by id: those named by id and those a provider message id found
 * @param idsByProviderMessageId the recipient each provider message id names, for those that name exactly one
 */
public record LockedRecipients(Map<UUID, Recipient> byId, Map<String, UUID> idsByProviderMessageId) {

    /** Null checks and unmodifiable copies. */
    public LockedRecipients {
        byId = Map.copyOf(Objects.requireNonNull(byId, "byId must not be null"));
        idsByProviderMessageId = Map.copyOf(Objects.requireNonNull(idsByProviderMessageId,
                "idsByProviderMessageId must not be null"));
    }
}
