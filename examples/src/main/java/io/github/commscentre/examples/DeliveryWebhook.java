package io.github.commscentre.examples;

import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.Recipient;

import java.util.Optional;
import java.util.UUID;

/**
 * How a host turns its email provider's delivery webhooks into recipient status updates. The library
 * sends nothing itself: the host's mailer sends each message with the recipient's id attached (most
 * providers carry a custom tag or header back in their events), and this handler feeds the provider's
 * events back in.
 *
 * <p>Providers repeat events and deliver them out of order. The library is built for that: the same
 * status again changes nothing, and a move backwards ("delivered" after "opened") is refused with
 * {@link ErrorCode#CONFLICT} without changing anything, which a webhook simply acknowledges.
 */
public final class DeliveryWebhook {

    private final CommunicationCentre centre;
    private final Caller webhookUser;

    /**
     * @param centre      the Communications Centre
     * @param webhookUser the system user the webhook acts as: an admin, since it writes, and named so the audit
     *                    trail shows the provider's events for what they are
     */
    public DeliveryWebhook(CommunicationCentre centre, Caller webhookUser) {
        this.centre = centre;
        this.webhookUser = webhookUser;
    }

    /**
     * Handles one provider event. Answer the provider with success whatever this returns, so that it stops
     * retrying; only {@link ErrorCode#UNAVAILABLE} (the database is down) deserves a retry, and it is rethrown.
     *
     * @param recipientId   the recipient id the mailer attached to the message
     * @param status        the provider's event mapped to a delivery status
     * @param failureReason the provider's reason for a bounce or failure, otherwise {@code null}
     * @return the recipient as it is now; empty when the event was stale (the recipient is already further along)
     */
    public Optional<Recipient> onEvent(UUID recipientId, DeliveryStatus status, String failureReason) {
        try {
            return Optional.of(centre.updateRecipientStatus(webhookUser, recipientId, status, failureReason));
        } catch (CommunicationCentreException e) {
            if (e.code() == ErrorCode.CONFLICT) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
