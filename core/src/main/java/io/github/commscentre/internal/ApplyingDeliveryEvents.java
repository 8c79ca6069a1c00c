package io.github.commscentre.internal;

import io.github.commscentre.AuditEventType;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.DeliveryEvent;
import io.github.commscentre.DeliveryEvent.Outcome;
import io.github.commscentre.DeliveryEvent.Result;
import io.github.commscentre.DeliveryProvider;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.internal.AuditChain.Details;
import io.github.commscentre.internal.AuditChain.Pending;
import io.github.commscentre.spi.NamedRecipients;
import io.github.commscentre.spi.ProviderEventRecord;
import io.github.commscentre.spi.RecipientChange;
import io.github.commscentre.spi.StoreTransaction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Applying a batch of provider webhook events: each event is matched to its recipient by correlation token or by
 * provider message id, within one organisation, and answered on its own (applied, duplicate, stale, unknown,
 * rejected); one bad event never fails the batch. Each organisation's events are applied in one unit of work of a
 * handful of statements, whatever their number. Within a batch, a recipient's events are applied in the order they
 * occurred, so that a batch delivered shuffled leaves the same record as one delivered in order.
 */
final class ApplyingDeliveryEvents {

    /** The most events one call takes: a provider's burst is split by the host's web framework well before this. */
    static final int MAX_EVENTS = 5_000;
    static final int EVENT_ID_MAX = 200;
    static final int PROVIDER_NAME_MAX = 90;

    private final Ports ports;
    private final Now now;
    private final AuditLog audit;
    private final CorrelationTokens tokens;

    ApplyingDeliveryEvents(Ports ports, Now now, AuditLog audit, CorrelationTokens tokens) {
        this.ports = ports;
        this.now = now;
        this.audit = audit;
        this.tokens = tokens;
    }

    /** One event on its way: where it sits in the batch, and what it names. */
    private record Incoming(int index, DeliveryEvent event, UUID recipientId, String providerMessageId) {
    }

