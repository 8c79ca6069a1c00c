package io.github.commscentre.inmemory;

import io.github.commscentre.Recipient;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One organisation's recipients: by id, and per communication as a {@link RecipientList}, with the dispatcher's claim
 * tokens beside them (a store's own business, not part of the record), and by provider message id for the webhooks
 * that name a message by it. Not thread-safe: the organisation's lock guards it. Its mutations keep the views consistent and know nothing about rollback, which the transaction layers on
 * top.
 */
final class RecipientIndex {

    private final Map<UUID, RecipientList> byCommunication = new HashMap<>();
    private final Map<UUID, Recipient> byId = new HashMap<>();
    /** Recipient id to the token of the claim it holds; a recipient without a claim has no entry. */
    private final Map<UUID, UUID> claims = new HashMap<>();
    /** Provider message id to the recipients that have it: one, unless a channel gave one id to several messages. */
    private final Map<String, Set<UUID>> byProviderMessageId = new HashMap<>();

    /** @return the recipient with this id, or {@code null} */
    Recipient get(UUID id) {
        return byId.get(id);
    }

    boolean contains(UUID id) {
        return byId.containsKey(id);
    }

    /** @return the recipients of the communication, or {@code null} if it has none */
    RecipientList listOf(UUID communicationId) {
        return byCommunication.get(communicationId);
    }

    /**
     * Replaces a stored recipient's delivery and dispatch state with {@code updated}'s, keeping its stored snapshot
     * (unit, position, name, email, address, who added it when), as the database's updates do: an update never
     * writes the snapshot, which only an erasure changes.
     *
     * @param stored  the recipient as stored now
     * @param updated its new state
     */
    void putTracked(Recipient stored, Recipient updated) {
        put(stored.withDelivery(updated.deliveryStatus(), updated.deliveredAt(), updated.openedAt(),
                updated.failureReason(), updated.updatedAt())
                .withDispatch(updated.providerMessageId(), updated.dispatchAttempts(), updated.nextAttemptAt()));
    }

    /** Stores the recipient, replacing the one with its id if there is one; a claim it holds stays. */
    void put(Recipient recipient) {
        Recipient previous = byId.get(recipient.id());
        if (previous != null) {
            detach(previous);
        }
        byCommunication.computeIfAbsent(recipient.communicationId(), c -> new RecipientList()).add(recipient);
        byId.put(recipient.id(), recipient);
        if (recipient.providerMessageId() != null) {
            byProviderMessageId.computeIfAbsent(recipient.providerMessageId(), m -> new LinkedHashSet<>(2))
                    .add(recipient.id());
        }
    }

    /** @return the ids of the recipients that have this provider message id; empty if none */
    Set<UUID> withProviderMessageId(String providerMessageId) {
        return byProviderMessageId.getOrDefault(providerMessageId, Set.of());
    }

    /** @return the token of the claim the recipient holds, or {@code null} */
    UUID claimOf(UUID id) {
        return claims.get(id);
    }

    /** @return the claims held by the communication's recipients, by recipient id */
    Map<UUID, UUID> claimsOf(UUID communicationId) {
        Map<UUID, UUID> found = new HashMap<>();
        RecipientList list = byCommunication.get(communicationId);
        if (list != null) {
            for (Recipient recipient : list.inPositionOrder()) {
                UUID claim = claims.get(recipient.id());
                if (claim != null) {
                    found.put(recipient.id(), claim);
                }
            }
        }
        return found;
    }

    /**
     * @param id    a stored recipient
     * @param claim the token it now holds, or {@code null} to release it
     * @return the token it held before, or {@code null}
     */
    UUID setClaim(UUID id, UUID claim) {
        return claim == null ? claims.remove(id) : claims.put(id, claim);
    }

    /** @return the recipient removed with its claim, or {@code null} if there was none with this id */
    Recipient remove(UUID id) {
        Recipient removed = byId.remove(id);
        if (removed == null) {
            return null;
        }
        claims.remove(id);
        detach(removed);
        return removed;
    }

    private void detach(Recipient removed) {
        forgetProviderMessageId(removed);
        RecipientList list = byCommunication.get(removed.communicationId());
        list.remove(removed);
        if (list.isEmpty()) {
            // An empty list left behind would grow the map with every communication that ever had recipients.
            byCommunication.remove(removed.communicationId());
        }
    }

    private void forgetProviderMessageId(Recipient recipient) {
        String messageId = recipient.providerMessageId();
        if (messageId != null) {
            Set<UUID> ids = byProviderMessageId.get(messageId);
            ids.remove(recipient.id());
            if (ids.isEmpty()) {
                byProviderMessageId.remove(messageId);
            }
        }
    }

    /**
     * Removes a communication's recipients with their claims; the caller that may need them back reads the claims
     * ({@link #claimsOf}) first.
     *
     * @return the recipients removed with their communication, in position order; empty if it had none
     */
    List<Recipient> removeAllOf(UUID communicationId) {
        RecipientList list = byCommunication.remove(communicationId);
        if (list == null) {
            return List.of();
        }
        List<Recipient> removed = list.inPositionOrder();
        for (Recipient recipient : removed) {
            byId.remove(recipient.id());
            claims.remove(recipient.id());
            forgetProviderMessageId(recipient);
        }
        return removed;
    }
}
