package io.github.commscentre.internal;

/**
 * Text that comes from a delivery channel or its provider (a reason, a message id) is not the host's input, so it is
 * not refused: it is made storable. U+0000 and unpaired surrogates (which PostgreSQL cannot store, or which are not
 * text) become U+FFFD, and it is cut to a length, never between the two halves of a surrogate pair.
 */
final class ProviderTexts {

    private ProviderTexts() {
    }

    /**
     * @param value a provider's text, or {@code null}
     * @param max   the most characters (code points) to keep
     * @return the text, storable and at most {@code max} characters, or {@code null}
     */
    static String storable(String value, int max) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), max * 2));
        int kept = 0;
        for (int i = 0; i < value.length() && kept < max; i++, kept++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                out.append(c).append(value.charAt(++i));
            } else if (c == '\u0000' || Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
