package io.github.commscentre.email;

import io.github.commscentre.CommunicationType;
import io.github.commscentre.PostalAddress;
import io.github.commscentre.spi.OutgoingMessage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Messages of one communication, as the dispatcher hands them over. */
final class Messages {

    static final String ORGANISATION = "harbour-estates";
    static final String SUBJECT = "Section 20: notice of intention, roof works";
    static final String BODY = "<p>We intend to replace the roof.</p><p>Read the <a href=\"https://example.com/s20\">notice</a>.</p>";

    final UUID communicationId = UUID.randomUUID();

    /** @return a message to {@code unit-<n>@example.com}, named "Leaseholder n" */
    OutgoingMessage to(int n) {
        return to("Leaseholder " + n, "unit-" + n + "@example.com");
    }

    OutgoingMessage to(String name, String email) {
        UUID recipientId = UUID.randomUUID();
        return new OutgoingMessage(ORGANISATION, communicationId, recipientId, recipientId.toString(), 1, "email",
                CommunicationType.NOTICE, SUBJECT, BODY, "unit-" + Math.abs(recipientId.hashCode() % 100), name, email);
    }

    /** @return the message carrying a correlation token, as the dispatcher hands it over */
    static OutgoingMessage withToken(OutgoingMessage m, String token) {
        return new OutgoingMessage(m.organisationId(), m.communicationId(), m.recipientId(), m.idempotencyKey(), token,
                m.attempt(), m.channel(), m.type(), m.subject(), m.bodyHtml(), m.unitId(), m.recipientName(),
                m.recipientEmail());
    }

    /** @return messages to units 1 to n */
    List<OutgoingMessage> batch(int n) {
        List<OutgoingMessage> batch = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            batch.add(to(i));
        }
        return batch;
    }

    /** @return the same message handed over again: the next attempt, the same idempotency key */
    static OutgoingMessage retry(OutgoingMessage m) {
        return new OutgoingMessage(m.organisationId(), m.communicationId(), m.recipientId(), m.idempotencyKey(),
                m.attempt() + 1, m.channel(), m.type(), m.subject(), m.bodyHtml(), m.unitId(), m.recipientName(),
                m.recipientEmail());
    }

    static OutgoingMessage withBody(OutgoingMessage m, String subject, String bodyHtml) {
        return new OutgoingMessage(m.organisationId(), m.communicationId(), m.recipientId(), m.idempotencyKey(),
                m.attempt(), m.channel(), m.type(), subject, bodyHtml, m.unitId(), m.recipientName(), m.recipientEmail());
    }

    static OutgoingMessage withKey(OutgoingMessage m, String idempotencyKey) {
        return new OutgoingMessage(m.organisationId(), m.communicationId(), m.recipientId(), idempotencyKey,
                m.attempt(), m.channel(), m.type(), m.subject(), m.bodyHtml(), m.unitId(), m.recipientName(), m.recipientEmail());
    }

    /** @return the message with what a letter needs, as the dispatcher fills it: the address and when sending began */
    static OutgoingMessage withLetterFields(OutgoingMessage m, PostalAddress address, Instant sendingStartedAt) {
        return new OutgoingMessage(m.organisationId(), m.communicationId(), m.recipientId(), m.idempotencyKey(),
                m.correlationToken(), m.attempt(), m.channel(), m.type(), m.subject(), m.bodyHtml(), m.unitId(),
                m.recipientName(), m.recipientEmail(), address, sendingStartedAt);
    }
}
