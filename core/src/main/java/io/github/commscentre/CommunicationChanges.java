package io.github.commscentre;

import java.time.Instant;
import java.util.Optional;

/**
 * The input of {@code update}: only the fields that were set on the builder change; an omitted field
 * stays as it is. Setting {@code scheduledAt} to {@code null} moves the communication to draft;
 * setting it to a future instant moves it to scheduled. Setting {@code bodyHtml} or {@code notes} to
 * {@code null} clears them. {@code subject} and {@code channel} cannot be cleared: {@code null} there
 * is {@code BAD_REQUEST}.
 */
public final class CommunicationChanges {

    private final Optional<String> subject;
    private final Optional<String> bodyHtml;
    private final Optional<String> channel;
    private final Optional<Instant> scheduledAt;
    private final Optional<String> notes;
    private final boolean subjectSet;
    private final boolean bodyHtmlSet;
    private final boolean channelSet;
    private final boolean scheduledAtSet;
    private final boolean notesSet;

    private CommunicationChanges(Builder b) {
        this.subject = Optional.ofNullable(b.subject);
        this.bodyHtml = Optional.ofNullable(b.bodyHtml);
        this.channel = Optional.ofNullable(b.channel);
        this.scheduledAt = Optional.ofNullable(b.scheduledAt);
        this.notes = Optional.ofNullable(b.notes);
        this.subjectSet = b.subjectSet;
        this.bodyHtmlSet = b.bodyHtmlSet;
        this.channelSet = b.channelSet;
        this.scheduledAtSet = b.scheduledAtSet;
        this.notesSet = b.notesSet;
    }

    /** @return a builder with no field set */
    public static Builder builder() {
        return new Builder();
    }

    /** @return whether {@code subject} is to change */
    public boolean hasSubject() {
        return subjectSet;
    }

    /** @return the new subject (empty when set to {@code null}, which the facade rejects) */
    public Optional<String> subject() {
        return subject;
    }

    /** @return whether {@code bodyHtml} is to change */
    public boolean hasBodyHtml() {
        return bodyHtmlSet;
    }

    /** @return the new body, or empty to clear it */
    public Optional<String> bodyHtml() {
        return bodyHtml;
    }

    /** @return whether {@code channel} is to change */
    public boolean hasChannel() {
        return channelSet;
    }

    /** @return the new channel (empty when set to {@code null}, which the facade rejects) */
    public Optional<String> channel() {
        return channel;
    }

    /** @return whether {@code scheduledAt} is to change */
    public boolean hasScheduledAt() {
        return scheduledAtSet;
    }

    /** @return the new scheduled instant, or empty to unschedule (back to draft) */
    public Optional<Instant> scheduledAt() {
        return scheduledAt;
    }

    /** @return whether {@code notes} is to change */
    public boolean hasNotes() {
        return notesSet;
    }

    /** @return the new notes, or empty to clear them */
    public Optional<String> notes() {
        return notes;
    }

    /** @return whether no field was set at all */
    public boolean isEmpty() {
        return !(subjectSet || bodyHtmlSet || channelSet || scheduledAtSet || notesSet);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("CommunicationChanges{");
        if (subjectSet) {
            s.append("subject=").append(subject.orElse(null)).append(' ');
        }
        if (bodyHtmlSet) {
            s.append("bodyHtml=<").append(bodyHtml.map(String::length).orElse(0)).append(" chars> ");
        }
        if (channelSet) {
            s.append("channel=").append(channel.orElse(null)).append(' ');
        }
        if (scheduledAtSet) {
            s.append("scheduledAt=").append(scheduledAt.orElse(null)).append(' ');
        }
        if (notesSet) {
            s.append("notes=<").append(notes.map(String::length).orElse(0)).append(" chars>");
        }
        return s.append('}').toString();
    }

    /** Builds {@link CommunicationChanges}; each setter marks its field as changed, {@code null} included. */
    public static final class Builder {
        private String subject;
        private String bodyHtml;
        private String channel;
        private Instant scheduledAt;
        private String notes;
        private boolean subjectSet;
        private boolean bodyHtmlSet;
        private boolean channelSet;
        private boolean scheduledAtSet;
        private boolean notesSet;

        private Builder() {
        }

        /** @param subject the new subject @return this builder */
        public Builder subject(String subject) {
            this.subject = subject;
            this.subjectSet = true;
            return this;
        }

        /** @param bodyHtml the new body, or {@code null} to clear it @return this builder */
        public Builder bodyHtml(String bodyHtml) {
            this.bodyHtml = bodyHtml;
            this.bodyHtmlSet = true;
            return this;
        }

        /** @param channel the new channel @return this builder */
        public Builder channel(String channel) {
            this.channel = channel;
            this.channelSet = true;
            return this;
        }

        /**
         * @param scheduledAt a future instant, truncated to microseconds for you (one in the microsecond already stored
         *                    is no change), or {@code null} to move back to draft
         * @return this builder
         */
        public Builder scheduledAt(Instant scheduledAt) {
            this.scheduledAt = scheduledAt;
            this.scheduledAtSet = true;
            return this;
        }

        /** @param notes the new notes, or {@code null} to clear them @return this builder */
        public Builder notes(String notes) {
            this.notes = notes;
            this.notesSet = true;
            return this;
        }

        /** @return the changes */
        public CommunicationChanges build() {
            return new CommunicationChanges(this);
        }
    }
}
