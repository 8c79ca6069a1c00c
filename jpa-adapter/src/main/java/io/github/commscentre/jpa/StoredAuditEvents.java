package io.github.commscentre.jpa;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.spi.AuditEventSink;
import io.github.commscentre.spi.MalformedAuditEvent;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static io.github.commscentre.jpa.TransactionContext.STREAM_PAGE_SIZE;

/**
 * Every stored audit event of one store transaction's organisation as {@code verifyAuditTrail} reads them: linked ones
 * in sequence order, then pending ones in append order, keyset pages in plain JDBC, and a row that does not make an
 * event (text that does not parse, a type no event has, a value missing) handed to the sink as malformed with what
 * could be read of it. A damaged row is evidence to report, so it must never turn the verification into an error.
 */
final class StoredAuditEvents {

    /** Parameters (organisation id, after sequence); the ORDER BY names the index's leading column (see CommunicationListing). */
    private static final String LINKED_PAGE = "select " + AuditEventRows.COLUMNS + " from cc_audit_event"
            + " where organisation_id = ? and sequence > ? order by organisation_id, sequence"
            + " fetch first " + STREAM_PAGE_SIZE + " rows only";

    /** Parameters (organisation id, after append order). */
    private static final String PENDING_PAGE = "select " + AuditEventRows.COLUMNS + ", append_order from cc_audit_event"
            + " where organisation_id = ? and sequence is null and append_order > ? order by append_order"
            + " fetch first " + STREAM_PAGE_SIZE + " rows only";

    /** Column of the page key: sequence for linked rows, append order for pending ones. */
    private static final int SEQUENCE = 3;
    private static final int APPEND_ORDER = 13;

    private final TransactionContext context;

    StoredAuditEvents(TransactionContext context) {
        this.context = context;
    }

    void forEach(AuditEventSink sink) {
        context.requireSnapshot();
        stream(LINKED_PAGE, SEQUENCE, sink);
        stream(PENDING_PAGE, APPEND_ORDER, sink);
    }

    private void stream(String sql, int keyColumn, AuditEventSink sink) {
        long after = Long.MIN_VALUE;
        while (true) {
            Page page = page(sql, keyColumn, after);
            // Handed over after the statement is closed: the sink may run statements of its own.
            for (Object row : page.rows) {
                if (row instanceof MalformedAuditEvent malformed) {
                    sink.malformed(malformed);
                } else {
                    sink.accept((AuditEvent) row);
                }
            }
            if (page.rows.length < STREAM_PAGE_SIZE) {
                return;
            }
            after = page.lastKey;
        }
    }

    private record Page(Object[] rows, long lastKey) {
    }

    private Page page(String sql, int keyColumn, long after) {
        return context.guard("reading audit events", () -> context.jdbc(connection -> {
            List<Object> rows = new ArrayList<>(STREAM_PAGE_SIZE);
            long last = after;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, context.organisationId);
                statement.setLong(2, after);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        last = rs.getLong(keyColumn);
                        rows.add(row(rs));
                    }
                }
            }
            return new Page(rows.toArray(), last);
        }));
    }

    /** @return the row as an event, or as a {@link MalformedAuditEvent} saying what is wrong with it */
    private static Object row(ResultSet rs) {
        AuditEventEntity e;
        try {
            e = AuditEventRows.readEntity(rs);
        } catch (SQLException | RuntimeException unreadable) {
            return new MalformedAuditEvent(sequence(rs), null, null, null, null, null,
                    "its columns cannot be read: " + unreadable.getMessage());
        }
        try {
            return EntityMapping.toDomain(e);
        } catch (RuntimeException invalid) {
            return new MalformedAuditEvent(e.sequence == null ? 0 : e.sequence, e.id, e.communicationId, e.occurredAt,
                    e.previousHash, e.hash, problem(e, invalid));
        }
    }

    private static long sequence(ResultSet rs) {
        try {
            long sequence = rs.getLong(SEQUENCE);
            return rs.wasNull() ? 0 : sequence;
        } catch (SQLException e) {
            return 0;
        }
    }

    /** Names the column at fault, which the mapping's own message does not; the stored text itself is not repeated. */
    private static String problem(AuditEventEntity e, RuntimeException invalid) {
        if (!knownType(e.eventType)) {
            return "event_type " + quoted(e.eventType) + " is no event type";
        }
        try {
            TextCodec.decodeMap(e.details);
        } catch (RuntimeException bad) {
            return "details are not readable: " + bad.getMessage();
        }
        try {
            TextCodec.decodeList(e.unitIds);
        } catch (RuntimeException bad) {
            return "unit_ids are not readable: " + bad.getMessage();
        }
        return invalid.getMessage();
    }

    private static boolean knownType(String stored) {
        for (AuditEventType type : AuditEventType.values()) {
            if (type.wireName().equals(stored)) {
                return true;
            }
        }
        return false;
    }

    private static String quoted(String stored) {
        if (stored == null) {
            return "null";
        }
        return "'" + (stored.length() > 40 ? stored.substring(0, 40) + "..." : stored) + "'";
    }
}
