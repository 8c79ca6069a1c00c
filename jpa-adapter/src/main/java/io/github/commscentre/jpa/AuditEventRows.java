package io.github.commscentre.jpa;

import io.github.commscentre.AuditEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.UUID;

import static io.github.commscentre.jpa.JdbcTime.instant;
import static io.github.commscentre.jpa.JdbcTime.setInstant;

/**
 * Rows of {@code cc_audit_event} in plain JDBC: the insert, its parameter binding, and the reading of a selected
 * row, all through {@link EntityMapping} like the entity path.
 */
final class AuditEventRows {

    /** The columns {@link #read} expects, in its order. */
    static final String COLUMNS = "organisation_id, id, sequence, communication_id, recipient_id,"
            + " event_type, actor_user_id, occurred_at, details, unit_ids, previous_hash, hash";

    /** Twelve parameters, bound by {@link #bind}. */
    static final String INSERT = "insert into cc_audit_event (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private AuditEventRows() {
    }

    /** Inserts the events: one statement for one event, one batch for several. */
    static void insert(Connection connection, List<AuditEvent> events) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            if (events.size() == 1) {
                bind(statement, events.get(0));
                statement.executeUpdate();
                return;
            }
            for (AuditEvent event : events) {
                bind(statement, event);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** Binds the first twelve parameters of a statement that starts with {@link #INSERT}. */
    static void bind(PreparedStatement statement, AuditEvent event) throws SQLException {
        bind(statement, 1, event);
    }

    /** Binds the twelve columns in {@link #COLUMNS}' order, the first at {@code first}. */
    static void bind(PreparedStatement statement, int first, AuditEvent event) throws SQLException {
        AuditEventEntity e = EntityMapping.toEntity(event);
        int i = first - 1;
        statement.setString(i + 1, e.organisationId);
        statement.setObject(i + 2, e.id);
        if (e.sequence == null) {
            statement.setNull(i + 3, Types.BIGINT);
        } else {
            statement.setLong(i + 3, e.sequence);
        }
        statement.setObject(i + 4, e.communicationId);
        statement.setObject(i + 5, e.recipientId);
        statement.setString(i + 6, e.eventType);
        statement.setString(i + 7, e.actorUserId);
        setInstant(statement, i + 8, e.occurredAt);
        statement.setString(i + 9, e.details);
        statement.setString(i + 10, e.unitIds);
        statement.setString(i + 11, e.previousHash);
        statement.setString(i + 12, e.hash);
    }

    /** @return the current row, selected with {@link #COLUMNS} */
    static AuditEvent read(ResultSet rs) throws SQLException {
        return EntityMapping.toDomain(readEntity(rs));
    }

    /** @return the current row's columns as stored, not yet checked to make an event */
    static AuditEventEntity readEntity(ResultSet rs) throws SQLException {
        AuditEventEntity e = new AuditEventEntity();
        e.organisationId = rs.getString(1);
        e.id = rs.getObject(2, UUID.class);
        long sequence = rs.getLong(3);
        e.sequence = rs.wasNull() ? null : sequence;
        e.communicationId = rs.getObject(4, UUID.class);
        e.recipientId = rs.getObject(5, UUID.class);
        e.eventType = rs.getString(6);
        e.actorUserId = rs.getString(7);
        e.occurredAt = instant(rs, 8);
        e.details = rs.getString(9);
        e.unitIds = rs.getString(10);
        e.previousHash = rs.getString(11);
        e.hash = rs.getString(12);
        return e;
    }
}
