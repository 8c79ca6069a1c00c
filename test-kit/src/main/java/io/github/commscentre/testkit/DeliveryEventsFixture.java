package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.DeliveryEvent;
import io.github.commscentre.DeliveryEvent.Outcome;
import io.github.commscentre.DeliveryEvent.Result;
import io.github.commscentre.DeliveryProvider;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.OutgoingMessage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the provider-event parts share: communications sent and dispatched so that each recipient was accepted with a
 * provider message id ({@code "provider-" + recipient id}, from {@link RecordingDeliveryChannel}) and its message
 * carried a correlation token, which only the facade can make; and short ways to apply events and read what they did.
 */
abstract class DeliveryEventsFixture extends DispatchFixture {

    /** A provider webhook serving every organisation, relying on the tokens. */
    protected static final DeliveryProvider POSTMARK = DeliveryProvider.named("postmark");

    /** A recipient the provider accepted, and the correlation token its message carried. */
    protected record Sent(Recipient recipient, String token) {
        /** @return the recipient's id */
        UUID id() {
            return recipient.id();
        }

        /** @return the provider message id recorded when it was accepted */
        String messageId() {
            return recipient.providerMessageId();
        }
    }

    /**
     * Creates an email communication of {@link #org} for the units, sends it and dispatches it.
     *
     * @param units units with an email address
     * @return the accepted recipients by unit
     */
    protected Map<String, Sent> sentTo(String... units) {
        return sentTo(centre, email, admin, units);
    }

    /**
     * @param through the facade to send and dispatch with
     * @param channel its email channel, which keeps the messages and their tokens
     * @param caller  an admin of the organisation
     * @param units   units of the caller's organisation with an email address
     * @return the accepted recipients by unit
     */
    protected Map<String, Sent> sentTo(CommunicationCentre through, RecordingDeliveryChannel channel, Caller caller,
                                       String... units) {
        tick();
        Communication c = through.create(caller, notice("Service charge demand").bodyHtml("<p>Please pay.</p>")
                .channel("email").build());
        if (caller.organisationId().equals(org)) {
            known.add(c.id());
        }
        tick();
        through.addRecipients(caller, c.id(), List.of(units));
        tick();
        through.send(caller, c.id());
        tick();
        through.dispatchDue(caller.organisationId());
        tick();
        Map<String, Sent> sent = new LinkedHashMap<>();
        for (Recipient r : recipients(caller, c.id(), io.github.commscentre.RecipientFilter.all(), 100)) {
            assertThat(r.deliveryStatus()).as("accepted by the channel: %s", r.unitId()).isEqualTo(DeliveryStatus.ACCEPTED);
            String token = channel.messages().stream().filter(m -> m.recipientId().equals(r.id()))
                    .map(OutgoingMessage::correlationToken).reduce((first, later) -> later).orElseThrow();
            sent.put(r.unitId(), new Sent(r, token));
        }
        return sent;
    }

    /** @return the results of applying the events through this test's facade as {@link #POSTMARK} */
    protected List<Result> apply(DeliveryEvent... events) {
        return centre.applyDeliveryEvents(POSTMARK, List.of(events));
    }

    /** @return an event naming its recipient by token, for Postmark */
    protected static DeliveryEvent byToken(String eventId, Sent to, DeliveryStatus status, Instant occurredAt) {
        return DeliveryEvent.byToken(eventId, to.token(), status, occurredAt, null);
    }

    /** @return the outcomes of the results, in order */
    protected static List<Outcome> outcomes(List<Result> results) {
        return results.stream().map(Result::outcome).toList();
    }

    /** @param r a recipient @return it as stored now */
    protected Recipient stored(Sent r) {
        return recipientById(r.recipient().communicationId(), r.id());
    }

    /** @param r a recipient @return the status changes recorded for it, in order */
    protected List<AuditEvent> changesOf(Sent r) {
        return trail(r.recipient().communicationId()).stream()
                .filter(e -> e.type() == AuditEventType.RECIPIENT_STATUS_CHANGED && r.id().equals(e.recipientId()))
                .toList();
    }

    /** @return {@code instant} at the precision the facade stores */
    protected static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** @param e an audit event @param key a detail holding an instant @return that instant */
    protected static Instant instantDetail(AuditEvent e, String key) {
        String text = e.details().get(key);
        assertThat(text).as("detail %s of %s", key, e.details()).isNotNull();
        return Instant.parse(text);
    }
}
