package io.github.commscentre.benchmarks;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.internal.AuditChain;
import io.github.commscentre.internal.CanonicalJson;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The faster canonical encoding (written for the verifyAuditTrail benchmark) must produce the very bytes the first
 * one did, or every chain stored before it would stop verifying. The reference below is that first encoding:
 * a map of the fields, sorted, strings escaped one character at a time, instants through the formatter.
 */
class CanonicalEncodingTest {

    private static final DateTimeFormatter FORMATTER =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static final String[] PIECES = {"a", "Z", " ", "é", "😀", "\u05d0", "e\u0301", "\u2028", "\"", "\\", "\n",
            "\r", "\t", "\b", "\f", "\u0001", "\u001f", "\u007f", "<p>", "&amp;", "'", "/", "{", "}", "[", "]", ":", ","};

    @Test
    void eventsEncodeExactlyAsTheFirstEncodingDid() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int n = 0; n < 5_000; n++) {
            AuditEvent event = randomEvent(random);
            String expected = reference(event);
            assertThat(AuditChain.canonical(event)).as("seed %d, event %d", seed, n).isEqualTo(expected);
            assertThat(AuditChain.expectedHash(event)).as("seed %d, event %d", seed, n).isEqualTo(sha256(expected));
        }
    }

    @Test
    void instantsFormatExactlyAsTheFormatterDoes() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("1969-12-31T23:59:59.999999Z"),
                Instant.parse("9999-12-31T23:59:59.999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("2024-02-29T23:59:59.000001Z"),
                Instant.parse("2026-11-27T09:12:08.123456789Z")));
        for (int n = 0; n < 20_000; n++) {
            instants.add(Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 260_000_000_000L), random.nextInt(1_000_000_000)));
        }
        for (Instant instant : instants) {
            assertThat(CanonicalJson.instant(instant)).as("seed %d: %s", seed, instant).isEqualTo(FORMATTER.format(instant));
            assertThat(CanonicalJson.encode(instant)).as("seed %d: %s", seed, instant).isEqualTo("\"" + FORMATTER.format(instant) + "\"");
        }
    }

    @Test
    void unsortedAndSortedMapsEncodeAlike() {
        Map<String, Object> unsorted = new LinkedHashMap<>();
        unsorted.put("b", "x\"y");
        unsorted.put("B", 1L);
        unsorted.put("a", List.of("\u0001", "😀"));
        assertThat(CanonicalJson.encode(unsorted)).isEqualTo(CanonicalJson.encode(new TreeMap<>(unsorted)))
                .isEqualTo("{\"B\":1,\"a\":[\"\\u0001\",\"😀\"],\"b\":\"x\\\"y\"}");
    }

    private static AuditEvent randomEvent(Random random) {
        Map<String, String> details = new LinkedHashMap<>();
        for (int i = random.nextInt(7); i > 0; i--) {
            details.put(text(random, 12), text(random, 60));
        }
        List<String> unitIds = new ArrayList<>();
        for (int i = random.nextInt(4) == 0 ? random.nextInt(40) : 0; i > 0; i--) {
            unitIds.add(text(random, 20));
        }
        Instant occurredAt = Instant.ofEpochSecond(random.nextLong(-1_000_000_000L, 253_402_300_800L), random.nextInt(1_000_000) * 1_000);
        return new AuditEvent(new UUID(random.nextLong(), random.nextLong()), text(random, 30), random.nextInt(1, Integer.MAX_VALUE),
                new UUID(random.nextLong(), random.nextLong()), random.nextBoolean() ? null : new UUID(random.nextLong(), random.nextLong()),
                AuditEventType.values()[random.nextInt(AuditEventType.values().length)], text(random, 30), occurredAt, details,
                unitIds, text(random, 64), "");
    }

    private static String text(Random random, int maxPieces) {
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(maxPieces + 1); i > 0; i--) {
            out.append(random.nextInt(3) == 0 ? PIECES[random.nextInt(PIECES.length)] : Character.toString('a' + random.nextInt(26)));
        }
        return out.toString();
    }

    // ---- the reference: the encoding as first written ------------------------------------------------

    private static String reference(AuditEvent e) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("actorUserId", e.actorUserId());
        fields.put("communicationId", e.communicationId());
        fields.put("details", new LinkedHashMap<>(e.details()));
        fields.put("id", e.id());
        fields.put("occurredAt", e.occurredAt());
        fields.put("organisationId", e.organisationId());
        fields.put("previousHash", e.previousHash());
        fields.put("recipientId", e.recipientId());
        fields.put("sequence", e.sequence());
        fields.put("type", e.type().wireName());
        fields.put("unitIds", e.unitIds());
        StringBuilder out = new StringBuilder();
        write(out, fields);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Long || value instanceof Integer) {
            out.append(value);
        } else if (value instanceof Instant i) {
            string(out, FORMATTER.format(i));
        } else if (value instanceof UUID u) {
            string(out, u.toString());
        } else if (value instanceof Map<?, ?> map) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put((String) k, v));
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> entry : sorted.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, entry.getKey());
                out.append(':');
                write(out, entry.getValue());
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
            throw new IllegalArgumentException(value.getClass().toString());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
