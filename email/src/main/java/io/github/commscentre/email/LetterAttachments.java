package io.github.commscentre.email;

import io.github.commscentre.spi.Letter;
import io.github.commscentre.spi.LetterRenderer;
import io.github.commscentre.spi.OutgoingMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.text.Normalizer;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * The recipient's letter as a PDF, for a channel built with {@code attachLetters}: rendered by the host's
 * {@link LetterRenderer} exactly as the facade's {@code letter(...)} and the print-batch channel render it (the same
 * {@link Letter}, dated on the UK's calendar the day sending began), so the SHA-256 of the attachment is the SHA-256 of
 * the letter anyone renders again later.
 */
final class LetterAttachments {

    /** Letters are dated on the UK's calendar, as the facade and the print-batch channel date them. */
    static final ZoneId LETTER_ZONE = ZoneId.of("Europe/London");

    /** Enough of a subject to recognise the letter among a leaseholder's downloads. */
    static final int SUBJECT_IN_FILE_NAME_MAX = 60;

    private static final Logger log = LoggerFactory.getLogger(SmtpEmailChannel.class);

    /** Latin letters that have no decomposition to a base letter and a mark, spelt as a reader would type them. */
    private static final Map<Character, String> LATIN = Map.ofEntries(
            Map.entry('ł', "l"), Map.entry('Ł', "L"), Map.entry('ø', "o"), Map.entry('Ø', "O"),
            Map.entry('đ', "d"), Map.entry('Đ', "D"), Map.entry('ß', "ss"), Map.entry('æ', "ae"),
            Map.entry('Æ', "AE"), Map.entry('œ', "oe"), Map.entry('Œ', "OE"), Map.entry('þ', "th"),
            Map.entry('Þ', "Th"), Map.entry('ð', "d"), Map.entry('Ð', "D"), Map.entry('ı', "i"), Map.entry('ħ', "h"),
            Map.entry('Ħ', "H"));

    /**
     * @param fileName the attachment's file name: ASCII letters, digits, hyphens and {@code .pdf}
     * @param pdf      the letter
     * @param sha256   the letter's SHA-256, lower-case hex: the content digest of the accepted outcome
     */
    record Attachment(String fileName, byte[] pdf, String sha256) {
    }

    /** Why a message's letter could not be attached, and whether trying again could help. */
    static final class NotAttached extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean permanent;

        NotAttached(String reason, boolean permanent) {
            super(reason, null, false, false);
            this.permanent = permanent;
        }

        /** @return whether the same message would fail the same way on every attempt */
        boolean permanent() {
            return permanent;
        }
    }

    private final LetterRenderer renderer;

    LetterAttachments(LetterRenderer renderer) {
        this.renderer = Objects.requireNonNull(renderer, "renderer must not be null");
    }

    /**
     * @param message a message about to be built
     * @return the recipient's letter
     * @throws NotAttached when it cannot be rendered: permanent when a character has no glyph in any font of the
     *                     renderer (it would fail on every attempt), otherwise to be tried later
     */
    Attachment render(OutgoingMessage message) throws NotAttached {
        if (message.sendingStartedAt() == null) {
            throw new NotAttached("the letter to attach has no date: the message has no sendingStartedAt (a store that"
                    + " does not keep it yet?)", false);
        }
        Letter letter = Letter.of(message, LETTER_ZONE);
        byte[] pdf;
        try {
            pdf = renderer.render(letter);
        } catch (LetterRenderer.UnrenderableTextException e) {
            throw new NotAttached("the letter to attach cannot be rendered: " + e.getMessage(), true);
        } catch (RuntimeException e) {
            log.debug("Email channel: the letter to recipient {} could not be rendered", message.recipientId(), e);
            throw new NotAttached("the letter to attach could not be rendered: " + SmtpFailure.describe(e), false);
        }
        if (pdf == null || pdf.length == 0) {
            throw new NotAttached("the letter to attach could not be rendered: the renderer returned no bytes", false);
        }
        return new Attachment(fileName(letter.date(), letter.subject()), pdf, EmailMessages.sha256Hex(pdf));
    }

    /**
     * A name that every mail reader shows as it is and every file system can save: the letter's date, then the subject
     * in ASCII letters and digits (accents dropped, anything else a hyphen), at most {@value #SUBJECT_IN_FILE_NAME_MAX}
     * characters of it; {@code letter} when nothing of the subject is left (a subject in Greek, say).
     *
     * @return {@code 2026-03-02-Section-20-notice-of-intention-roof-works.pdf}
     */
    static String fileName(LocalDate date, String subject) {
        StringBuilder ascii = new StringBuilder(subject.length());
        String decomposed = Normalizer.normalize(subject, Normalizer.Form.NFKD);
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue; // the accent of a decomposed letter
            }
            String spelt = LATIN.get(c);
            if (spelt != null) {
                ascii.append(spelt);
            } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                ascii.append(c);
            } else if (ascii.length() > 0 && ascii.charAt(ascii.length() - 1) != '-') {
                ascii.append('-');
            }
        }
        String words = ascii.length() > SUBJECT_IN_FILE_NAME_MAX ? cut(ascii.toString()) : ascii.toString();
        words = strip(words);
        return date + "-" + (words.isEmpty() ? "letter" : words) + ".pdf";
    }

    /** At a word's end where there is one, so that no word is left half. */
    private static String cut(String words) {
        String head = words.substring(0, SUBJECT_IN_FILE_NAME_MAX);
        int lastBreak = head.lastIndexOf('-');
        return words.charAt(SUBJECT_IN_FILE_NAME_MAX) == '-' || lastBreak < SUBJECT_IN_FILE_NAME_MAX / 2
                ? head : head.substring(0, lastBreak);
    }

    private static String strip(String words) {
        int end = words.length();
        while (end > 0 && words.charAt(end - 1) == '-') {
            end--;
        }
        return words.substring(0, end);
    }
}
