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
    /** The most a stored body may hold: the limit applies to what is stored, after sanitising. */
    static final int BODY_MAX = 1_000_000;
    /**
     * The most a body may hold as given, before sanitising: the sanitiser's work (and memory) grows with its input, so
     * a 50 MB body is refused before it runs. Twice the stored limit leaves room for markup the sanitiser removes.
     */
    static final int BODY_INPUT_MAX = 2 * BODY_MAX;
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

    /**
     * @return the body as the sanitiser leaves it, or {@code null}. The input is checked before (a bound on its size,
     *         well-formed text), so the sanitiser sees only text of a bounded size; the stored limit is checked after,
     *         because sanitising may lengthen a body: a no-break space becomes the six characters {@code &nbsp;}.
     */
    String bodyHtml(String bodyHtml) {
        if (bodyHtml == null) {
            return null;
        }
        if (bodyHtml.length() > BODY_INPUT_MAX && Texts.length(bodyHtml) > BODY_INPUT_MAX) {
            throw CommunicationCentreException.badRequest("bodyHtml", "must be at most " + BODY_INPUT_MAX
                    + " characters as given, before sanitising (was " + Texts.length(bodyHtml) + ")");
        }
        Texts.requireWellFormed("bodyHtml", bodyHtml);
        String sanitised = Ports.sanitize(htmlSanitizer, bodyHtml);
        if (sanitised != null && sanitised.length() > BODY_MAX && Texts.length(sanitised) > BODY_MAX) {
            throw CommunicationCentreException.badRequest("bodyHtml", "must be at most " + BODY_MAX
                    + " characters after sanitising (was " + Texts.length(sanitised) + " after sanitising, "
                    + Texts.length(bodyHtml) + " as given; the sanitiser escapes some characters, e.g. a no-break space"
                    + " becomes &nbsp;)");
        }
        return sanitised;
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
