package io.github.commscentre.reliability.support;

import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.AuditEvent;
import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationDetails;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.Page;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything an organisation's users can read, in one comparable value: the listing, every communication with
 * its figures and recipients, every audit trail (of deleted communications too), and the verification. Two equal
 * read-backs mean nothing observable changed in between.
 *
 * @param communications the full listing, newest first
 * @param details        getById of each listed communication
 * @param recipients     every recipient of each listed communication, in order
 * @param trails         the audit trail of each id asked about (empty when it has none)
 * @param count          count of all
 * @param verification   verifyAuditTrail as text
 */
public record ReadBack(List<CommunicationSummary> communications, Map<UUID, CommunicationDetails> details,
                       Map<UUID, List<Recipient>> recipients, Map<UUID, List<AuditEvent>> trails, long count,
                       String verification) {

    /**
     * @param centre       the facade
     * @param org          the organisation
     * @param auditTargets ids whose audit trails to read (deleted ones included)
     * @return the read-back
     */
    public static ReadBack of(CommunicationCentre centre, String org, Collection<UUID> auditTargets) {
        Caller reader = Caller.member(org, "read-back");
        List<CommunicationSummary> all = new ArrayList<>();
        PageRequest page = PageRequest.first(100);
        while (true) {
            Page<CommunicationSummary> p = centre.list(reader, CommunicationFilter.all(), page);
            all.addAll(p.items());
            if (!p.hasNext()) {
                break;
            }
            page = PageRequest.after(p.nextCursor(), 100);
        }
        Map<UUID, CommunicationDetails> details = new LinkedHashMap<>();
        Map<UUID, List<Recipient>> recipients = new LinkedHashMap<>();
        for (CommunicationSummary c : all) {
            details.put(c.id(), centre.getById(reader, c.id()));
            List<Recipient> rs = new ArrayList<>();
            PageRequest rp = PageRequest.first(100);
            while (true) {
                Page<Recipient> p = centre.listRecipients(reader, c.id(), RecipientFilter.all(), rp);
                rs.addAll(p.items());
                if (!p.hasNext()) {
                    break;
                }
                rp = PageRequest.after(p.nextCursor(), 100);
            }
            recipients.put(c.id(), rs);
        }
        Map<UUID, List<AuditEvent>> trails = new LinkedHashMap<>();
        for (UUID id : auditTargets) {
            try {
                trails.put(id, centre.auditTrail(reader, id));
            } catch (CommunicationCentreException e) {
                if (e.code() != ErrorCode.NOT_FOUND) {
                    throw e;
                }
                trails.put(id, List.of());
            }
        }
        return new ReadBack(all, details, recipients, trails, centre.count(reader, CommunicationFilter.all()),
                centre.verifyAuditTrail(reader).toString());
    }
}
