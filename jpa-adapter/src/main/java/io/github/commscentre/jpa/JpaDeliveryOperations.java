package io.github.commscentre.jpa;

import io.github.commscentre.Communication;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.NamedRecipients;
import io.github.commscentre.spi.ProviderEventRecord;
import io.github.commscentre.spi.RecipientChange;
import io.github.commscentre.spi.StoreTransaction;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The {@link io.github.commscentre.spi.DeliveryStoreOperations} part of {@link JpaStoreTransaction}: the dispatcher's
 * claims and outcomes and a provider's webhook events, checked against the port's rules and handed to their queries.
 * A class of its own only to keep each file to one concern, as the SPI splits them.
 */
abstract class JpaDeliveryOperations implements StoreTransaction {

    /** The port's rules for this transaction: one organisation, no writes in a read. */
    final PortRules rules;
    private final DispatchQueries dispatch;
    private final ProviderEventQueries providerEvents;

    JpaDeliveryOperations(PortRules rules, DispatchQueries dispatch, ProviderEventQueries providerEvents) {
        this.rules = rules;
        this.dispatch = dispatch;
        this.providerEvents = providerEvents;
    }

    // ---- dispatch -------------------------------------------------------------------------------

    @Override
    public List<Communication> dueCommunications(Instant now, int limit) {
        Objects.requireNonNull(now, "now must not be null");
        PortRules.requireNotNegative(limit);
        return dispatch.due(now, limit);
    }

    @Override
    public List<Recipient> claimRecipients(UUID communicationId, Instant now, UUID claim, Instant leaseUntil, int limit) {
        rules.requireWritableAndNoteWrite();
        Objects.requireNonNull(communicationId, "communicationId must not be null");
        Objects.requireNonNull(now, "now must not be null");
        Objects.requireNonNull(claim, "claim must not be null");
        Objects.requireNonNull(leaseUntil, "leaseUntil must not be null");
        PortRules.requireNotNegative(limit);
        return limit == 0 ? List.of() : dispatch.claim(communicationId, now, claim, leaseUntil, limit);
    }

    @Override
    public Set<UUID> recordDispatchOutcomes(UUID claim, List<Recipient> updated) {
        rules.requireWritableAndNoteWrite();
        Objects.requireNonNull(claim, "claim must not be null");
        updated.forEach(r -> rules.requireOwn(r.organisationId()));
        return updated.isEmpty() ? Set.of() : dispatch.record(claim, List.copyOf(updated));
    }

    // ---- provider events ------------------------------------------------------------------------

    @Override
    public Map<String, UUID> recipientIdsByProviderMessageId(Collection<String> providerMessageIds) {
        Objects.requireNonNull(providerMessageIds, "providerMessageIds must not be null");
        return providerEvents.recipientIdsByProviderMessageId(providerMessageIds);
    }

    @Override
    public Map<UUID, Recipient> lockRecipients(Collection<UUID> recipientIds) {
        rules.requireWritable();
        Objects.requireNonNull(recipientIds, "recipientIds must not be null");
        return providerEvents.lockRecipients(recipientIds);
    }

    @Override
    public NamedRecipients lockNamedRecipients(Collection<UUID> recipientIds, Collection<String> providerMessageIds) {
        rules.requireWritable();
        return providerEvents.lockNamed(Objects.requireNonNull(recipientIds, "recipientIds must not be null"),
                Objects.requireNonNull(providerMessageIds, "providerMessageIds must not be null"))
                .orElseGet(() -> StoreTransaction.super.lockNamedRecipients(recipientIds, providerMessageIds));
    }

    @Override
    public Set<String> recordNewProviderEvents(String provider, List<ProviderEventRecord> events) {
        rules.requireWritableAndNoteWrite();
        Objects.requireNonNull(provider, "provider must not be null");
        Objects.requireNonNull(events, "events must not be null");
        return events.isEmpty() ? Set.of() : providerEvents.recordNew(provider, events).orElseGet(() ->
                StoreTransaction.super.recordNewProviderEvents(provider, events));
    }

    @Override
    public Set<String> seenProviderEvents(String provider, Collection<String> eventIds) {
        Objects.requireNonNull(provider, "provider must not be null");
        Objects.requireNonNull(eventIds, "eventIds must not be null");
        return providerEvents.seen(provider, eventIds);
    }

    @Override
    public void recordProviderEvents(String provider, List<ProviderEventRecord> events) {
        rules.requireWritableAndNoteWrite();
        Objects.requireNonNull(provider, "provider must not be null");
        Objects.requireNonNull(events, "events must not be null");
        providerEvents.record(provider, events);
    }

    @Override
    public Set<UUID> updateRecipients(List<RecipientChange> changes) {
        rules.requireWritableAndNoteWrite();
        Objects.requireNonNull(changes, "changes must not be null");
        // Every organisation checked before the batch runs, so that a refused call changes nothing.
        changes.forEach(c -> rules.requireOwn(c.updated().organisationId()));
        return providerEvents.update(changes);
    }
}
