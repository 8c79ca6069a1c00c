package io.github.commscentre.benchmarks;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.Recipient;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Hand-written SQL: the fast loaders of the datasets (COPY on PostgreSQL, JDBC batches on H2) and the pieces the
 * raw JDBC baselines share, against the tables exactly as the shipped migrations create them.
 */
final class Sql {

    static final String COMMUNICATION_COLUMNS = "organisation_id, id, communication_type, subject, body_html, block_id,"
            + " unit_id, channel, status, scheduled_at, sent_at, sent_by, failed_at, failure_reason, notes, created_by,"
            + " created_at, updated_at, version";

    /** What a listing reads: every column but the body, as the library's listing does. */
    static final String SUMMARY_COLUMNS = "organisation_id, id, communication_type, subject, block_id,"
            + " unit_id, channel, status, scheduled_at, sent_at, sent_by, failed_at, failure_reason, notes, created_by,"
            + " created_at, updated_at, version";

    static final String RECIPIENT_COLUMNS = "organisation_id, id, communication_id, unit_id, position, recipient_name,"
            + " recipient_email, delivery_status, delivered_at, opened_at, failure_reason, added_at, updated_at, added_by";

    static final String AUDIT_COLUMNS = "organisation_id, id, sequence, communication_id, recipient_id, event_type,"
            + " actor_user_id, occurred_at, details, unit_ids, previous_hash, hash";

    static final String INSERT_RECIPIENT = "insert into cc_recipient (" + RECIPIENT_COLUMNS
            + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    static final String INSERT_AUDIT_EVENT = "insert into cc_audit_event (" + AUDIT_COLUMNS
            + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String INSERT_COMMUNICATION = "insert into cc_communication (" + COMMUNICATION_COLUMNS
            + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private Sql() {
    }

    // ---- loaders ----------------------------------------------------------------------------------

