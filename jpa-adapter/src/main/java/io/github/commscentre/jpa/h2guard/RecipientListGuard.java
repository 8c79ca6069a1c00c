package io.github.commscentre.jpa.h2guard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * {@code cc_recipient}, before insert or delete: the recipient list of a communication in a status the subclass names
 * never changes.
 *
 * <p>One look-up per row, by primary key and so by organisation: H2 has no transition tables for a statement-level
 * check. Unlike PostgreSQL's guard it takes no lock, so a direct INSERT racing a concurrent status change is not
 * refused; the library's own calls hold the communication's lock. Deleting a draft cascades to its recipients and
 * passes.
 */
abstract class RecipientListGuard extends GuardTrigger {

    /**
     * @param communicationStatus the stored status of the recipients' communication, or null when it is missing
     * @return whether its recipient list is fixed
     */
    abstract boolean fixed(Object communicationStatus);

    @Override
    final String refusal(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        Object[] row = newRow != null ? newRow : oldRow;
        Object communicationId = value(row, "communication_id");
        String status;
        try (PreparedStatement statement = conn.prepareStatement(
                "select status from " + table("cc_communication") + " where organisation_id = ? and id = ?")) {
            statement.setObject(1, value(row, "organisation_id"));
            statement.setObject(2, communicationId);
            try (ResultSet rs = statement.executeQuery()) {
                // A missing communication is the foreign key's to report.
                status = rs.next() ? rs.getString(1) : null;
            }
        }
        if (!fixed(status)) {
            return null;
        }
        return newRow != null
                ? "communication " + communicationId + " is " + status + ": no recipient can be added to it"
                : "communication " + communicationId + " is " + status + ": its recipients cannot be deleted";
    }
}
