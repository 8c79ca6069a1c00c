package io.github.commscentre.spi;

/**
 * Turns a communication into the letter one recipient gets, as a PDF: the organisation's letterhead, the recipient's
 * name and address placed for a windowed envelope, the date, the subject, the sanitised body, page numbers. Registered
 * on the builder ({@code letterRenderer(...)}); {@code communication-centre-letters} ships one.
 *
 * <p>The same letter must render to the same bytes, on any JVM, any day: the SHA-256 of each recipient's letter goes
 * into the audit trail when it is sent, so that a tribunal can check that the letter it is shown is the one posted.
 * Implementations must be thread-safe.
 */
public interface LetterRenderer {

    /**
     * @param letter what to render
     * @return the PDF's bytes
     * @throws UnrenderableTextException when a character of the letter has no glyph in any font the renderer has:
     *                                   a letter is never printed with a silently missing character
     */
    byte[] render(Letter letter);

    /** A character of a letter that no font of the renderer can show. */
    final class UnrenderableTextException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String field;
        private final int codePoint;

        /**
         * @param field     the part of the letter it is in: {@code subject}, {@code bodyHtml}, {@code recipientName},
         *                  {@code postalAddress}
         * @param codePoint the character
         */
        public UnrenderableTextException(String field, int codePoint) {
            super(field + " contains " + describe(codePoint) + ", which no font of the letter renderer can show:"
                    + " register a font that covers it");
            this.field = field;
            this.codePoint = codePoint;
        }

        /** @return the part of the letter the character is in */
        public String field() {
            return field;
        }

        /** @return the character */
        public int codePoint() {
            return codePoint;
        }

        private static String describe(int codePoint) {
            String name = Character.getName(codePoint);
            return String.format("U+%04X", codePoint) + " '" + new String(Character.toChars(codePoint)) + "'"
                    + (name == null ? "" : " (" + name + ")");
        }
    }
}
