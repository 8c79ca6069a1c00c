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
 * @param sendingStartedAt  when the dispatcher's sending began ({@code send}, or falling due), or {@code null} for one
 *                          never sent by the dispatcher: the date its letters carry
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
        long version,
        Instant sendingStartedAt) {

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

    /**
     * A communication the dispatcher never sent.
     *
     * @param id                the id
     * @param organisationId    the organisation
     * @param communicationType the type
     * @param subject           the subject
     * @param bodyHtml          the body, or {@code null}
     * @param blockId           the block, or {@code null}
     * @param unitId            the unit, or {@code null}
     * @param channel           the channel
     * @param status            the status
     * @param scheduledAt       when scheduled, or {@code null}
     * @param sentAt            when sent, or {@code null}
     * @param sentBy            who sent it, or {@code null}
     * @param failedAt          when it failed, or {@code null}
     * @param failureReason     why, or {@code null}
     * @param notes             notes, or {@code null}
     * @param createdBy         who created it
     * @param createdAt         when
     * @param updatedAt         when it last changed
     * @param version           its version
     */
    public Communication(UUID id, String organisationId, CommunicationType communicationType, String subject,
                         String bodyHtml, String blockId, String unitId, String channel, CommunicationStatus status,
                         Instant scheduledAt, Instant sentAt, String sentBy, Instant failedAt, String failureReason,
                         String notes, String createdBy, Instant createdAt, Instant updatedAt, long version) {
        this(id, organisationId, communicationType, subject, bodyHtml, blockId, unitId, channel, status, scheduledAt,
                sentAt, sentBy, failedAt, failureReason, notes, createdBy, createdAt, updatedAt, version, null);
    }

    /** @return a builder with no field set and version 0; {@link Builder#build()} checks the required fields */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding every field of this communication, to change a few and build a copy */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * @param subject  the new subject
     * @param bodyHtml the new body, or {@code null}
     * @param channel  the new channel
     * @param notes    the new notes, or {@code null}
     * @return a copy with this content; every other field, version and {@code updatedAt} included, unchanged
     */
    public Communication withContent(String subject, String bodyHtml, String channel, String notes) {
        return toBuilder().subject(subject).bodyHtml(bodyHtml).channel(channel).notes(notes).build();
    }

    /**
     * A communication with a time to go out is scheduled; one without is a draft.
     *
     * @param scheduledAt when it is to go out, or {@code null} to unschedule it
     * @return a copy with this {@code scheduledAt} and status scheduled (or draft for {@code null});
     *         every other field unchanged
     */
    public Communication withSchedule(Instant scheduledAt) {
        CommunicationStatus next = scheduledAt == null ? CommunicationStatus.DRAFT : CommunicationStatus.SCHEDULED;
        return toBuilder().status(next).scheduledAt(scheduledAt).build();
    }

    /**
     * A communication has one outcome, so the failure fields are cleared.
     *
     * @param sentAt when it was sent
     * @param sentBy the user who marked it sent
     * @return a copy with status sent, these two fields and no {@code failedAt} or {@code failureReason};
     *         every other field, version and {@code updatedAt} included, unchanged
     */
    public Communication sent(Instant sentAt, String sentBy) {
        return toBuilder().status(CommunicationStatus.SENT).sentAt(sentAt).sentBy(sentBy)
                .failedAt(null).failureReason(null).build();
    }

    /**
     * @param requestedBy the user who asked for it to be sent (or the dispatcher, for a scheduled one that fell due)
     * @return a copy with status sending and {@code sentBy} naming who asked; every other field, version and
     *         {@code updatedAt} included, unchanged
     */
    public Communication sending(String requestedBy) {
        return toBuilder().status(CommunicationStatus.SENDING).sentBy(requestedBy).build();
    }

    /**
     * @param requestedBy the user who asked for it to be sent
     * @param startedAt   when sending began
     * @return a copy with status sending, {@code sentBy} and {@code sendingStartedAt}; everything else unchanged
     */
    public Communication sending(String requestedBy, Instant startedAt) {
        return toBuilder().status(CommunicationStatus.SENDING).sentBy(requestedBy).sendingStartedAt(startedAt).build();
    }

    /**
     * A communication has one outcome, so the sent fields are cleared.
     *
     * @param failedAt      when it failed
     * @param failureReason why, or {@code null}
     * @return a copy with status failed, these two fields and no {@code sentAt} or {@code sentBy};
     *         every other field, version and {@code updatedAt} included, unchanged
     */
    public Communication failed(Instant failedAt, String failureReason) {
        return toBuilder().status(CommunicationStatus.FAILED).failedAt(failedAt).failureReason(failureReason)
                .sentAt(null).sentBy(null).build();
    }

    /**
     * @param updatedAt when the change that makes the next version happened
     * @return a copy with {@code version + 1} and this {@code updatedAt}; every other field unchanged
     */
    public Communication nextVersion(Instant updatedAt) {
        return toBuilder().updatedAt(updatedAt).version(version + 1).build();
    }

    /**
     * Builds a {@link Communication} field by field, so that no caller has to spell out all nineteen in
     * order. Each setter takes the value of the record component of the same name.
     */
    public static final class Builder {
        private UUID id;
        private String organisationId;
        private CommunicationType communicationType;
        private String subject;
        private String bodyHtml;
        private String blockId;
        private String unitId;
        private String channel;
        private CommunicationStatus status;
        private Instant scheduledAt;
        private Instant sentAt;
        private String sentBy;
        private Instant failedAt;
        private String failureReason;
        private String notes;
        private String createdBy;
        private Instant createdAt;
        private Instant updatedAt;
        private long version;
        private Instant sendingStartedAt;

        private Builder() {
        }

        private Builder(Communication c) {
            id = c.id;
            organisationId = c.organisationId;
            communicationType = c.communicationType;
            subject = c.subject;
            bodyHtml = c.bodyHtml;
            blockId = c.blockId;
            unitId = c.unitId;
            channel = c.channel;
            status = c.status;
            scheduledAt = c.scheduledAt;
            sentAt = c.sentAt;
            sentBy = c.sentBy;
            failedAt = c.failedAt;
            failureReason = c.failureReason;
            notes = c.notes;
            createdBy = c.createdBy;
            createdAt = c.createdAt;
            updatedAt = c.updatedAt;
            version = c.version;
            sendingStartedAt = c.sendingStartedAt;
        }

        /** @param id see {@link Communication#id()} @return this builder */
        public Builder id(UUID id) {
            this.id = id;
            return this;
        }

        /** @param organisationId see {@link Communication#organisationId()} @return this builder */
        public Builder organisationId(String organisationId) {
            this.organisationId = organisationId;
            return this;
        }

        /** @param communicationType see {@link Communication#communicationType()} @return this builder */
        public Builder communicationType(CommunicationType communicationType) {
            this.communicationType = communicationType;
            return this;
        }

        /** @param subject see {@link Communication#subject()} @return this builder */
        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        /** @param bodyHtml see {@link Communication#bodyHtml()} @return this builder */
        public Builder bodyHtml(String bodyHtml) {
            this.bodyHtml = bodyHtml;
            return this;
        }

        /** @param blockId see {@link Communication#blockId()} @return this builder */
        public Builder blockId(String blockId) {
            this.blockId = blockId;
            return this;
        }

        /** @param unitId see {@link Communication#unitId()} @return this builder */
        public Builder unitId(String unitId) {
            this.unitId = unitId;
            return this;
        }

        /** @param channel see {@link Communication#channel()} @return this builder */
        public Builder channel(String channel) {
            this.channel = channel;
            return this;
        }

        /** @param status see {@link Communication#status()} @return this builder */
        public Builder status(CommunicationStatus status) {
            this.status = status;
            return this;
        }

        /** @param scheduledAt see {@link Communication#scheduledAt()} @return this builder */
        public Builder scheduledAt(Instant scheduledAt) {
            this.scheduledAt = scheduledAt;
            return this;
        }

        /** @param sentAt see {@link Communication#sentAt()} @return this builder */
        public Builder sentAt(Instant sentAt) {
            this.sentAt = sentAt;
            return this;
        }

        /** @param sentBy see {@link Communication#sentBy()} @return this builder */
        public Builder sentBy(String sentBy) {
            this.sentBy = sentBy;
            return this;
        }

        /** @param failedAt see {@link Communication#failedAt()} @return this builder */
        public Builder failedAt(Instant failedAt) {
            this.failedAt = failedAt;
            return this;
        }

        /** @param failureReason see {@link Communication#failureReason()} @return this builder */
        public Builder failureReason(String failureReason) {
            this.failureReason = failureReason;
            return this;
        }

        /** @param notes see {@link Communication#notes()} @return this builder */
        public Builder notes(String notes) {
            this.notes = notes;
            return this;
        }

        /** @param createdBy see {@link Communication#createdBy()} @return this builder */
        public Builder createdBy(String createdBy) {
            this.createdBy = createdBy;
            return this;
        }

        /** @param createdAt see {@link Communication#createdAt()} @return this builder */
        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        /** @param updatedAt see {@link Communication#updatedAt()} @return this builder */
        public Builder updatedAt(Instant updatedAt) {
            this.updatedAt = updatedAt;
            return this;
        }

        /** @param sendingStartedAt see {@link Communication#sendingStartedAt()} @return this builder */
        public Builder sendingStartedAt(Instant sendingStartedAt) {
            this.sendingStartedAt = sendingStartedAt;
            return this;
        }

        /** @param version see {@link Communication#version()} @return this builder */
        public Builder version(long version) {
            this.version = version;
            return this;
        }

        /**
         * @return the communication
         * @throws NullPointerException when a field that is always present was not set
         */
        public Communication build() {
            return new Communication(id, organisationId, communicationType, subject, bodyHtml, blockId, unitId, channel,
                    status, scheduledAt, sentAt, sentBy, failedAt, failureReason, notes, createdBy, createdAt, updatedAt,
                    version, sendingStartedAt);
        }
    }
}
