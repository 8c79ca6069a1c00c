package io.github.commscentre;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A communication as a listing gives it: every field of {@link Communication} but the body. A body may hold
 * 1,000,000 characters, so a page of 100 with their bodies could need hundreds of megabytes; a listing shows
 * subjects, statuses and dates, and {@link CommunicationCentre#getById} gives one communication with its body.
 *
 * @param id                the communication's id, a UUID version 7
 * @param organisationId    the owning organisation (host id)
 * @param communicationType circular, notice, demand letter or AGM notice
 * @param subject           the subject line
 * @param blockId           the block it is scoped to, or {@code null}
 * @param unitId            the unit it is scoped to, or {@code null}
 * @param channel           how it is sent
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
 * @param version           incremented by every change
 */
public record CommunicationSummary(
        UUID id,
        String organisationId,
        CommunicationType communicationType,
        String subject,
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
    public CommunicationSummary {
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

    /**
     * @param c a communication
     * @return its summary: every field but the body
     */
    public static CommunicationSummary of(Communication c) {
        Objects.requireNonNull(c, "communication must not be null");
        return new CommunicationSummary(c.id(), c.organisationId(), c.communicationType(), c.subject(), c.blockId(),
                c.unitId(), c.channel(), c.status(), c.scheduledAt(), c.sentAt(), c.sentBy(), c.failedAt(),
                c.failureReason(), c.notes(), c.createdBy(), c.createdAt(), c.updatedAt(), c.version());
    }
}
