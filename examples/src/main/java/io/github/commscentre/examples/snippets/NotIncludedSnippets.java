package io.github.commscentre.examples.snippets;

import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.DeliveryEvent;
import io.github.commscentre.DeliveryProvider;

import java.util.List;

/** The code of {@code docs/not-included.md}, compiled; {@code DocsSnippetsTest} proves the page shows exactly this. */
public final class NotIncludedSnippets {

    private NotIncludedSnippets() {
    }

    /** A provider webhook's batch, already parsed by the host's web framework. */
    static List<DeliveryEvent.Result> webhook(CommunicationCentre centre, List<DeliveryEvent> events) {
        // tag::webhook[]
        List<DeliveryEvent.Result> results = centre.applyDeliveryEvents(DeliveryProvider.named("sendgrid"), events);
        // every event answered: applied, duplicate, stale, unknown or rejected. Answer 200.
        // A CommunicationCentreException (UNAVAILABLE) instead: answer 503, and the provider retries later.
        // end::webhook[]
        return results;
    }
}
