package io.github.commscentre.examples.webhook;

import io.github.commscentre.DeliveryEvent;
import io.github.commscentre.DeliveryStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SendGrid's Event Webhook body (a JSON array of events) as {@link DeliveryEvent}s. The host sends each message with a
 * custom argument {@value #TOKEN_ARGUMENT} holding the message's correlation token ({@code OutgoingMessage
 * #correlationToken()}); SendGrid gives custom arguments back as members of every event, and the event is matched by
 * it. An event without it is matched by SendGrid's message id, within the organisation the webhook serves.
 *
 * <p>Statuses: {@code processed} is accepted, {@code delivered} delivered, {@code open} and {@code click} opened,
 * {@code bounce} (a hard bounce or a block) bounced, {@code dropped} (SendGrid will not send it) failed. {@code deferred}
 * (SendGrid tries again), {@code spamreport} and the unsubscribe events say nothing about delivery and are left out.
 */
public final class SendGridEvents {

    /** The custom argument that carries the correlation token. */
    public static final String TOKEN_ARGUMENT = "cc_token";

    /**
     * What a webhook body holds.
     *
     * @param events  the delivery events, in the order they came; an entry that is not an object is a {@code null},
     *                which the facade answers as rejected
     * @param ignored how many events said nothing about delivery
     */
    public record Parsed(List<DeliveryEvent> events, int ignored) {
    }

    private SendGridEvents() {
    }

    /**
     * @param body the request body
     * @return its delivery events
     * @throws IllegalArgumentException if the body is not a JSON array
     */
    public static Parsed parse(String body) {
        if (!(Json.parse(body) instanceof List<?> array)) {
            throw new IllegalArgumentException("not a SendGrid event batch: the body is not a JSON array");
        }
        List<DeliveryEvent> events = new ArrayList<>(array.size());
        int ignored = 0;
        for (Object entry : array) {
            if (!(entry instanceof Map<?, ?> event)) {
                events.add(null);
                continue;
            }
            String type = text(event, "event");
            DeliveryStatus status = status(type);
            if (status == null && type != null) {
                ignored++;
                continue;
            }
            events.add(deliveryEvent(event, type, status));
        }
        return new Parsed(events, ignored);
    }

    /** @return our status for SendGrid's event type, or {@code null} for an event that says nothing about delivery */
    static DeliveryStatus status(String sendGridEvent) {
        if (sendGridEvent == null) {
            return null;
        }
        // tag::sendgrid-statuses[]
        return switch (sendGridEvent) {
            case "processed" -> DeliveryStatus.ACCEPTED;         // SendGrid took it
            case "delivered" -> DeliveryStatus.DELIVERED;        // the receiving server took it
            case "open", "click" -> DeliveryStatus.OPENED;       // a click is an open the pixel missed
            case "bounce" -> DeliveryStatus.BOUNCED;             // a hard bounce, or a block
            case "dropped" -> DeliveryStatus.FAILED;             // SendGrid will not send it
            default -> null; // deferred (tried again), spamreport, unsubscribe...: not delivery
        };
        // end::sendgrid-statuses[]
    }

    private static DeliveryEvent deliveryEvent(Map<?, ?> event, String type, DeliveryStatus status) {
        String messageId = messageId(text(event, "sg_message_id"));
        Instant occurredAt = event.get("timestamp") instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : null;
        String eventId = text(event, "sg_event_id");
        if (eventId == null && occurredAt != null) {
            // Older payloads of dropped events carry no event id: one made of what identifies the event stays the same
            // when SendGrid sends it again.
            String message = messageId != null ? messageId : text(event, "smtp-id");
            eventId = message == null ? null : type + ":" + message + ":" + occurredAt.getEpochSecond();
        }
        String reason = status == DeliveryStatus.BOUNCED || status == DeliveryStatus.FAILED ? text(event, "reason") : null;
        String token = text(event, TOKEN_ARGUMENT);
        if (token != null) {
            return DeliveryEvent.byToken(eventId, token, status, occurredAt, reason);
        }
        return DeliveryEvent.byProviderMessageId(eventId, null, messageId, status, occurredAt, reason);
    }

    /**
     * SendGrid's API answers a send with {@code X-Message-Id: 14c5d75ce93.dfd.64b469}; its events say
     * {@code 14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0}. The part before {@code .filter} is the one a channel
     * records.
     */
    static String messageId(String sgMessageId) {
        if (sgMessageId == null) {
            return null;
        }
        int filter = sgMessageId.indexOf(".filter");
        return filter < 0 ? sgMessageId : sgMessageId.substring(0, filter);
    }

    private static String text(Map<?, ?> event, String member) {
        return event.get(member) instanceof String s ? s : null;
    }
}
