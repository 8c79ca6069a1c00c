package io.github.commscentre.spi;

import io.github.commscentre.CommunicationType;
import io.github.commscentre.PostalAddress;

import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

/**
 * What one letter says, for a {@link LetterRenderer}: the communication's content as sent, the recipient's name and
 * address as snapshotted, and the date it carries, taken from the communication, never from the clock, so that the
 * same letter renders the same bytes whenever it is rendered.
 *
 * @param organisationId  the organisation sending it
 * @param communicationId the communication
 * @param recipientId     the recipient, or {@code null} for a preview without one
 * @param type            the communication's type
 * @param subject         the subject line, the letter's heading
 * @param bodyHtml        the sanitised HTML body, or {@code null}
 * @param date            the letter's date
 * @param recipientName   the addressee, or {@code null}
 * @param postalAddress   the address block, or {@code null} (a preview, or a recipient without one)
 */
public record Letter(String organisationId, UUID communicationId, UUID recipientId, CommunicationType type,
                     String subject, String bodyHtml, LocalDate date, String recipientName, PostalAddress postalAddress) {

    /** Null checks of what every letter has. */
    public Letter {
        Objects.requireNonNull(organisationId, "organisationId must not be null");
        Objects.requireNonNull(communicationId, "communicationId must not be null");
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(subject, "subject must not be null");
        Objects.requireNonNull(date, "date must not be null");
    }

    /**
     * @param m    a message the dispatcher hands over
     * @param zone the zone whose calendar dates the letter (the UK's is {@code Europe/London})
     * @return the letter of that message, dated the day sending began
     */
    public static Letter of(OutgoingMessage m, java.time.ZoneId zone) {
        return new Letter(m.organisationId(), m.communicationId(), m.recipientId(), m.type(), m.subject(), m.bodyHtml(),
                LocalDate.ofInstant(Objects.requireNonNull(m.sendingStartedAt(), "sendingStartedAt"), zone),
                m.recipientName(), m.postalAddress());
    }
}
