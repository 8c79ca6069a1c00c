package io.github.commscentre.examples.snippets;

import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.DeliveryEvent;
import io.github.commscentre.DeliveryProvider;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.examples.webhook.SendGridWebhook;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.OutgoingMessage;
import io.github.commscentre.spi.PropertyDirectory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The code of {@code docs/provider-events.md}, compiled; {@code DocsSnippetsTest} proves the page shows exactly this. */
public final class ProviderEventsSnippets {

    private ProviderEventsSnippets() {
    }

    /** The facade with the correlation key every instance shares. */
    static CommunicationCentre centre(CommunicationStore store, PropertyDirectory directory) {
        // tag::correlation-key[]
        byte[] correlationKey = Base64.getDecoder().decode(System.getenv("COMMS_CORRELATION_KEY")); // 32 random bytes
        CommunicationCentre centre = CommunicationCentre.builder()
                .store(store)
                .directory(directory)
                .correlationKey(correlationKey) // the same on every instance, kept across restarts
                .build();
        // end::correlation-key[]
        return centre;
    }

    /** What a host's own channel puts in the provider's request, so that the token comes back in its events. */
    static Map<String, Object> sendGridRequest(OutgoingMessage message) {
        Map<String, Object> personalization = new LinkedHashMap<>();
        // tag::custom-args[]
        personalization.put("to", List.of(Map.of("email", message.recipientEmail())));
        personalization.put("custom_args", Map.of("cc_token", message.correlationToken()));
        // end::custom-args[]
        return personalization;
    }

    /** The two kinds of system caller. */
    static List<DeliveryProvider> providers() {
        // tag::providers[]
        DeliveryProvider sendGrid = DeliveryProvider.named("sendgrid");            // one URL for every organisation
        DeliveryProvider postmark = DeliveryProvider.named("postmark")
                .forOrganisation("harbour-estates");                               // a URL per organisation
        // end::providers[]
        return List.of(sendGrid, postmark);
    }

    /** One call, one answer per event. */
    static void apply(CommunicationCentre centre, String token, String messageId) {
        // tag::apply[]
        List<DeliveryEvent> batch = List.of(
                DeliveryEvent.byToken("sg-evt-1", token, DeliveryStatus.DELIVERED,
                        Instant.parse("2026-03-04T08:00:00Z"), null),
                DeliveryEvent.byProviderMessageId("sg-evt-2", "harbour-estates", messageId, DeliveryStatus.BOUNCED,
                        Instant.parse("2026-03-04T08:01:00Z"), "550 5.1.1 mailbox unavailable"));
        for (DeliveryEvent.Result result : centre.applyDeliveryEvents(DeliveryProvider.named("sendgrid"), batch)) {
            switch (result.outcome()) {
                case APPLIED, DUPLICATE, STALE -> { }          // done: acknowledge
                case UNKNOWN, REJECTED -> log(result.providerEventId(), result.detail()); // look, but acknowledge
            }
        }
        // end::apply[]
    }

    /** Postmark's webhooks, one event per request, mapped to our statuses. */
    static DeliveryStatus postmarkStatus(String recordType, String bounceType) {
        // tag::postmark-statuses[]
        return switch (recordType) {
            case "Delivery" -> DeliveryStatus.DELIVERED;
            case "Open", "Click" -> DeliveryStatus.OPENED;
            case "Bounce" -> switch (bounceType) {
                case "HardBounce", "BadEmailAddress", "DnsError", "Blocked", "DMARCPolicy", "ManuallyDeactivated"
                        -> DeliveryStatus.BOUNCED;
                case "SMTPApiError", "TemplateRenderingFailed" -> DeliveryStatus.FAILED;
                default -> null; // Transient, SoftBounce, AutoResponder...: not a final answer
            };
            default -> null;     // SpamComplaint, SubscriptionChange: not about delivery
        };
        // end::postmark-statuses[]
    }

    /** Postmark gives an id to bounces only: the others get one made of what identifies them. */
    static String postmarkEventId(Map<String, Object> webhook) {
        // tag::postmark-event-id[]
        return switch ((String) webhook.get("RecordType")) {
            case "Bounce" -> "bounce:" + webhook.get("ID");
            case "Delivery" -> "delivery:" + webhook.get("MessageID") + ":" + webhook.get("Recipient");
            case "Open" -> "open:" + webhook.get("MessageID") + ":" + webhook.get("ReceivedAt");
            default -> webhook.get("RecordType") + ":" + webhook.get("MessageID") + ":" + webhook.get("ReceivedAt");
        };
        // end::postmark-event-id[]
    }

    /** The example's endpoint, started beside a host's application. */
    static SendGridWebhook start(CommunicationCentre centre, String verificationKey) throws IOException {
        // tag::start-webhook[]
        SendGridWebhook webhook = SendGridWebhook.start(centre, DeliveryProvider.named("sendgrid"),
                SendGridWebhook.verificationKey(verificationKey), new InetSocketAddress(8080));
        // POST https://your-host/webhooks/sendgrid: 200 once applied, 503 to be sent again, 401 unsigned
        // end::start-webhook[]
        return webhook;
    }

    private static final List<String> LOGGED = new ArrayList<>();

    private static void log(String eventId, String detail) {
        LOGGED.add(eventId + ": " + detail);
    }
}
