package io.github.commscentre.internal;

import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.HtmlSanitizer;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The rules of a communication's own fields, the same whether they come with {@code create} or with
 * {@code update}: each method checks one field and gives back the value to store.
 */
final class CommunicationInput {

    static final int SUBJECT_MAX = 500;
    static final int BODY_MAX = 1_000_000;
    static final int CHANNEL_MAX = 50;
    static final int NOTES_MAX = 10_000;
    /** The last instant every store keeps exactly: four-digit years, as PostgreSQL and H2 timestamps hold them. */
    static final Instant LATEST_INSTANT = Instant.parse("9999-12-31T23:59:59.999999Z");

    private final HtmlSanitizer htmlSanitizer;

    CommunicationInput(HtmlSanitizer htmlSanitizer) {
        this.htmlSanitizer = Objects.requireNonNull(htmlSanitizer, "htmlSanitizer must not be null");
    }

    String subject(String subject) {
        return Texts.requiredStripped("subject", subject, SUBJECT_MAX);
    }

    /** @return the body as the sanitiser leaves it, or {@code null}; checked before, so the sanitiser sees only text */
    String bodyHtml(String bodyHtml) {
        if (bodyHtml == null) {
            return null;
        }
        Texts.requireWellFormed("bodyHtml", bodyHtml);
        Texts.requireMaxLength("bodyHtml", bodyHtml, BODY_MAX);
        return Ports.call(() -> htmlSanitizer.sanitize(bodyHtml));
    }

    String channel(String channel) {
        return Texts.requiredStripped("channel", channel, CHANNEL_MAX);
    }

    String notes(String notes) {
        return Texts.optional("notes", notes, NOTES_MAX);
    }

    /** @return {@code scheduledAt} truncated to what stores keep, or {@code null}; it must lie after {@code now} */
    static Instant scheduledAt(Instant scheduledAt, Instant now) {
        if (scheduledAt == null) {
            return null;
        }
        Instant truncated = scheduledAt.truncatedTo(ChronoUnit.MICROS);
        if (!truncated.isAfter(now)) {
            throw CommunicationCentreException.badRequest("scheduledAt",
                    "must be after the current time (" + now + "), was " + truncated);
        }
        if (truncated.isAfter(LATEST_INSTANT)) {
            throw CommunicationCentreException.badRequest("scheduledAt",
                    "must be no later than " + LATEST_INSTANT + ", was " + truncated);
        }
        return truncated;
    }
}
