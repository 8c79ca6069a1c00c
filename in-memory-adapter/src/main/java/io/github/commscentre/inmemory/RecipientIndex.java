package io.github.commscentre.inmemory;

import io.github.commscentre.Recipient;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One organisation's recipients: by id, and per communication as a {@link RecipientList}. Not thread-safe: the
 * organisation's lock guards it. Its mutations keep both views consistent and know nothing about rollback,
 * which the transaction layers on top.
 */
final class RecipientIndex {

    private final Map<UUID, RecipientList> byCommunication = new HashMap<>();
    private final Map<UUID, Recipient> byId = new HashMap<>();

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

    /** Stores the recipient, replacing the one with its id if there is one. */
    void put(Recipient recipient) {
        remove(recipient.id());
        byCommunication.computeIfAbsent(recipient.communicationId(), c -> new RecipientList()).add(recipient);
        byId.put(recipient.id(), recipient);
    }

    /** @return the recipient removed, or {@code null} if there was none with this id */
    Recipient remove(UUID id) {
        Recipient removed = byId.remove(id);
        if (removed == null) {
            return null;
        }
        RecipientList list = byCommunication.get(removed.communicationId());
        list.remove(removed);
        if (list.isEmpty()) {
            // An empty list left behind would grow the map with every communication that ever had recipients.
            byCommunication.remove(removed.communicationId());
        }
        return removed;
    }

    /** @return the recipients removed with their communication, in position order; empty if it had none */
    List<Recipient> removeAllOf(UUID communicationId) {
        RecipientList list = byCommunication.remove(communicationId);
        if (list == null) {
            return List.of();
        }
        List<Recipient> removed = list.inPositionOrder();
        for (Recipient recipient : removed) {
            byId.remove(recipient.id());
        }
        return removed;
    }
}