    static void insertCommunications(Connection c, BenchDatabase.Kind kind, List<Communication> rows) throws SQLException {
        if (kind == BenchDatabase.Kind.POSTGRESQL) {
            StringBuilder copy = new StringBuilder(rows.size() * 900);
            for (Communication r : rows) {
                copyRow(copy, r.organisationId(), r.id(), r.communicationType().wireName(), r.subject(), r.bodyHtml(),
                        r.blockId(), r.unitId(), r.channel(), r.status().wireName(), r.scheduledAt(), r.sentAt(), r.sentBy(),
                        r.failedAt(), r.failureReason(), r.notes(), r.createdBy(), r.createdAt(), r.updatedAt(), r.version());
            }
            copyIn(c, "cc_communication", COMMUNICATION_COLUMNS, copy);
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_COMMUNICATION)) {
            for (Communication r : rows) {
                ps.setString(1, r.organisationId());
                ps.setObject(2, r.id());
                ps.setString(3, r.communicationType().wireName());
                ps.setString(4, r.subject());
                ps.setString(5, r.bodyHtml());
                ps.setString(6, r.blockId());
                ps.setString(7, r.unitId());
                ps.setString(8, r.channel());
                ps.setString(9, r.status().wireName());
                setInstant(ps, 10, r.scheduledAt());
                setInstant(ps, 11, r.sentAt());
                ps.setString(12, r.sentBy());
                setInstant(ps, 13, r.failedAt());
                ps.setString(14, r.failureReason());
                ps.setString(15, r.notes());
                ps.setString(16, r.createdBy());
                setInstant(ps, 17, r.createdAt());
                setInstant(ps, 18, r.updatedAt());
                ps.setLong(19, r.version());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static void insertRecipients(Connection c, BenchDatabase.Kind kind, List<Recipient> rows) throws SQLException {
        if (kind == BenchDatabase.Kind.POSTGRESQL) {
            StringBuilder copy = new StringBuilder(rows.size() * 200);
            for (Recipient r : rows) {
                copyRow(copy, r.organisationId(), r.id(), r.communicationId(), r.unitId(), r.position(), r.recipientName(),
                        r.recipientEmail(), r.deliveryStatus().wireName(), r.deliveredAt(), r.openedAt(), r.failureReason(),
                        r.addedAt(), r.updatedAt(), r.addedBy());
            }
            copyIn(c, "cc_recipient", RECIPIENT_COLUMNS, copy);
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_RECIPIENT)) {
            for (Recipient r : rows) {
                bindRecipient(ps, r);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static void insertAuditEvents(Connection c, BenchDatabase.Kind kind, List<AuditEvent> rows) throws SQLException {
        if (kind == BenchDatabase.Kind.POSTGRESQL) {
            StringBuilder copy = new StringBuilder(rows.size() * 600);
            for (AuditEvent e : rows) {
                copyRow(copy, e.organisationId(), e.id(), e.sequence(), e.communicationId(), e.recipientId(),
                        e.type().wireName(), e.actorUserId(), e.occurredAt(), details(e.details()), unitIds(e.unitIds()),
                        e.previousHash(), e.hash());
            }
            copyIn(c, "cc_audit_event", AUDIT_COLUMNS, copy);
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_AUDIT_EVENT)) {
            for (AuditEvent e : rows) {
                ps.setString(1, e.organisationId());
                ps.setObject(2, e.id());
                ps.setLong(3, e.sequence());
                ps.setObject(4, e.communicationId());
                ps.setObject(5, e.recipientId());
                ps.setString(6, e.type().wireName());
                ps.setString(7, e.actorUserId());
                setInstant(ps, 8, e.occurredAt());
                ps.setString(9, details(e.details()));
                ps.setString(10, unitIds(e.unitIds()));
                ps.setString(11, e.previousHash());
                ps.setString(12, e.hash());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Binds a recipient to {@link #INSERT_RECIPIENT}, parameter by parameter as the raw baseline does. */
    static void bindRecipient(PreparedStatement ps, Recipient r) throws SQLException {
        ps.setString(1, r.organisationId());
        ps.setObject(2, r.id());
        ps.setObject(3, r.communicationId());
        ps.setString(4, r.unitId());
        ps.setLong(5, r.position());
        ps.setString(6, r.recipientName());
        ps.setString(7, r.recipientEmail());
        ps.setString(8, r.deliveryStatus().wireName());
        setInstant(ps, 9, r.deliveredAt());
        setInstant(ps, 10, r.openedAt());
        ps.setString(11, r.failureReason());
        setInstant(ps, 12, r.addedAt());
        setInstant(ps, 13, r.updatedAt());
        ps.setString(14, r.addedBy());
    }

    static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    static Instant instant(ResultSet rs, int index) throws SQLException {
        OffsetDateTime value = rs.getObject(index, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Maps a row selected with {@link #SUMMARY_COLUMNS}, as a hand-written repository listing without bodies would. */
    static CommunicationSummary summary(ResultSet rs) throws SQLException {
        return new CommunicationSummary(
                rs.getObject(2, UUID.class),
                rs.getString(1),
                CommunicationType.fromWireName(rs.getString(3)),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                CommunicationStatus.fromWireName(rs.getString(8)),
                instant(rs, 9),
                instant(rs, 10),
                rs.getString(11),
                instant(rs, 12),
                rs.getString(13),
                rs.getString(14),
                rs.getString(15),
                instant(rs, 16),
                instant(rs, 17),
                rs.getLong(18));
    }

    /** Maps a row selected with {@link #COMMUNICATION_COLUMNS}, as a hand-written repository would. */
    static Communication communication(ResultSet rs) throws SQLException {
        return new Communication(
                rs.getObject(2, UUID.class),
                rs.getString(1),
                CommunicationType.fromWireName(rs.getString(3)),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                CommunicationStatus.fromWireName(rs.getString(9)),
                instant(rs, 10),
                instant(rs, 11),
                rs.getString(12),
                instant(rs, 13),
                rs.getString(14),
                rs.getString(15),
                rs.getString(16),
                instant(rs, 17),
                instant(rs, 18),
                rs.getLong(19));
    }

    /** The adapter's text encoding of audit details ({@code {"k":"v"}}), for the plain ASCII the datasets hold. */
    static String details(Map<String, String> details) {
        StringBuilder out = new StringBuilder(details.size() * 40).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : details.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            quoted(out, e.getKey()).append(':');
            quoted(out, e.getValue());
        }
        return out.append('}').toString();
    }

    static String unitIds(List<String> unitIds) {
        StringBuilder out = new StringBuilder(unitIds.size() * 12).append('[');
        for (int i = 0; i < unitIds.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            quoted(out, unitIds.get(i));
        }
        return out.append(']').toString();
    }

    private static StringBuilder quoted(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"' || ch == '\\' || ch < 0x20) {
                throw new IllegalArgumentException("the datasets hold plain text only: " + s);
            }
        }
        return out.append('"').append(s).append('"');
    }

    // ---- PostgreSQL COPY --------------------------------------------------------------------------

    private static void copyRow(StringBuilder out, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append('\t');
            }
            Object v = values[i];
            if (v == null) {
                out.append("\\N");
            } else {
                String s = v.toString(); // Instant.toString is ISO 8601 in UTC, which PostgreSQL reads as timestamptz
                for (int k = 0; k < s.length(); k++) {
                    char ch = s.charAt(k);
                    switch (ch) {
                        case '\\' -> out.append("\\\\");
                        case '\t' -> out.append("\\t");
                        case '\n' -> out.append("\\n");
                        case '\r' -> out.append("\\r");
                        default -> out.append(ch);
                    }
                }
            }
        }
        out.append('\n');
    }

    private static void copyIn(Connection c, String table, String columns, CharSequence data) throws SQLException {
        try {
            c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("copy " + table + " (" + columns + ") from stdin", new StringReader(data.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into " + table + " failed", e);
        }
    }
}