    List<Result> apply(DeliveryProvider provider, List<DeliveryEvent> events) {
        Texts.requireNonNull("provider", provider);
        String name = Texts.requiredStripped("provider.name", provider.name(), PROVIDER_NAME_MAX);
        String onlyOrg = Texts.optionalHostId("provider.organisationId", provider.organisationId());
        Texts.requireNonNull("events", events);
        if (events.size() > MAX_EVENTS) {
            throw CommunicationCentreException.badRequest("events", "must be at most " + MAX_EVENTS + " a call (was "
                    + events.size() + ")");
        }
        Result[] results = new Result[events.size()];
        Map<String, List<Incoming>> byOrganisation = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            DeliveryEvent e = events.get(i);
            String problem = problem(e);
            if (problem != null) {
                results[i] = new Result(i, e == null ? null : e.providerEventId(), Outcome.REJECTED, null, problem);
                continue;
            }
            String org;
            Incoming incoming;
            if (e.correlationToken() != null) {
                Optional<CorrelationTokens.Named> named = tokens.open(e.correlationToken());
                if (named.isEmpty()) {
                    results[i] = rejected(i, e, "correlationToken: not a token of this library, or altered");
                    continue;
                }
                org = named.get().organisationId();
                incoming = new Incoming(i, e, named.get().recipientId(), null);
            } else {
                org = e.organisationId() != null ? e.organisationId() : onlyOrg;
                if (org == null) {
                    results[i] = rejected(i, e, "organisationId: an event matched by provider message id needs its"
                            + " organisation, from the event or from the provider");
                    continue;
                }
                incoming = new Incoming(i, e, null, e.providerMessageId());
            }
            if (onlyOrg != null && !onlyOrg.equals(org)) {
                results[i] = rejected(i, e, (e.correlationToken() != null ? "correlationToken" : "organisationId")
                        + ": names an organisation this provider does not serve");
                continue;
            }
            byOrganisation.computeIfAbsent(org, k -> new ArrayList<>()).add(incoming);
        }
        byOrganisation.forEach((org, incoming) -> ports.write(org, tx -> {
            applyInOrganisation(tx, name, incoming, results);
            return null;
        }));
        return Arrays.asList(results);
    }

    private void applyInOrganisation(StoreTransaction tx, String provider, List<Incoming> incoming, Result[] results) {
        Set<String> messageIds = new HashSet<>();
        for (Incoming in : incoming) {
            if (in.providerMessageId() != null) {
                messageIds.add(in.providerMessageId());
            }
        }
        Set<UUID> ids = new HashSet<>();
        for (Incoming in : incoming) {
            if (in.recipientId() != null) {
                ids.add(in.recipientId());
            }
        }
        NamedRecipients named = ids.isEmpty() && messageIds.isEmpty()
                ? new NamedRecipients(Map.of(), Map.of()) : tx.lockNamedRecipients(ids, messageIds);
        Map<String, UUID> byMessageId = named.byMessageId();
        Map<UUID, Recipient> recipients = named.locked();

        Map<UUID, List<Incoming>> byRecipient = new LinkedHashMap<>();
        for (Incoming in : incoming) {
            UUID id = in.recipientId() != null ? in.recipientId() : byMessageId.get(in.providerMessageId());
            if (id == null || !recipients.containsKey(id)) {
                results[in.index()] = new Result(in.index(), in.event().providerEventId(), Outcome.UNKNOWN, null,
                        in.recipientId() != null ? "no recipient " + in.recipientId() + " in its organisation"
                                : "no recipient with provider message id " + in.providerMessageId());
                continue;
            }
            byRecipient.computeIfAbsent(id, k -> new ArrayList<>()).add(in);
        }
        Instant at = now.instant();
        // Each recipient's events in the order they occurred; an event id's first place in that order is the one that
        // counts, and the store records it only if it has not seen it before, in the same round trip that tells.
        Map<String, ProviderEventRecord> firstPlaces = new LinkedHashMap<>();
        byRecipient.forEach((id, events) -> {
            events.sort(Comparator.comparing((Incoming in) -> in.event().occurredAt())
                    .thenComparing(in -> in.event().status().ordinal()).thenComparingInt(Incoming::index));
            for (Incoming in : events) {
                firstPlaces.putIfAbsent(in.event().providerEventId(), new ProviderEventRecord(in.event().providerEventId(), id, at));
            }
        });
        Set<String> recorded = firstPlaces.isEmpty() ? Set.of()
                : tx.recordNewProviderEvents(provider, List.copyOf(firstPlaces.values()));
        Set<String> taken = new HashSet<>();

        List<RecipientChange> changes = new ArrayList<>();
        List<Pending> trail = new ArrayList<>();
        byRecipient.forEach((id, events) -> {
            Recipient original = recipients.get(id);
            Recipient current = original;
            for (Incoming in : events) {
                DeliveryEvent e = in.event();
                if (!recorded.contains(e.providerEventId()) || !taken.add(e.providerEventId())) {
                    results[in.index()] = new Result(in.index(), e.providerEventId(), Outcome.DUPLICATE, id,
                            "event " + e.providerEventId() + " of " + provider + " was seen before");
                    continue;
                }
                DeliveryStatus from = current.deliveryStatus();
                if (from == e.status() || !from.canMoveTo(e.status())) {
                    results[in.index()] = new Result(in.index(), e.providerEventId(), Outcome.STALE, id,
                            from == e.status() ? "already " + from.wireName()
                                    : "cannot move back from " + from.wireName() + " to " + e.status().wireName());
                    continue;
                }
                Recipient next = moved(current, e, at);
                trail.add(statusChanged(current, next, e, provider, at));
                results[in.index()] = new Result(in.index(), e.providerEventId(), Outcome.APPLIED, id, null);
                current = next;
            }
            if (current != original) {
                changes.add(new RecipientChange(current, original.deliveryStatus()));
            }
        });
        if (!changes.isEmpty() && tx.updateRecipients(changes).size() != changes.size()) {
            // the recipients are locked: only a store that does not keep its locks gets here
            throw CommunicationCentreException.conflict("recipients were changed concurrently: apply the batch again");
        }
        audit.append(tx, "provider:" + provider, at, trail);
    }

    /** The recipient after the event: the provider's instant, bounded by the clock, for when it happened. */
    private static Recipient moved(Recipient r, DeliveryEvent e, Instant receivedAt) {
        Instant happened = happened(r, e, receivedAt);
        DeliveryStatus to = e.status();
        Instant deliveredAt = r.deliveredAt();
        if (deliveredAt == null && (to == DeliveryStatus.DELIVERED || to == DeliveryStatus.OPENED)) {
            deliveredAt = happened;
        }
        Instant openedAt = to == DeliveryStatus.OPENED ? happened : r.openedAt();
        String reason = to.acceptsFailureReason() ? ProviderTexts.storable(e.reason(), Texts.REASON_MAX) : r.failureReason();
        return r.withDelivery(to, deliveredAt, openedAt, reason, receivedAt);
    }

    /** Not after it was received (a provider's clock runs ahead), not before the recipient was added. */
    private static Instant happened(Recipient r, DeliveryEvent e, Instant receivedAt) {
        Instant given = Now.truncate(e.occurredAt());
        if (given.isAfter(receivedAt)) {
            return receivedAt;
        }
        return given.isBefore(r.addedAt()) ? r.addedAt() : given;
    }

    private static Pending statusChanged(Recipient before, Recipient after, DeliveryEvent e, String provider, Instant at) {
        Instant happened = after.deliveryStatus() == DeliveryStatus.OPENED ? after.openedAt()
                : after.deliveryStatus() == DeliveryStatus.DELIVERED ? after.deliveredAt() : happened(before, e, at);
        return new Pending(before.communicationId(), before.id(), AuditEventType.RECIPIENT_STATUS_CHANGED, new Details()
                .put("unitId", before.unitId())
                .put("from", before.deliveryStatus().wireName())
                .put("to", after.deliveryStatus().wireName())
                .put("reason", after.deliveryStatus().acceptsFailureReason() ? after.failureReason() : null)
                .put("provider", provider)
                .put("providerEventId", e.providerEventId())
                .put("occurredAt", happened)
                .put("providerOccurredAt", Now.truncate(e.occurredAt()).equals(happened) ? null : Now.truncate(e.occurredAt()))
                .put("receivedAt", at)
                .map(), List.of());
    }

    /** @return "field: what is wrong" for an event that cannot be applied as given, or {@code null} */
    private static String problem(DeliveryEvent e) {
        if (e == null) {
            return "event: must not be null";
        }
        String id = e.providerEventId();
        if (id == null || id.isBlank() || id.length() > EVENT_ID_MAX || !wellFormed(id)) {
            return "providerEventId: must be 1 to " + EVENT_ID_MAX + " characters of well-formed text";
        }
        if (e.status() == null) {
            return "status: must not be null";
        }
        if (e.status() == DeliveryStatus.PENDING) {
            return "status: pending is not something a provider reports";
        }
        if (e.occurredAt() == null) {
            return "occurredAt: must not be null";
        }
        if (e.correlationToken() == null && e.providerMessageId() == null) {
            return "correlationToken: an event needs a correlation token or a provider message id";
        }
        if (e.correlationToken() == null && (e.providerMessageId().isEmpty()
                || e.providerMessageId().length() > DispatchBatch.PROVIDER_MESSAGE_ID_MAX || !wellFormed(e.providerMessageId()))) {
            return "providerMessageId: must be 1 to " + DispatchBatch.PROVIDER_MESSAGE_ID_MAX + " characters of well-formed text";
        }
        if (e.correlationToken() == null && e.organisationId() != null && !validHostId(e.organisationId())) {
            return "organisationId: must be 1 to " + Texts.HOST_ID_MAX + " characters of well-formed text";
        }
        return null;
    }

    private static boolean wellFormed(String s) {
        try {
            Texts.requireWellFormed("value", s);
            return true;
        } catch (CommunicationCentreException e) {
            return false;
        }
    }

    private static boolean validHostId(String s) {
        try {
            Texts.hostId("organisationId", s);
            return true;
        } catch (CommunicationCentreException e) {
            return false;
        }
    }

    private static Result rejected(int index, DeliveryEvent e, String detail) {
        return new Result(index, e.providerEventId(), Outcome.REJECTED, null, detail);
    }
}
