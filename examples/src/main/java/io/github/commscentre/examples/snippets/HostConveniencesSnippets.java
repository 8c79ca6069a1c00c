package io.github.commscentre.examples.snippets;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The reading conveniences of {@code docs/getting-started.md}, compiled; {@code DocsSnippetsTest} proves the page shows
 * exactly this, and {@code HostConveniencesSnippetsTest} runs it.
 */
public final class HostConveniencesSnippets {

    private HostConveniencesSnippets() {
    }

    static Recipient recipientById(CommunicationCentre centre, Caller member, UUID recipientId) {
        // tag::recipient-by-id[]
        Recipient recipient = centre.getRecipient(member, recipientId); // NOT_FOUND when it is not of the organisation
        // end::recipient-by-id[]
        return recipient;
    }

    static List<String> draftAgmSubjects(CommunicationCentre centre, Caller member) {
        // tag::list-all[]
        List<String> draftAgmNotices = centre.listAll(member, CommunicationFilter.byType(CommunicationType.AGM_NOTICE))
                .filter(c -> c.status() == CommunicationStatus.DRAFT)
                .map(CommunicationSummary::subject)
                .toList();                                  // pages of 100 are read as the stream reaches them
        // end::list-all[]
        return draftAgmNotices;
    }

    static List<String> bouncedUnits(CommunicationCentre centre, Caller member, UUID communicationId) {
        // tag::list-all-recipients[]
        List<String> bouncedUnits = centre.listAllRecipients(member, communicationId,
                        RecipientFilter.byStatus(DeliveryStatus.BOUNCED))
                .map(Recipient::unitId)
                .toList();
        // end::list-all-recipients[]
        return bouncedUnits;
    }

    static Map<CommunicationType, Long> dashboard(CommunicationCentre centre, Caller member) {
        // tag::count-by-type[]
        Map<CommunicationType, Long> byType = centre.countByType(member, CommunicationFilter.byStatus(CommunicationStatus.SENT));
        long sentNotices = byType.get(CommunicationType.NOTICE); // every type has an entry, zero included
        // end::count-by-type[]
        return sentNotices >= 0 ? byType : Map.of();
    }

    static Communication scheduleForNineTomorrow(CommunicationCentre centre, Caller admin, Instant nineTomorrow) {
        // tag::instants[]
        Instant wanted = nineTomorrow.plusNanos(123);   // an instant of your own, with nanoseconds
        Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "Water off on Tuesday")
                .scheduledAt(wanted).build());
        assert c.scheduledAt().equals(wanted.truncatedTo(ChronoUnit.MICROS)); // what every store keeps
        // end::instants[]
        return c;
    }
}
