package io.github.commscentre.inmemory;

import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.ProviderEventRecord;
import io.github.commscentre.spi.RecipientChange;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The operations a batch of provider webhook events needs in one transaction: recipients by provider message id,
 * many recipients locked at once, the event ids seen before, recording new ones, and a compare-and-set of many
 * recipients. Every change, seen events included, is checked before the first one and undone with the transaction.
 *
 * <p>The organisation's write lock is held for the whole unit of work, so "locking" recipients is reading them: no
 * other transaction of the organisation runs meanwhile, in whatever order the ids come.
 */
final class ProviderEventWrites {

    private final OrganisationData data;
    private final TransactionGuard guard;
    private final UndoLog undoLog;

    ProviderEventWrites(OrganisationData data, TransactionGuard guard, UndoLog undoLog) {
        this.data = data;
        this.guard = guard;
        this.undoLog = undoLog;
    }

    Map<String, UUID> recipientIdsByProviderMessageId(Collection<String> providerMessageIds) {
        guard.checkRead();
        Objects.requireNonNull(providerMessageIds, "providerMessageIds must not be null");
        Map<String, UUID> found = new HashMap<>();
        for (String messageId : providerMessageIds) {
            Set<UUID> ids = data.recipients.withProviderMessageId(Objects.requireNonNull(messageId,
                    "a provider message id must not be null"));
            // One id given to several messages names none of them: which one the event means would be a guess.
            if (ids.size() == 1) {
                found.put(messageId, ids.iterator().next());
            }
        }
        return Collections.unmodifiableMap(found);
    }

    Map<UUID, Recipient> lockRecipients(Collection<UUID> recipientIds) {
        guard.checkRead();
        Objects.requireNonNull(recipientIds, "recipientIds must not be null");
        Map<UUID, Recipient> found = new HashMap<>();
        for (UUID id : recipientIds) {
            Recipient recipient = data.recipients.get(Objects.requireNonNull(id, "a recipient id must not be null"));
            if (recipient != null) {
                found.put(id, recipient);
            }
        }
        return Collections.unmodifiableMap(found);
    }

    Set<String> seenProviderEvents(String provider, Collection<String> eventIds) {
        guard.checkRead();
        Objects.requireNonNull(provider, "provider must not be null");
        Objects.requireNonNull(eventIds, "eventIds must not be null");
        Set<String> seen = new HashSet<>();
        for (String eventId : eventIds) {
            if (data.providerEvents.contains(provider, Objects.requireNonNull(eventId, "an event id must not be null"))) {
                seen.add(eventId);
            }
        }
        return Collections.unmodifiableSet(seen);
    }

    void recordProviderEvents(String provider, List<ProviderEventRecord> events) {
        guard.checkWrite();
        Objects.requireNonNull(provider, "provider must not be null");
        Objects.requireNonNull(events, "events must not be null");
        List<ProviderEventRecord> batch = List.copyOf(events);
        // Every check before the first change, so that a refused batch records nothing.
        Set<String> inBatch = new HashSet<>();
        for (ProviderEventRecord event : batch) {
            if (data.providerEvents.contains(provider, event.providerEventId()) || !inBatch.add(event.providerEventId())) {
                throw CommunicationCentreException.conflict("event " + event.providerEventId() + " of provider "
                        + provider + " was recorded already");
            }
        }
        for (ProviderEventRecord event : batch) {
            data.providerEvents.put(provider, event);
        }
        undoLog.record(() -> batch.forEach(e -> data.providerEvents.remove(provider, e.providerEventId())));
    }

    Set<UUID> updateRecipients(List<RecipientChange> changes) {
        guard.checkWrite();
        Objects.requireNonNull(changes, "changes must not be null");
        List<RecipientChange> batch = List.copyOf(changes);
        for (RecipientChange change : batch) {
            Recipient updated = change.updated();
            guard.checkOrganisation(updated.organisationId());
            Recipient stored = data.recipients.get(updated.id());
            if (stored != null && (!stored.communicationId().equals(updated.communicationId())
                    || !stored.unitId().equals(updated.unitId()) || stored.position() != updated.position())) {
                throw new IllegalArgumentException("an update may not change a recipient's communication, unit or "
                        + "position: " + updated.id());
            }
        }
        // One after the other, as a database runs the statements of a batch: a recipient named twice is compared
        // the second time with what the first change stored.
        Set<UUID> replaced = new LinkedHashSet<>();
        List<Recipient> previous = new ArrayList<>();
        for (RecipientChange change : batch) {
            Recipient stored = data.recipients.get(change.updated().id());
            DeliveryStatus expected = change.expectedStatus();
            if (stored == null || stored.deliveryStatus() != expected) {
                continue;
            }
            data.recipients.putTracked(stored, change.updated());
            previous.add(stored);
            replaced.add(stored.id());
        }
        undoLog.record(() -> {
            for (int i = previous.size() - 1; i >= 0; i--) {
                data.recipients.put(previous.get(i));
            }
        });
        return Collections.unmodifiableSet(replaced);
    }
}
