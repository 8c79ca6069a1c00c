package io.github.commscentre.jpa;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.Recipient;
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
 * An attacker with SQL access to the adapter's tables, for the behaviour suite's tamper tests. The triggers refuse such
 * edits to an ordinary session; this attacker has the owner's rights and switches them off for its own session (on
 * PostgreSQL as superuser with {@code session_replication_role = replica}, on H2 as the database's admin with
 * {@code SET @cc_guards = 'off'}), to prove that verification catches even that.
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
                if (event.isLinked()) {
                    insert.setLong(2, event.sequence());
                } else {
                    insert.setNull(2, java.sql.Types.BIGINT); // pending: the database numbers its append order
                }
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

    @Override
    public void rewriteAuditEvent(AuditEvent event) {
        inAttackerSession(connection -> {
            try (PreparedStatement update = connection.prepareStatement("update cc_audit_event set id = ?, communication_id = ?,"
                    + " recipient_id = ?, event_type = ?, actor_user_id = ?, occurred_at = ?, details = ?, unit_ids = ?,"
                    + " previous_hash = ?, hash = ? where organisation_id = ? and sequence = ?")) {
                update.setObject(1, event.id());
                update.setObject(2, event.communicationId());
                update.setObject(3, event.recipientId());
                update.setString(4, event.type().wireName());
                update.setString(5, event.actorUserId());
                JdbcTime.setInstant(update, 6, event.occurredAt());
                update.setString(7, TextCodec.encodeMap(event.details()));
                update.setString(8, TextCodec.encodeList(event.unitIds()));
                update.setString(9, event.previousHash());
                update.setString(10, event.hash());
                update.setString(11, event.organisationId());
                update.setLong(12, event.sequence());
                require(update.executeUpdate() == 1, "event " + event.sequence() + " not rewritten");
            }
        });
    }

    @Override
    public void moveAuditChainHead(String organisationId, long lastSequence, String lastHash) {
        inAttackerSession(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update cc_audit_chain_head set last_sequence = ?, last_hash = ? where organisation_id = ?")) {
                update.setLong(1, lastSequence);
                update.setString(2, lastHash);
                update.setString(3, organisationId);
                if (update.executeUpdate() == 1) {
                    return;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into cc_audit_chain_head (organisation_id, last_sequence, last_hash) values (?, ?, ?)")) {
                insert.setString(1, organisationId);
                insert.setLong(2, lastSequence);
                insert.setString(3, lastHash);
                insert.executeUpdate();
            }
        });
    }

    @Override
    public void deleteCommunicationRow(String organisationId, UUID communicationId) {
        inAttackerSession(connection -> {
            // Explicitly, recipients first: with the triggers off, PostgreSQL does not cascade either.
            execute(connection, "delete from cc_recipient where organisation_id = ? and communication_id = ?",
                    organisationId, communicationId);
            require(execute(connection, "delete from cc_communication where organisation_id = ? and id = ?",
                    organisationId, communicationId) == 1, "communication " + communicationId + " not deleted");
        });
    }

    @Override
    public void changeCommunicationStatus(String organisationId, UUID communicationId, CommunicationStatus status) {
        inAttackerSession(connection -> require(execute(connection,
                "update cc_communication set status = ? where organisation_id = ? and id = ?",
                status.wireName(), organisationId, communicationId) == 1, "communication " + communicationId + " not updated"));
    }

    @Override
    public void rewriteRecipient(Recipient r) {
        inAttackerSession(connection -> {
            try (PreparedStatement update = connection.prepareStatement("update cc_recipient set communication_id = ?,"
                    + " unit_id = ?, position = ?, recipient_name = ?, recipient_email = ?, delivery_status = ?,"
                    + " delivered_at = ?, opened_at = ?, failure_reason = ?, added_at = ?, updated_at = ?, added_by = ?"
                    + " where organisation_id = ? and id = ?")) {
                update.setObject(1, r.communicationId());
                update.setString(2, r.unitId());
                update.setLong(3, r.position());
                update.setString(4, r.recipientName());
                update.setString(5, r.recipientEmail());
                update.setString(6, r.deliveryStatus().wireName());
                JdbcTime.setInstant(update, 7, r.deliveredAt());
                JdbcTime.setInstant(update, 8, r.openedAt());
                update.setString(9, r.failureReason());
                JdbcTime.setInstant(update, 10, r.addedAt());
                JdbcTime.setInstant(update, 11, r.updatedAt());
                update.setString(12, r.addedBy());
                update.setString(13, r.organisationId());
                update.setObject(14, r.id());
                require(update.executeUpdate() == 1, "recipient " + r.id() + " not rewritten");
            }
        });
    }

    @Override
    public void deleteRecipientRow(String organisationId, UUID recipientId) {
        inAttackerSession(connection -> require(execute(connection,
                "delete from cc_recipient where organisation_id = ? and id = ?", organisationId, recipientId) == 1,
                "recipient " + recipientId + " not deleted"));
    }

    @Override
    public void insertRecipientRow(Recipient r) {
        inAttackerSession(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into cc_recipient (organisation_id, id,"
                    + " communication_id, unit_id, position, recipient_name, recipient_email, delivery_status, delivered_at,"
                    + " opened_at, failure_reason, added_at, updated_at, added_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, r.organisationId());
                insert.setObject(2, r.id());
                insert.setObject(3, r.communicationId());
                insert.setString(4, r.unitId());
                insert.setLong(5, r.position());
                insert.setString(6, r.recipientName());
                insert.setString(7, r.recipientEmail());
                insert.setString(8, r.deliveryStatus().wireName());
                JdbcTime.setInstant(insert, 9, r.deliveredAt());
                JdbcTime.setInstant(insert, 10, r.openedAt());
                insert.setString(11, r.failureReason());
                JdbcTime.setInstant(insert, 12, r.addedAt());
                JdbcTime.setInstant(insert, 13, r.updatedAt());
                insert.setString(14, r.addedBy());
                insert.executeUpdate();
            }
        });
    }

    @Override
    public void deleteCheckpoints(String organisationId) {
        inAttackerSession(connection -> execute(connection, "delete from cc_audit_checkpoint where organisation_id = ?",
                organisationId));
    }

    @Override
    public void rewriteMerkleNode(String organisationId, io.github.commscentre.spi.MerkleNodeKey key, String hash) {
        inAttackerSession(connection -> require(execute(connection, "update cc_audit_merkle_node set hash = ?"
                + " where organisation_id = ? and tree_level = ? and node_index = ?", hash, organisationId,
                (short) key.level(), key.index()) == 1, "node " + key + " not rewritten"));
    }

    private static int execute(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
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
            } else {
                try (Statement statement = connection.createStatement()) {
                    // The database's creator is its admin, who may switch the guards off for the session (V2).
                    statement.execute("set @cc_guards = 'off'");
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
