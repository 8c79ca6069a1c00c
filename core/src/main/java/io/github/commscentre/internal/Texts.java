package io.github.commscentre.internal;

import io.github.commscentre.CommunicationCentreException;

/**
 * The input rules shared by every text field. Lengths count Unicode code points, as a block manager
 * counts characters (an emoji is one), and as PostgreSQL's {@code varchar(n)} does.
 */
final class Texts {

    static final int HOST_ID_MAX = 100;
    /** Why a communication or one delivery failed: the same room for both. */
    static final int REASON_MAX = 1_000;

    private Texts() {
    }

    /** Rejects U+0000 (PostgreSQL cannot store it) and unpaired surrogates (not text at all). */
    static void requireWellFormed(String field, String value) {
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                throw CommunicationCentreException.badRequest(field, "must not contain U+0000 (NUL)");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw CommunicationCentreException.badRequest(field, "must be well-formed Unicode (unpaired surrogate at index " + i + ")");
            }
            if (Character.isLowSurrogate(c)) {
                throw CommunicationCentreException.badRequest(field, "must be well-formed Unicode (unpaired surrogate at index " + i + ")");
            }
        }
    }

    static int length(String value) {
        return value.codePointCount(0, value.length());
    }

    static void requireMaxLength(String field, String value, int max) {
        // Cheap bound first: a string of at most max UTF-16 units has at most max code points.
        if (value.length() > max && length(value) > max) {
            throw CommunicationCentreException.badRequest(field, "must be at most " + max + " characters (was " + length(value) + ")");
        }
    }

    static <T> T requireNonNull(String field, T value) {
        if (value == null) {
            throw CommunicationCentreException.badRequest(field, "must not be null");
        }
        return value;
    }

    /** A host id (organisation, block, unit, user): 1 to 100 characters of well-formed text. */
    static String hostId(String field, String value) {
        requireNonNull(field, value);
        if (value.isEmpty()) {
            throw CommunicationCentreException.badRequest(field, "must be 1 to " + HOST_ID_MAX + " characters (was empty)");
        }
        requireWellFormed(field, value);
        requireMaxLength(field, value, HOST_ID_MAX);
        return value;
    }

    /** An optional host id: {@code null} passes, anything else must be a valid host id. */
    static String optionalHostId(String field, String value) {
        return value == null ? null : hostId(field, value);
    }

    /** A required line of text, stored stripped of leading and trailing white space. */
    static String requiredStripped(String field, String value, int max) {
        requireNonNull(field, value);
        requireWellFormed(field, value);
        String stripped = value.strip();
        if (stripped.isEmpty()) {
            throw CommunicationCentreException.badRequest(field, "must not be blank");
        }
        requireMaxLength(field, stripped, max);
        return stripped;
    }

    /** Optional free text, stored exactly as given. */
    static String optional(String field, String value, int max) {
        if (value == null) {
            return null;
        }
        requireWellFormed(field, value);
        requireMaxLength(field, value, max);
        return value;
    }
}
