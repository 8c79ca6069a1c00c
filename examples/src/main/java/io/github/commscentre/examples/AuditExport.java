package io.github.commscentre.examples;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.spi.CommunicationStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Exports an organisation's whole audit trail as JSON lines, for an auditor to verify with a script of their own
 * (see {@code docs/audit-trail.md}): the linked events, one per line in sequence order, then the events still
 * pending, if any, with sequence 0 and {@code null} hashes, which the auditor's script skips and counts.
 *
 * <p>The facade's {@code auditTrail} gives the events of one communication; the whole chain, deleted
 * communications included, is read through the store's {@code forEachAuditEvent}, which streams, so a
 * million events never sit in memory together. It reads through {@code readDetached}: one snapshot of the
 * store's own, also when the caller has a transaction open, so the linked and the pending events agree, and the
 * work runs exactly once (a plain {@code read} may run its work again, which would write the lines twice).
 * The JSON is written by hand to keep the example free of dependencies; a host would use its own JSON library.
 * Only the values matter, not the layout: the verifier re-encodes each event canonically before hashing it.
 */
public final class AuditExport {

    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private AuditExport() {
    }

    /**
     * @param store          the store the Communications Centre was built with
     * @param organisationId the organisation whose trail to export
     * @param out            where the lines go, UTF-8
     * @return how many events were written, pending ones included
     */
    public static long writeJsonLines(CommunicationStore store, String organisationId, Writer out) {
        long[] written = {0};
        Consumer<AuditEvent> line = event -> {
            try {
                out.write(toJson(event));
                out.write('\n');
                written[0]++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        store.readDetached(organisationId, tx -> {
            tx.forEachAuditEvent(line);
            tx.forEachPendingAuditEvent(line);
            return null;
        });
        return written[0];
    }

    /**
     * @param event an audit event
     * @return the event as one line of JSON, with every field the canonical encoding hashes, and the hash
     *         ({@code null}, like the previous hash, while the event is pending)
     */
    public static String toJson(AuditEvent event) {
        StringBuilder json = new StringBuilder("{");
        field(json, "actorUserId").append(string(event.actorUserId())).append(',');
        field(json, "communicationId").append(string(event.communicationId().toString())).append(',');
        field(json, "details").append(object(event.details())).append(',');
        field(json, "hash").append(nullable(event.hash())).append(',');
        field(json, "id").append(string(event.id().toString())).append(',');
        // Exactly six fractional digits, as the canonical encoding writes instants.
        field(json, "occurredAt").append(string(MICROS.format(event.occurredAt()))).append(',');
        field(json, "organisationId").append(string(event.organisationId())).append(',');
        field(json, "previousHash").append(nullable(event.previousHash())).append(',');
        field(json, "recipientId").append(nullable(event.recipientId() == null ? null : event.recipientId().toString()))
                .append(',');
        field(json, "sequence").append(event.sequence()).append(',');
        field(json, "type").append(string(event.type().wireName())).append(',');
        field(json, "unitIds").append(array(event.unitIds()));
        return json.append('}').toString();
    }

    private static StringBuilder field(StringBuilder json, String name) {
        return json.append(string(name)).append(':');
    }

    private static String object(Map<String, String> map) {
        StringBuilder json = new StringBuilder("{");
        for (Iterator<Map.Entry<String, String>> it = map.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, String> e = it.next();
            json.append(string(e.getKey())).append(':').append(string(e.getValue()));
            if (it.hasNext()) {
                json.append(',');
            }
        }
        return json.append('}').toString();
    }

    private static String array(List<String> items) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            json.append(i == 0 ? "" : ",").append(string(items.get(i)));
        }
        return json.append(']').toString();
    }

    private static String nullable(String s) {
        return s == null ? "null" : string(s);
    }

    private static String string(String s) {
        StringBuilder json = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
