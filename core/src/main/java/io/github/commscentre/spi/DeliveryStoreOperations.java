package io.github.commscentre.spi;

import io.github.commscentre.Communication;
import io.github.commscentre.Recipient;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The part of a {@link StoreTransaction} that delivery needs: the dispatcher's claims and outcomes, and a provider's
 * webhook events applied many at a time. Its own interface only to keep each file to one concern; a store implements
 * it by implementing {@code StoreTransaction}, under the same rules (one organisation, records of another refused).
 */
public interface DeliveryStoreOperations {

    // ---- dispatch -------------------------------------------------------------------------------
    //
    // The dispatcher claims recipients in short transactions of the store's own, hands them to a delivery channel
    // outside any transaction, and records the outcomes in another. A claim is a lease: the recipient's nextAttemptAt
    // is moved to the lease's end, so that no other dispatcher takes it before then, and a claim token is kept with it
    // (store-internal, not part of the record) so that only the claim's holder can record its outcome.

    /**
     * The communications of this organisation the dispatcher has work for: every one in {@code sending}, and every
     * {@code scheduled} one whose {@code scheduledAt} is at or before {@code now}; sending ones first, then by
     * {@code scheduledAt}, then by id. With their bodies: the dispatcher sends them.
     *
     * @param now   the dispatcher's now
     * @param limit the largest number to return
     * @return the communications
     */
    List<Communication> dueCommunications(Instant now, int limit);

    /**
     * Claims pending recipients of a communication for one dispatcher, in {@code position} order: those whose
     * {@code nextAttemptAt} is {@code null} or at or before {@code now}, skipping (never waiting for) rows another
     * transaction has locked ({@code FOR UPDATE SKIP LOCKED}, or a conditional update). Each claimed recipient's
     * {@code dispatchAttempts} grows by one, its {@code nextAttemptAt} becomes {@code leaseUntil}, and it keeps
     * {@code claim} until its outcome is recorded. Two transactions never claim the same recipient at once.
     *
     * @param communicationId the communication
     * @param now             the dispatcher's now
     * @param claim           a token new for this claim
     * @param leaseUntil      when the claim lapses, if its outcome has not been recorded by then
     * @param limit           the largest number to claim
     * @return the claimed recipients, as now stored
     */
    List<Recipient> claimRecipients(UUID communicationId, Instant now, UUID claim, Instant leaseUntil, int limit);

    /**
     * Records the outcomes of a claim, in one round of statements: replaces each stored recipient with its updated
     * state (delivery status, timestamps, reason, provider message id, attempts, nextAttemptAt) only if it still holds
     * {@code claim} and is still pending, and releases the claim. A recipient whose lease lapsed and was claimed by
     * another dispatcher is left as it is: its outcome is that dispatcher's to record.
     *
     * @param claim   the token the recipients were claimed with
     * @param updated the recipients' new states, of this organisation
     * @return the ids of the recipients replaced
     * @throws IllegalArgumentException if one belongs to another organisation
     */
    Set<UUID> recordDispatchOutcomes(UUID claim, List<Recipient> updated);

    // ---- provider events ------------------------------------------------------------------------
    //
    // A batch of provider webhook events is applied in one unit of work per organisation: the recipients it names are
    // locked in one statement (in id order, so that two batches touching the same recipients never deadlock), the
    // event ids seen before are read in one, and the new event ids and the recipients' new states are written in one
    // round each.

    /**
     * Finds recipients of this organisation by the provider message id recorded when their message was accepted,
     * without locking. A provider message id that more than one recipient has (a channel that gave one id to several
     * messages) names none of them and is left out: which one an event means would be a guess.
     *
     * @param providerMessageIds provider message ids (distinct, up to a few thousand)
     * @return the recipient id of each one found, by provider message id
     */
    Map<String, UUID> recipientIdsByProviderMessageId(Collection<String> providerMessageIds);

    /**
     * Reads recipients and locks them against concurrent writers until the end of the transaction, taking the locks
     * in recipient id order.
     *
     * @param recipientIds recipient ids (distinct, up to a few thousand)
     * @return those found in this organisation, by id
     */
    Map<UUID, Recipient> lockRecipients(Collection<UUID> recipientIds);

    /**
     * Finds and locks the recipients a batch of events names, by id and by provider message id, taking the locks in
     * recipient id order: {@link #recipientIdsByProviderMessageId} and {@link #lockRecipients} of the ids given and found,
     * which is what this default does, in two statements. A store that can do both in one round trip overrides it; it
     * may then also lock the recipients of a message id that several share, which names none of them all the same.
     *
     * @param recipientIds       recipient ids (distinct, up to a few thousand)
     * @param providerMessageIds provider message ids (distinct, up to a few thousand)
     * @return the recipients found in this organisation and locked, and which one each message id names
     */
    default NamedRecipients lockNamedRecipients(Collection<UUID> recipientIds, Collection<String> providerMessageIds) {
        Map<String, UUID> byMessageId = providerMessageIds.isEmpty() ? Map.of()
                : recipientIdsByProviderMessageId(providerMessageIds);
        Set<UUID> ids = new LinkedHashSet<>(recipientIds);
        ids.addAll(byMessageId.values());
        return new NamedRecipients(ids.isEmpty() ? Map.of() : lockRecipients(ids), byMessageId);
    }

    /**
     * @param provider the provider's name
     * @param eventIds event ids of that provider (distinct)
     * @return those of them recorded before by {@link #recordProviderEvents}
     */
    Set<String> seenProviderEvents(String provider, Collection<String> eventIds);

    /**
     * Records provider events as seen, so that the same event id of the same provider is a duplicate from now on.
     *
     * @param provider the provider's name
     * @param events   events not seen before
     * @throws io.github.commscentre.CommunicationCentreException {@code CONFLICT} if one was recorded meanwhile
     */
    void recordProviderEvents(String provider, List<ProviderEventRecord> events);

    /**
     * Records the provider events not seen before and answers which those were: {@link #seenProviderEvents} and
     * {@link #recordProviderEvents} of the rest, in one round trip where the store can. An event id recorded meanwhile
     * by a concurrent transaction counts as seen once that transaction has committed (the store waits for it), never as
     * an error.
     *
     * <p>The default makes the two calls one after the other.
     *
     * @param provider the provider's name
     * @param events   events of that provider (distinct event ids)
     * @return the event ids recorded now
     */
    default Set<String> recordNewProviderEvents(String provider, List<ProviderEventRecord> events) {
        Set<String> seen = events.isEmpty() ? Set.of()
                : seenProviderEvents(provider, events.stream().map(ProviderEventRecord::providerEventId).toList());
        List<ProviderEventRecord> fresh = events.stream().filter(e -> !seen.contains(e.providerEventId())).toList();
        if (!fresh.isEmpty()) {
            recordProviderEvents(provider, fresh);
        }
        Set<String> recorded = new LinkedHashSet<>();
        fresh.forEach(e -> recorded.add(e.providerEventId()));
        return recorded;
    }

    /**
     * Compare-and-set of many recipients in one round of statements: replaces each stored recipient's delivery and
     * dispatch state with its updated one only if its stored delivery status is the expected one; the snapshot is never
     * written, as {@link StoreTransaction#updateRecipient}.
     *
     * @param changes the new states and the statuses they expect, of this organisation
     * @return the ids of the recipients replaced
     * @throws IllegalArgumentException if one belongs to another organisation
     */
    Set<UUID> updateRecipients(List<RecipientChange> changes);
}
