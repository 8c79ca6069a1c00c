package io.github.commscentre;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A letter or email to leaseholders, as stored. Immutable; every change goes through the facade and
 * returns a new instance. Instants are truncated to microseconds.
 *
 * @param id                the communication's id, a UUID version 7
 * @param organisationId    the owning organisation (host id)
 * @param communicationType circular, notice, demand letter or AGM notice
 * @param subject           the subject line, trimmed, 1 to 500 characters
 * @param bodyHtml          the sanitised HTML body, or {@code null}
 * @param blockId           the block it is scoped to, or {@code null}
 * @param unitId            the unit it is scoped to, or {@code null}
 * @param channel           how it is sent: {@code email}, {@code post}, {@code portal} or a custom string
 * @param status            draft, scheduled, sent or failed
 * @param scheduledAt       when it is scheduled for, or {@code null}
 * @param sentAt            when it was marked sent, or {@code null}
 * @param sentBy            the user who marked it sent, or {@code null}
 * @param failedAt          when it was marked failed, or {@code null}
 * @param failureReason     why it failed, or {@code null}
 * @param notes             internal reference notes, or {@code null}
 * @param createdBy         the user who created it
 * @param createdAt         when it was created
 * @param updatedAt         when it last changed
 * @param version           incremented by every change; stores use it for compare-and-set updates
 */
public record Communication(
        UUID id,
        String organisationId,
        CommunicationType communicationType,
        String subject,
        String bodyHtml,
        String blockId,
        String unitId,
        String channel,
        CommunicationStatus status,
        Instant scheduledAt,
        Instant sentAt,
        String sentBy,
        Instant failedAt,
        String failureReason,
        String notes,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    /** Null checks of the fields that are always present. */
    public Communication {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(organisationId, "organisationId must not be null");
        Objects.requireNonNull(communicationType, "communicationType must not be null");
        Objects.requireNonNull(subject, "subject must not be null");
        Objects.requireNonNull(channel, "channel must not be null");
        Objects.requireNonNull(status, "status must not be null");
        Objects.requireNonNull(createdBy, "createdBy must not be null");
        Objects.requireNonNull(createdAt, "createdAt must not be null");
        Objects.requireNonNull(updatedAt, "updatedAt must not be null");
    }
}
