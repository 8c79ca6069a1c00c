package io.github.commscentre.internal;

/**
 * The two SHA-256 digests a {@code sent}/{@code failed} event holds (content and recipients), kept by verification until
 * the records are compared: as eight longs in one object rather than two strings of 64 hex digits, so that a chain with
 * hundreds of thousands of finished communications keeps under 90 bytes for each instead of over 200. A stored value
 * that is not 64 lower-case hex digits matches nothing.
 */
final class OutcomeDigests {

    private static final int HEX_LENGTH = 64;

    private final boolean contentReadable;
    private final long c0;
    private final long c1;
    private final long c2;
    private final long c3;
    private final boolean recipientsReadable;
    private final long r0;
    private final long r1;
    private final long r2;
    private final long r3;

    OutcomeDigests(String contentHex, String recipientsHex) {
        contentReadable = isDigest(contentHex);
        c0 = contentReadable ? word(contentHex, 0) : 0;
        c1 = contentReadable ? word(contentHex, 1) : 0;
        c2 = contentReadable ? word(contentHex, 2) : 0;
        c3 = contentReadable ? word(contentHex, 3) : 0;
        recipientsReadable = isDigest(recipientsHex);
        r0 = recipientsReadable ? word(recipientsHex, 0) : 0;
        r1 = recipientsReadable ? word(recipientsHex, 1) : 0;
        r2 = recipientsReadable ? word(recipientsHex, 2) : 0;
        r3 = recipientsReadable ? word(recipientsHex, 3) : 0;
    }

    /** @param hex a digest computed from the stored communication */
    boolean contentIs(String hex) {
        return contentReadable && isDigest(hex)
                && c0 == word(hex, 0) && c1 == word(hex, 1) && c2 == word(hex, 2) && c3 == word(hex, 3);
    }

    /** @param hex a digest computed from the stored recipients */
    boolean recipientsAre(String hex) {
        return recipientsReadable && isDigest(hex)
                && r0 == word(hex, 0) && r1 == word(hex, 1) && r2 == word(hex, 2) && r3 == word(hex, 3);
    }

    private static boolean isDigest(String hex) {
        if (hex == null || hex.length() != HEX_LENGTH) {
            return false;
        }
        for (int i = 0; i < HEX_LENGTH; i++) {
            char c = hex.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static long word(String hex, int index) {
        return Long.parseUnsignedLong(hex, index * 16, index * 16 + 16, 16);
    }
}
