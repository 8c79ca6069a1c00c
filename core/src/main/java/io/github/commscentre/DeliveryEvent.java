package io.github.commscentre;

import java.time.Instant;
import java.util.UUID;

/**
 * One event a delivery provider reported by webhook (delivered, opened, bounced, failed), as the host parsed it, for
 * {@link CommunicationCentre#applyDeliveryEvents}. It names its recipient by the correlation token the message carried
 * (the safest: tamper-proof, and it names the organisation), or by the provider's message id within an organisation.
 *
 * @param providerEventId   the provider's id of this event (1 to 200 characters): an event seen before is a duplicate
 * @param correlationToken  the token the outgoing message carried ({@code OutgoingMessage#correlationToken()}), or
 *                          {@code null} when the event is matched by provider message id
 * @param organisationId    with a provider message id: the organisation to look in (or {@code null} when the
 *                          {@link DeliveryProvider} is for one organisation); {@code null} with a token, which names it
 * @param providerMessageId the provider's id of the message, as recorded when it accepted it, or {@code null}
 * @param status            where delivery stands now: accepted, delivered, opened, bounced or failed
 * @param occurredAt        when the provider says it happened; truncated to microseconds, as every stored instant
 * @param reason            why it bounced or failed, or {@code null} (at most 1,000 characters; bounced and failed only)
 */
public record DeliveryEvent(String providerEventId, String correlationToken, String organisationId,
                            String providerMessageId, DeliveryStatus status, Instant occurredAt, String reason) {

    /**
     * @param providerEventId  the provider's event id
     * @param correlationToken the token the message carried
     * @param status           the new status
     * @param occurredAt       when it happened
     * @param reason           why it bounced or failed, or {@code null}
     * @return an event matched by its correlation token
     */
    public static DeliveryEvent byToken(String providerEventId, String correlationToken, DeliveryStatus status,
                                        Instant occurredAt, String reason) {
        return new DeliveryEvent(providerEventId, correlationToken, null, null, status, occurredAt, reason);
    }

    /**
     * @param providerEventId   the provider's event id
     * @param organisationId    the organisation whose recipients to look in, or {@code null} for the provider's one
     * @param providerMessageId the provider's message id
     * @param status            the new status
     * @param occurredAt        when it happened
     * @param reason            why it bounced or failed, or {@code null}
     * @return an event matched by provider message id, within one organisation
     */
    public static DeliveryEvent byProviderMessageId(String providerEventId, String organisationId,
                                                    String providerMessageId, DeliveryStatus status,
                                                    Instant occurredAt, String reason) {
        return new DeliveryEvent(providerEventId, null, organisationId, providerMessageId, status, occurredAt, reason);
    }

    /**
     * What became of one event.
     *
     * @param index           its position in the batch
     * @param providerEventId its event id, as given
     * @param outcome         applied, duplicate, stale, unknown or rejected
     * @param recipientId     the recipient it concerned, when it was found; otherwise {@code null}
     * @param detail          a sentence for the log: why it was stale, unknown or rejected (naming the field); {@code null}
     *                        when applied
     */
    public record Result(int index, String providerEventId, Outcome outcome, UUID recipientId, String detail) {
    }

    /** What became of an event. */
    public enum Outcome {
        /** The recipient's status moved; one {@code recipient_status_changed} event records it. */
        APPLIED,
        /** An event with this id was seen before: nothing changed, nothing recorded. */
        DUPLICATE,
        /** The same status again, or a backward move (a late webhook): ignored, not an error. */
        STALE,
        /** No such recipient (or provider message id) in the organisation: reported, nothing stored. */
        UNKNOWN,
        /** Bad input or a token that is not ours or names another organisation: the detail names the field. */
        REJECTED
    }
}
