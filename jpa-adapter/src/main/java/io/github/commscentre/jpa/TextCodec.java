package io.github.commscentre.jpa;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes audit event details and unit id lists into one text column each, as a small subset of JSON
 * ({@code {"k":"v"}} and {@code ["a","b"]}), and back.
 *
 * <p>Written here rather than taken from a JSON library so the adapter adds no dependency to the host's
 * classpath, and because the one property that matters is exact: every string, including control
 * characters, quotes, backslashes, characters outside the BMP and even U+0000 or lone surrogates (which
 * PostgreSQL {@code text} could not hold raw), comes back identical. Control characters and lone
 * surrogates are written as {@code \\uXXXX} escapes, so the stored text is always valid UTF-8 without NUL.
 */
final class TextCodec {

    private TextCodec() {
    }

    static String encodeMap(Map<String, String> map) {
        StringBuilder out = new StringBuilder(16 + map.size() * 32);
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, String> entry : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            appendString(out, entry.getKey());
            out.append(':');
            appendString(out, entry.getValue());
        }
        return out.append('}').toString();
    }

    static String encodeList(List<String> list) {
        StringBuilder out = new StringBuilder(16 + list.size() * 16);
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            appendString(out, list.get(i));
        }
        return out.append(']').toString();
    }

    static Map<String, String> decodeMap(String text) {
        Parser parser = new Parser(text);
        Map<String, String> map = new LinkedHashMap<>();
        parser.expect('{');
        if (!parser.tryConsume('}')) {
            do {
                String key = parser.string();
                parser.expect(':');
                String value = parser.string();
                if (map.put(key, value) != null) {
                    throw parser.error("duplicate key");
                }
            } while (parser.tryConsume(','));
            parser.expect('}');
        }
        parser.end();
        return map;
    }

    static List<String> decodeList(String text) {
        Parser parser = new Parser(text);
        List<String> list = new ArrayList<>();
        parser.expect('[');
        if (!parser.tryConsume(']')) {
            do {
                list.add(parser.string());
            } while (parser.tryConsume(','));
            parser.expect(']');
        }
        parser.end();
        return list;
    }

    private static void appendString(StringBuilder out, String value) {
        if (value == null) {
            // Details never hold nulls (the facade omits such keys); refuse rather than invent a representation.
            throw new IllegalArgumentException("null values cannot be encoded");
        }
        out.append('"');
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                appendEscape(out, c);
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                    out.append(c).append(value.charAt(++i));
                } else {
                    appendEscape(out, c);
                }
            } else if (Character.isLowSurrogate(c)) {
                appendEscape(out, c);
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static void appendEscape(StringBuilder out, char c) {
        out.append("\\u");
        String hex = Integer.toHexString(c);
        for (int pad = hex.length(); pad < 4; pad++) {
            out.append('0');
        }
        out.append(hex);
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            if (text == null) {
                throw new IllegalArgumentException("stored text is null");
            }
            this.text = text;
        }

        void expect(char c) {
            if (pos >= text.length() || text.charAt(pos) != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        boolean tryConsume(char c) {
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        void end() {
            if (pos != text.length()) {
                throw error("trailing characters");
            }
        }

        String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw error("unterminated string");
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (pos >= text.length()) {
                    throw error("unterminated escape");
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '"':
                    case '\\':
                    case '/':
                        out.append(e);
                        break;
                    case 'b':
                        out.append('\b');
                        break;
                    case 'f':
                        out.append('\f');
                        break;
                    case 'n':
                        out.append('\n');
                        break;
                    case 'r':
                        out.append('\r');
                        break;
                    case 't':
                        out.append('\t');
                        break;
                    case 'u':
                        if (pos + 4 > text.length()) {
                            throw error("short \\u escape");
                        }
                        int code = 0;
                        for (int k = 0; k < 4; k++) {
                            int digit = Character.digit(text.charAt(pos++), 16);
                            if (digit < 0) {
                                throw error("bad \\u escape");
                            }
                            code = code * 16 + digit;
                        }
                        out.append((char) code);
                        break;
                    default:
                        throw error("unknown escape");
                }
            }
        }

        IllegalStateException error(String what) {
            return new IllegalStateException("malformed stored text at offset " + pos + ": " + what);
        }
    }
}
