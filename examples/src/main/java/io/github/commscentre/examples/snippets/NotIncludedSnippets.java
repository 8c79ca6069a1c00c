package io.github.commscentre.examples.snippets;

import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;

import java.util.UUID;

/** The code of {@code docs/not-included.md}, compiled; {@code DocsSnippetsTest} proves the page shows exactly this. */
public final class NotIncludedSnippets {

    private NotIncludedSnippets() {
    }

    /** A provider webhook's body, already parsed by the host's web framework. */
    static void webhook(CommunicationCentre centre, String organisationId, UUID recipientId, String providerEvent,
                        String providerReason) {
        // tag::webhook[]
        DeliveryStatus status = switch (providerEvent) {
            case "delivered" -> DeliveryStatus.DELIVERED;
            case "open", "click" -> DeliveryStatus.OPENED;
            case "bounce" -> DeliveryStatus.BOUNCED;
            case "dropped", "spamreport" -> DeliveryStatus.FAILED;
            default -> null; // events the record does not track
        };
        if (status != null) {
            String reason = status.acceptsFailureReason() ? providerReason : null;
            try {
                centre.updateRecipientStatus(Caller.admin(organisationId, "email-webhook"), recipientId, status, reason);
            } catch (CommunicationCentreException e) {
                // CONFLICT: a late event; NOT_FOUND: not one of ours. Either way, acknowledge it.
                if (e.code() != ErrorCode.CONFLICT && e.code() != ErrorCode.NOT_FOUND) {
                    throw e; // UNAVAILABLE: answer 5xx and the provider retries later
                }
            }
        }
        // end::webhook[]
    }
}
