package io.github.commscentre.spi;

import io.github.commscentre.CommunicationType;
import io.github.commscentre.PostalAddress;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One message the dispatcher hands to a {@link DeliveryChannel}: a communication's content as sent, to one recipient as
 * snapshotted when it was added.
 *
 * @param organisationId  the organisation sending it
 * @param communicationId the communication
 * @param recipientId     the recipient
 * @param idempotencyKey  stable across every retry of this message, on any dispatcher: the recipient id as text. Pass
 *                        it to the provider so that a message handed over twice (after a crash) is sent once
 * @param correlationToken an opaque, keyed token naming the organisation and the recipient: attach it to the message
 *                        where the provider sends it back in its webhooks (a header, metadata, a tag), and give it
 *                        back in {@code DeliveryEvent.byToken}; a forged or altered token is refused
 * @param attempt         1 the first time this message is handed over, 2 the second, and so on
 * @param channel         the communication's channel name
 * @param type            the communication's type
 * @param subject         the subject line
 * @param bodyHtml        the sanitised HTML body, or {@code null}
 * @param unitId          the recipient's unit
 * @param recipientName   the leaseholder's name when added, or {@code null}
 * @param recipientEmail  the leaseholder's email when added, or {@code null}
 * @param postalAddress   the leaseholder's postal address when added, or {@code null}
 * @param sendingStartedAt when sending began: the date a letter carries, the same on every retry
 */
public record OutgoingMessage(
        String organisationId,
        UUID communicationId,
        UUID recipientId,
        String idempotencyKey,
        String correlationToken,
        int attempt,
        String channel,
        CommunicationType type,
        String subject,
        String bodyHtml,
        String unitId,
        String recipientName,
        String recipientEmail,
        PostalAddress postalAddress,
        Instant sendingStartedAt) {

    /** Null checks of the fields that are always present. */
    public OutgoingMessage {
        Objects.requireNonNull(organisationId, "organisationId must not be null");
        Objects.requireNonNull(communicationId, "communicationId must not be null");
        Objects.requireNonNull(recipientId, "recipientId must not be null");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey must not be null");
        Objects.requireNonNull(channel, "channel must not be null");
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(subject, "subject must not be null");
        Objects.requireNonNull(unitId, "unitId must not be null");
    }

    /**
     * A message without a postal address or sending date, for channel tests that do not need them.
     *
     * @param organisationId   the organisation
     * @param communicationId  the communication
     * @param recipientId      the recipient
     * @param idempotencyKey   the idempotency key
     * @param correlationToken the correlation token, or {@code null}
     * @param attempt          the attempt
     * @param channel          the channel name
     * @param type             the communication's type
     * @param subject          the subject
     * @param bodyHtml         the body, or {@code null}
     * @param unitId           the unit
     * @param recipientName    the name, or {@code null}
     * @param recipientEmail   the email, or {@code null}
     */
    public OutgoingMessage(String organisationId, UUID communicationId, UUID recipientId, String idempotencyKey,
                           String correlationToken, int attempt, String channel, CommunicationType type, String subject,
                           String bodyHtml, String unitId, String recipientName, String recipientEmail) {
        this(organisationId, communicationId, recipientId, idempotencyKey, correlationToken, attempt, channel, type,
                subject, bodyHtml, unitId, recipientName, recipientEmail, null, null);
    }

    /**
     * A message without a correlation token, for channel tests that do not need one.
     *
     * @param organisationId  the organisation
     * @param communicationId the communication
     * @param recipientId     the recipient
     * @param idempotencyKey  the idempotency key
     * @param attempt         the attempt
     * @param channel         the channel name
     * @param type            the communication's type
     * @param subject         the subject
     * @param bodyHtml        the body, or {@code null}
     * @param unitId          the unit
     * @param recipientName   the name, or {@code null}
     * @param recipientEmail  the email, or {@code null}
     */
    public OutgoingMessage(String organisationId, UUID communicationId, UUID recipientId, String idempotencyKey,
                           int attempt, String channel, CommunicationType type, String subject, String bodyHtml,
                           String unitId, String recipientName, String recipientEmail) {
        this(organisationId, communicationId, recipientId, idempotencyKey, null, attempt, channel, type, subject,
                bodyHtml, unitId, recipientName, recipientEmail, null, null);
    }
}
