package io.github.commscentre.jpa;

import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import static io.github.commscentre.jpa.JdbcTime.instant;
import static io.github.commscentre.jpa.JdbcTime.setInstant;

/**
 * Rows of {@code cc_recipient} in plain JDBC: the statements that write them, their parameter binding, and
 * the reading of a selected row, all through {@link EntityMapping} like the entity path. The claim token is not
 * among the columns: only the dispatch statements name it.
 */
final class RecipientRows {

    /** The columns {@link #read} expects, in its order. */
    static final String COLUMNS = "organisation_id, id, communication_id, unit_id, position, recipient_name,"
            + " recipient_email, delivery_status, delivered_at, opened_at, failure_reason, added_at, updated_at, added_by,"
            + " provider_message_id, dispatch_attempts, next_attempt_at, address_lines, address_town, address_postcode,"
            + " address_country";

    /** Parameters bound by {@link #bindInsert}. */
    static final String INSERT = "insert into cc_recipient (" + COLUMNS + ")"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * The columns an update sets, in the order {@link #bindKeyed} binds them: what delivery and dispatch change. The
     * snapshot (unit, position, name, email, address, who added it when) is never written by an update: it never
     * changes once added (V2's guard refuses it), and an update built from a read made before an erasure must not
     * write the erased values back.
     */
    private static final String SET_MUTABLE = "delivery_status = ?, delivered_at = ?, opened_at = ?, failure_reason = ?,"
            + " updated_at = ?, provider_message_id = ?, dispatch_attempts = ?, next_attempt_at = ?";

    /** How many of them there are: the keys' parameters follow. */
    private static final int MUTABLE = 8;

    /** A compare-and-set on the delivery status; parameters bound by {@link #bindUpdate}. */
    static final String UPDATE = "update cc_recipient set " + SET_MUTABLE
            + " where organisation_id = ? and id = ? and communication_id = ? and delivery_status = ?";

    /**
     * A dispatch outcome: applies only while the row still holds the claim and is pending, and releases the claim;
     * parameters bound by {@link #bindOutcome}.
     */
    static final String RECORD_OUTCOME = "update cc_recipient set " + SET_MUTABLE + ", claim_token = null"
            + " where organisation_id = ? and id = ? and communication_id = ? and claim_token = ?"
            + " and delivery_status = 'pending'";

    private RecipientRows() {
    }

    /**
     * Binds the eighteen columns after the keys, from {@code unit_id} to {@code address_country}, in the insert's order,
     * the first at {@code first}.
     */
    private static void bindFields(PreparedStatement statement, int first, RecipientEntity e) throws SQLException {
        statement.setString(first, e.unitId);
        statement.setLong(first + 1, e.position);
        statement.setString(first + 2, e.recipientName);
        statement.setString(first + 3, e.recipientEmail);
        statement.setString(first + 4, e.deliveryStatus);
        setInstant(statement, first + 5, e.deliveredAt);
        setInstant(statement, first + 6, e.openedAt);
        statement.setString(first + 7, e.failureReason);
        setInstant(statement, first + 8, e.addedAt);
        setInstant(statement, first + 9, e.updatedAt);
        statement.setString(first + 10, e.addedBy);
        statement.setString(first + 11, e.providerMessageId);
        statement.setInt(first + 12, e.dispatchAttempts);
        setInstant(statement, first + 13, e.nextAttemptAt);
        statement.setString(first + 14, e.addressLines);
        statement.setString(first + 15, e.addressTown);
        statement.setString(first + 16, e.addressPostcode);
        statement.setString(first + 17, e.addressCountry);
    }

    static void bindInsert(PreparedStatement statement, Recipient recipient) throws SQLException {
        RecipientEntity e = EntityMapping.toEntity(recipient);
        statement.setString(1, e.organisationId);
        statement.setObject(2, e.id);
        statement.setObject(3, e.communicationId);
        bindFields(statement, 4, e);
    }

    static void bindUpdate(PreparedStatement statement, Recipient updated, DeliveryStatus expectedStatus)
            throws SQLException {
        bindKeyed(statement, updated);
        statement.setString(MUTABLE + 4, expectedStatus.wireName());
    }

    /** @return whether {@link #UPDATE} replaced the row */
    static boolean update(Connection connection, Recipient updated, DeliveryStatus expectedStatus) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(UPDATE)) {
            bindUpdate(statement, updated, expectedStatus);
            return statement.executeUpdate() == 1;
        }
    }

    static void bindOutcome(PreparedStatement statement, Recipient updated, UUID claim) throws SQLException {
        bindKeyed(statement, updated);
        statement.setObject(MUTABLE + 4, claim);
    }

    /** The mutable columns, then the keys that follow them in both updates. */
    private static void bindKeyed(PreparedStatement statement, Recipient updated) throws SQLException {
        RecipientEntity e = EntityMapping.toEntity(updated);
        statement.setString(1, e.deliveryStatus);
        setInstant(statement, 2, e.deliveredAt);
        setInstant(statement, 3, e.openedAt);
        statement.setString(4, e.failureReason);
        setInstant(statement, 5, e.updatedAt);
        statement.setString(6, e.providerMessageId);
        statement.setInt(7, e.dispatchAttempts);
        setInstant(statement, 8, e.nextAttemptAt);
        statement.setString(MUTABLE + 1, e.organisationId);
        statement.setObject(MUTABLE + 2, e.id);
        statement.setObject(MUTABLE + 3, e.communicationId);
    }

    /** @return the current row, selected with {@link #COLUMNS} */
    static Recipient read(ResultSet rs) throws SQLException {
        RecipientEntity e = new RecipientEntity();
        e.organisationId = rs.getString(1);
        e.id = rs.getObject(2, UUID.class);
        e.communicationId = rs.getObject(3, UUID.class);
        e.unitId = rs.getString(4);
        e.position = rs.getLong(5);
        e.recipientName = rs.getString(6);
        e.recipientEmail = rs.getString(7);
        e.deliveryStatus = rs.getString(8);
        e.deliveredAt = instant(rs, 9);
        e.openedAt = instant(rs, 10);
        e.failureReason = rs.getString(11);
        e.addedAt = instant(rs, 12);
        e.updatedAt = instant(rs, 13);
        e.addedBy = rs.getString(14);
        e.providerMessageId = rs.getString(15);
        e.dispatchAttempts = rs.getInt(16);
        e.nextAttemptAt = instant(rs, 17);
        e.addressLines = rs.getString(18);
        e.addressTown = rs.getString(19);
        e.addressPostcode = rs.getString(20);
        e.addressCountry = rs.getString(21);
        return EntityMapping.toDomain(e);
    }
}
