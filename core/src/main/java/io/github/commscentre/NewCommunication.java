package io.github.commscentre;

import java.time.Instant;

/**
 * The input of {@code create}. The facade validates it (see the input rules in the docs) and answers
 * {@code BAD_REQUEST} naming the field; the builder itself accepts anything so that the host gets one
 * consistent error type.
 *
 * @param communicationType required
 * @param subject           required, not blank after trimming, at most 500 characters; stored trimmed
 * @param bodyHtml          optional, at most 1,000,000 characters; stored sanitised
 * @param blockId           optional; must belong to the caller's organisation
 * @param unitId            optional; must belong to the caller's organisation, and to {@code blockId} when both are given
 * @param channel           optional, default {@code email}; not blank, at most 50 characters, stored trimmed
 * @param scheduledAt       optional; truncated to microseconds (what every store keeps), then strictly after the
 *                          clock's now; makes the communication {@code scheduled}
 * @param notes             optional, at most 10,000 characters
 */
public record NewCommunication(
        CommunicationType communicationType,
        String subject,
        String bodyHtml,
        String blockId,
        String unitId,
        String channel,
        Instant scheduledAt,
        String notes) {

    /** The channel used when none is given. */
    public static final String DEFAULT_CHANNEL = "email";

    /**
     * @param communicationType the kind of communication
     * @param subject           the subject line
     * @return a builder with both set
     */
    public static Builder builder(CommunicationType communicationType, String subject) {
        return new Builder(communicationType, subject);
    }

    /** Builds a {@link NewCommunication}. */
    public static final class Builder {
        private final CommunicationType communicationType;
        private final String subject;
        private String bodyHtml;
        private String blockId;
        private String unitId;
        private String channel;
        private Instant scheduledAt;
        private String notes;

        private Builder(CommunicationType communicationType, String subject) {
            this.communicationType = communicationType;
            this.subject = subject;
        }

        /** @param bodyHtml the HTML body; it will be sanitised @return this builder */
        public Builder bodyHtml(String bodyHtml) {
            this.bodyHtml = bodyHtml;
            return this;
        }

        /** @param blockId the block to scope to @return this builder */
        public Builder blockId(String blockId) {
            this.blockId = blockId;
            return this;
        }

        /** @param unitId the unit to scope to @return this builder */
        public Builder unitId(String unitId) {
            this.unitId = unitId;
            return this;
        }

        /** @param channel {@code email}, {@code post}, {@code portal} or a custom string @return this builder */
        public Builder channel(String channel) {
            this.channel = channel;
            return this;
        }

        /**
         * @param scheduledAt a future instant, truncated to microseconds for you; makes the communication scheduled
         * @return this builder
         */
        public Builder scheduledAt(Instant scheduledAt) {
            this.scheduledAt = scheduledAt;
            return this;
        }

        /** @param notes internal reference notes @return this builder */
        public Builder notes(String notes) {
            this.notes = notes;
            return this;
        }

        /** @return the input */
        public NewCommunication build() {
            return new NewCommunication(communicationType, subject, bodyHtml, blockId, unitId, channel, scheduledAt, notes);
        }
    }
}
