package io.github.commscentre.reliability.support;

import io.github.commscentre.AuditEvent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The documented canonical encoding of audit events, written again here from the documentation (sorted keys,
 * no white space, Python {@code json.dumps(..., sort_keys=True, separators=(",", ":"), ensure_ascii=False)}
 * escaping, instants with exactly six fractional digits, lower-case UUIDs) rather than borrowed from the
 * facade's internals: a hash that only the facade can recompute would prove nothing to an outsider.
 */
public final class Canonical {

    private static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Canonical() {
    }

    /** @return the instant as the encoding writes it */
    public static String instant(Instant instant) {
        return INSTANT.format(instant);
    }

    /** @return lower-case hex SHA-256 of the UTF-8 bytes */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the canonical JSON of a String, Long/Integer, Boolean, Instant, UUID, Map, Collection or null */
    public static String json(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    /** @return the hash an event's stored fields should have */
    public static String eventHash(AuditEvent e) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("actorUserId", e.actorUserId());
        fields.put("communicationId", e.communicationId());
        fields.put("details", e.details());
        fields.put("id", e.id());
        fields.put("occurredAt", e.occurredAt());
        fields.put("organisationId", e.organisationId());
        fields.put("previousHash", e.previousHash());
        fields.put("recipientId", e.recipientId());
        fields.put("sequence", e.sequence());
        fields.put("type", e.type().wireName());
        fields.put("unitIds", e.unitIds());
        return sha256(json(fields));
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Long || value instanceof Integer) {
            out.append(value);
        } else if (value instanceof Boolean b) {
            out.append(b);
        } else if (value instanceof Instant i) {
            string(out, instant(i));
        } else if (value instanceof UUID u) {
            string(out, u.toString());
        } else if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put((String) k, v));
            out.append('{');
            String sep = "";
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                out.append(sep);
                sep = ",";
                string(out, e.getKey());
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof Collection<?> items) {
            out.append('[');
            String sep = "";
            for (Object item : items) {
                out.append(sep);
                sep = ",";
                write(out, item);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not encodable: " + value.getClass());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                out.append("\\\"");
            } else if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\b') {
                out.append("\\b");
            } else if (c == '\f') {
                out.append("\\f");
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
