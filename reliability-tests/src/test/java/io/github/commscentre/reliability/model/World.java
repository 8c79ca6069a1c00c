package io.github.commscentre.reliability.model;

import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.AuditEvent;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationDetails;
import io.github.commscentre.Page;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.reliability.model.Refs.Ref;
import io.github.commscentre.reliability.support.Canonical;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One facade over one store, with the translation between the run's handles and that store's ids, and the
 * cursors that store handed out (cursors embed ids, so each store follows its own).
 */
public final class World implements Outcome.Handles {

    private final String name;
    private final CommunicationCentre centre;
    private final List<UUID> communications = new ArrayList<>();
    private final Map<UUID, Integer> communicationHandles = new HashMap<>();
    private final List<UUID> recipients = new ArrayList<>();
    private final Map<UUID, Integer> recipientHandles = new HashMap<>();
    final List<String> communicationCursors = new ArrayList<>();
    final List<String> recipientCursors = new ArrayList<>();
    private long calls;

    /**
     * @param name   for messages: in-memory, h2, postgresql
     * @param centre the facade over the store
     */
    public World(String name, CommunicationCentre centre) {
        this.name = name;
        this.centre = centre;
    }

    /** @return the store's name */
    public String name() {
        return name;
    }

    /** @return the facade; counted as one call */
    CommunicationCentre centre() {
        calls++;
        return centre;
    }

    /** @return how many facade calls this world answered */
    public long calls() {
        return calls;
    }

    @Override
    public UUID communicationId(int handle) {
        return handle >= 0 && handle < communications.size() ? communications.get(handle) : null;
    }

    @Override
    public UUID recipientId(int handle) {
        return handle >= 0 && handle < recipients.size() ? recipients.get(handle) : null;
    }

    UUID resolve(Ref ref) {
        if (ref == null) {
            return null;
        }
        return ref.handle() != null ? communicationId(ref.handle()) : ref.literal();
    }

    UUID resolveRecipient(Ref ref) {
        if (ref == null) {
            return null;
        }
        return ref.handle() != null ? recipientId(ref.handle()) : ref.literal();
    }

    /** A communication id seen for the first time is the next handle: creation order is the same in every store. */
    void registerCommunication(UUID id) {
        if (!communicationHandles.containsKey(id)) {
            communicationHandles.put(id, communications.size());
            communications.add(id);
        }
    }

    /** Learns the ids of recipients just added to a communication, in position order (addRecipients returns counts only). */
    void syncRecipients(String org, UUID communicationId) {
        List<Recipient> all = new ArrayList<>();
        PageRequest page = PageRequest.first(100);
        Caller reader = Caller.member(org, "differential-sync");
        while (true) {
            Page<Recipient> p = centre.listRecipients(reader, communicationId, RecipientFilter.all(), page);
            all.addAll(p.items());
            if (!p.hasNext()) {
                break;
            }
            page = PageRequest.after(p.nextCursor(), 100);
        }
        all.sort(Comparator.comparingLong(Recipient::position));
        for (Recipient r : all) {
            if (!recipientHandles.containsKey(r.id())) {
                recipientHandles.put(r.id(), recipients.size());
                recipients.add(r.id());
            }
        }
    }

    Normalised.Comm norm(Communication c) {
        return new Normalised.Comm(communicationHandles.getOrDefault(c.id(), -1), c.organisationId(), c.communicationType(),
                c.subject(), c.bodyHtml(), c.blockId(), c.unitId(), c.channel(), c.status(), c.scheduledAt(), c.sentAt(),
                c.sentBy(), c.failedAt(), c.failureReason(), c.notes(), c.createdBy(), c.createdAt(), c.updatedAt(), c.version());
    }

    Normalised.Comm norm(CommunicationSummary c) {
        return new Normalised.Comm(communicationHandles.getOrDefault(c.id(), -1), c.organisationId(), c.communicationType(),
                c.subject(), null, c.blockId(), c.unitId(), c.channel(), c.status(), c.scheduledAt(), c.sentAt(),
                c.sentBy(), c.failedAt(), c.failureReason(), c.notes(), c.createdBy(), c.createdAt(), c.updatedAt(), c.version());
    }

    Normalised.Rec norm(Recipient r) {
        return new Normalised.Rec(recipientHandles.getOrDefault(r.id(), -1), r.organisationId(),
                communicationHandles.getOrDefault(r.communicationId(), -1), r.unitId(), r.position(), r.recipientName(),
                r.recipientEmail(), r.deliveryStatus(), r.deliveredAt(), r.openedAt(), r.failureReason(), r.addedAt(),
                r.updatedAt(), r.addedBy());
    }

    Normalised.Details norm(CommunicationDetails d) {
        return new Normalised.Details(norm(d.communication()), d.recipientCount(), new TreeMap<>(d.deliveryCounts()),
                d.recipientsWithoutEmail());
    }

    Normalised.Event norm(AuditEvent e) {
        Integer recipient = e.recipientId() == null ? null : recipientHandles.getOrDefault(e.recipientId(), -1);
        return new Normalised.Event(e.organisationId(), e.sequence(), communicationHandles.getOrDefault(e.communicationId(), -1),
                recipient, e.type(), e.actorUserId(), e.occurredAt(), new TreeMap<>(e.details()), e.unitIds(),
                Canonical.eventHash(e).equals(e.hash()));
    }

    @Override
    public String toString() {
        return name;
    }
}
