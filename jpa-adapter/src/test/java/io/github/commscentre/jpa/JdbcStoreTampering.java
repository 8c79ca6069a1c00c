package io.github.commscentre.jpa;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.testkit.StoreTampering;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Map;
import java.util.UUID;

/**
 * An attacker with SQL access to the adapter's tables, for the behaviour suite's tamper tests. On PostgreSQL the
 * triggers refuse such edits to an ordinary session; this attacker is the superuser and switches them off for its
 * own session with {@code session_replication_role = replica}, to prove that verification catches even that.
 */
final class JdbcStoreTampering implements StoreTampering {

    private static final String EVENT_COLUMNS =
            "id, communication_id, recipient_id, event_type, actor_user_id, occurred_at, details, unit_ids, previous_hash, hash";

    private final TestDatabase database;

    JdbcStoreTampering(TestDatabase database) {
        this.database = database;
    }

    @Override
    public void changeAuditEventDetail(String organisationId, long sequence, String key, String value) {
        inAttackerSession(connection -> {
            String details;
            try (PreparedStatement select = connection.prepareStatement(
                    "select details from cc_audit_event where organisation_id = ? and sequence = ?")) {
                select.setString(1, organisationId);
                select.setLong(2, sequence);
                try (ResultSet rs = select.executeQuery()) {
                    require(rs.next(), "no event " + sequence);
                    details = rs.getString(1);
                }
            }
            Map<String, String> changed = TextCodec.decodeMap(details);
            changed.put(key, value);
            try (PreparedStatement update = connection.prepareStatement(
                    "update cc_audit_event set details = ? where organisation_id = ? and sequence = ?")) {
                update.setString(1, TextCodec.encodeMap(changed));
                update.setString(2, organisationId);
                update.setLong(3, sequence);
                require(update.executeUpdate() == 1, "event " + sequence + " not updated");
            }
        });
    }

    @Override
    public void deleteAuditEvent(String organisationId, long sequence) {
        inAttackerSession(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "delete from cc_audit_event where organisation_id = ? and sequence = ?")) {
                delete.setString(1, organisationId);
                delete.setLong(2, sequence);
                require(delete.executeUpdate() == 1, "event " + sequence + " not deleted");
            }
        });
    }

    @Override
    public void insertAuditEvent(AuditEvent event) {
        inAttackerSession(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into cc_audit_event (organisation_id, sequence, " + EVENT_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, event.organisationId());
                insert.setLong(2, event.sequence());
                insert.setObject(3, event.id());
                insert.setObject(4, event.communicationId());
                insert.setObject(5, event.recipientId());
                insert.setString(6, event.type().wireName());
                insert.setString(7, event.actorUserId());
                insert.setObject(8, event.occurredAt().atOffset(java.time.ZoneOffset.UTC));
                insert.setString(9, TextCodec.encodeMap(event.details()));
                insert.setString(10, TextCodec.encodeList(event.unitIds()));
                insert.setString(11, event.previousHash());
                insert.setString(12, event.hash());
                insert.executeUpdate();
            }
        });
    }

    @Override
    public void swapAuditEvents(String organisationId, long sequenceA, long sequenceB) {
        inAttackerSession(connection -> {
            Object[] a = readEvent(connection, organisationId, sequenceA);
            Object[] b = readEvent(connection, organisationId, sequenceB);
            // Ids are part of the primary key: park one row on a temporary id so the two can trade places.
            try (PreparedStatement park = connection.prepareStatement(
                    "update cc_audit_event set id = ? where organisation_id = ? and sequence = ?")) {
                park.setObject(1, UUID.randomUUID());
                park.setString(2, organisationId);
                park.setLong(3, sequenceA);
                require(park.executeUpdate() == 1, "event " + sequenceA + " not parked");
            }
            writeEvent(connection, organisationId, sequenceB, a);
            writeEvent(connection, organisationId, sequenceA, b);
        });
    }

    @Override
    public void changeCommunicationSubject(String organisationId, UUID communicationId, String subject) {
        inAttackerSession(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update cc_communication set subject = ? where organisation_id = ? and id = ?")) {
                update.setString(1, subject);
                update.setString(2, organisationId);
                update.setObject(3, communicationId);
                require(update.executeUpdate() == 1, "communication " + communicationId + " not updated");
            }
        });
    }

    private static Object[] readEvent(Connection connection, String organisationId, long sequence) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select " + EVENT_COLUMNS + " from cc_audit_event where organisation_id = ? and sequence = ?")) {
            select.setString(1, organisationId);
            select.setLong(2, sequence);
            try (ResultSet rs = select.executeQuery()) {
                require(rs.next(), "no event " + sequence);
                Object[] row = new Object[10];
                for (int i = 0; i < row.length; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                return row;
            }
        }
    }

    private static void writeEvent(Connection connection, String organisationId, long sequence, Object[] row) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update cc_audit_event set id = ?, communication_id = ?,"
                + " recipient_id = ?, event_type = ?, actor_user_id = ?, occurred_at = ?, details = ?, unit_ids = ?,"
                + " previous_hash = ?, hash = ? where organisation_id = ? and sequence = ?")) {
            for (int i = 0; i < row.length; i++) {
                Object value = row[i];
                if (value instanceof Timestamp) {
                    update.setTimestamp(i + 1, (Timestamp) value);
                } else {
                    update.setObject(i + 1, value);
                }
            }
            update.setString(11, organisationId);
            update.setLong(12, sequence);
            require(update.executeUpdate() == 1, "event " + sequence + " not rewritten");
        }
    }

    private interface SqlWork {
        void run(Connection connection) throws SQLException;
    }

    private void inAttackerSession(SqlWork work) {
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            if (database.kind == TestDatabase.Kind.POSTGRESQL) {
                try (Statement statement = connection.createStatement()) {
                    // Local to this transaction: ordinary triggers do not fire while the role is replica.
                    statement.execute("set local session_replication_role = replica");
                }
            }
            work.run(connection);
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("tampering failed", e);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
