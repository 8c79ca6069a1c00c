package io.github.commscentre.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The canonical JSON used for audit hashes and digests: object keys sorted by code unit, no white
 * space, strings escaped as Python's {@code json.dumps(obj, sort_keys=True, separators=(",", ":"),
 * ensure_ascii=False)} escapes them, so that an outsider can recompute a hash with a few lines of
 * Python. Instants are written as strings with exactly six fractional digits, UUIDs in lower case.
 */
public final class CanonicalJson {

    private static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private CanonicalJson() {
    }

    /** Seconds of 10000-01-01T00:00:00Z: up to here years have four digits and the fast path applies. */
    private static final long YEAR_10000 = 253_402_300_800L;

    /** @param value a String, Number, Boolean, Instant, UUID, Map, Collection or null @return its canonical JSON */
    public static String encode(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(out, value);
        return out.toString();
    }

    /** @param instant an instant @return its canonical text, for example {@code 2026-11-27T09:12:08.123456Z} */
    public static String instant(Instant instant) {
        StringBuilder out = new StringBuilder(27);
        appendInstant(out, instant);
        return out.toString();
    }

    /**
     * Writes the instant as {@link #INSTANT} formats it. Verifying an audit trail formats one instant per event, and
     * the formatter was a tenth of the time of verifying 1,000,000 events (docs/benchmarks.md); years 1970 to 9999
     * are written digit by digit, anything else still goes through the formatter.
     */
    static void appendInstant(StringBuilder out, Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < 0 || seconds >= YEAR_10000) {
            out.append(INSTANT.format(instant));
            return;
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, instant.getNano(), ZoneOffset.UTC);
        digits(out, t.getYear(), 4).append('-');
        digits(out, t.getMonthValue(), 2).append('-');
        digits(out, t.getDayOfMonth(), 2).append('T');
        digits(out, t.getHour(), 2).append(':');
        digits(out, t.getMinute(), 2).append(':');
        digits(out, t.getSecond(), 2).append('.');
        digits(out, instant.getNano() / 1_000, 6).append('Z');
    }

    private static StringBuilder digits(StringBuilder out, int value, int width) {
        int start = out.length();
        out.append(value);
        for (int pad = out.length() - start; pad < width; pad++) {
            out.insert(start, '0');
        }
        return out;
    }

    static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            writeString(out, s);
        } else if (value instanceof Long || value instanceof Integer) {
            out.append(value);
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof Instant i) {
            out.append('"');
            appendInstant(out, i);
            out.append('"');
        } else if (value instanceof UUID u) {
            writeString(out, u.toString());
        } else if (value instanceof Map<?, ?> map) {
            // A map already sorted by the keys' natural order (an audit event's details) is written as it is.
            Map<?, ?> sorted = map;
            if (!(map instanceof SortedMap<?, ?> sortedMap) || sortedMap.comparator() != null) {
                TreeMap<String, Object> copy = new TreeMap<>();
                map.forEach((k, v) -> copy.put((String) k, v));
                sorted = copy;
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : sorted.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(out, (String) e.getKey());
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(out, item);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("no canonical JSON for " + value.getClass());
        }
    }

    /**
     * Copies the runs of characters that need no escape in one append each: appending char by char was a third of
     * the time of verifying an audit trail (docs/benchmarks.md).
     */
    static void writeString(StringBuilder out, String s) {
        out.append('"');
        int length = s.length();
        int run = 0;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append(String.format("\\u%04x", (int) c));
            }
        }
        out.append(s, run, length);
        out.append('"');
    }
}
