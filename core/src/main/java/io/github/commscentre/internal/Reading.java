package io.github.commscentre.internal;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationDetails;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.Page;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.spi.CommunicationKey;
import io.github.commscentre.spi.RecipientStats;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reading communications and their recipients: any member of the organisation may. Listings are pages in
 * keyset order; a cursor is signed for its listing (organisation, filter, and for recipients the communication),
 * so a cursor of another listing is refused.
 */
final class Reading {

    private final Ports ports;
    private final Cursors cursors;

    Reading(Ports ports, Cursors cursors) {
        this.ports = ports;
        this.cursors = cursors;
    }

    Page<CommunicationSummary> list(Caller caller, CommunicationFilter filter, PageRequest page) {
        String org = Callers.reader(caller);
        CommunicationFilter f = validFilter(filter);
        int limit = validLimit(page);
        CommunicationKey after = page.cursor() == null ? null : cursors.communicationsAfter(org, f, page.cursor());
        // one row more than asked tells whether there is a next page
        List<CommunicationSummary> rows = ports.read(org, tx -> tx.listCommunications(f, after, limit + 1));
        boolean hasNext = rows.size() > limit;
        List<CommunicationSummary> items = hasNext ? rows.subList(0, limit) : rows;
        String next = null;
        if (hasNext) {
            CommunicationSummary last = items.get(items.size() - 1);
            next = cursors.communications(org, f, new CommunicationKey(last.createdAt(), last.id()));
        }
        return new Page<>(items, next, hasNext);
    }

    long count(Caller caller, CommunicationFilter filter) {
        String org = Callers.reader(caller);
        CommunicationFilter f = validFilter(filter);
        return ports.read(org, tx -> tx.countCommunications(f));
    }

    /** One count per type in one unit of work, so that the counts are of one moment and add up to {@link #count}. */
    Map<CommunicationType, Long> countByType(Caller caller, CommunicationFilter filter) {
        String org = Callers.reader(caller);
        CommunicationFilter f = validFilter(filter);
        Map<CommunicationType, Long> counts = ports.read(org, tx -> {
            Map<CommunicationType, Long> byType = new EnumMap<>(CommunicationType.class);
            for (CommunicationType type : CommunicationType.values()) {
                boolean excluded = f.communicationType() != null && f.communicationType() != type;
                byType.put(type, excluded ? 0L : tx.countCommunications(new CommunicationFilter(f.blockId(), f.unitId(),
                        type, f.status())));
            }
            return byType;
        });
        return Collections.unmodifiableMap(new EnumMap<>(counts));
    }

    /** A recipient of the organisation, whatever its communication's status; another organisation's is not found. */
    Recipient getRecipient(Caller caller, UUID recipientId) {
        String org = Callers.reader(caller);
        UUID id = Texts.requireNonNull("recipientId", recipientId);
        return ports.read(org, tx -> tx.findRecipient(id))
                .orElseThrow(() -> CommunicationCentreException.notFound("recipient " + id + " not found"));
    }

    CommunicationDetails getById(Caller caller, UUID communicationId) {
        String org = Callers.reader(caller);
        UUID id = Texts.requireNonNull("communicationId", communicationId);
        return ports.read(org, tx -> {
            Communication c = tx.findCommunication(id).orElseThrow(() -> StoredCommunications.notFound(id));
            RecipientStats stats = tx.recipientStats(id);
            return new CommunicationDetails(c, stats.total(), stats.byStatus(), stats.withoutEmail());
        });
    }

    Page<Recipient> listRecipients(Caller caller, UUID communicationId, RecipientFilter filter, PageRequest page) {
        String org = Callers.reader(caller);
        UUID id = Texts.requireNonNull("communicationId", communicationId);
        RecipientFilter f = Texts.requireNonNull("filter", filter);
        int limit = validLimit(page);
        long after = page.cursor() == null ? 0 : cursors.recipientsAfter(org, id, f.deliveryStatus(), page.cursor());
        List<Recipient> rows = ports.read(org, tx -> {
            tx.findCommunication(id).orElseThrow(() -> StoredCommunications.notFound(id));
            return tx.listRecipients(id, f.deliveryStatus(), after, limit + 1);
        });
        boolean hasNext = rows.size() > limit;
        List<Recipient> items = hasNext ? rows.subList(0, limit) : rows;
        String next = hasNext ? cursors.recipients(org, id, f.deliveryStatus(), items.get(items.size() - 1).position()) : null;
        return new Page<>(items, next, hasNext);
    }

    private static CommunicationFilter validFilter(CommunicationFilter filter) {
        CommunicationFilter f = Texts.requireNonNull("filter", filter);
        Texts.optionalHostId("filter.blockId", f.blockId());
        Texts.optionalHostId("filter.unitId", f.unitId());
        return f;
    }

    private static int validLimit(PageRequest page) {
        Texts.requireNonNull("page", page);
        if (page.limit() < 1 || page.limit() > PageRequest.MAX_LIMIT) {
            throw CommunicationCentreException.badRequest("limit",
                    "must be 1 to " + PageRequest.MAX_LIMIT + " (was " + page.limit() + ")");
        }
        return page.limit();
    }
}
