package io.github.commscentre.jpa.h2guard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * {@code cc_recipient}, before update, since migration V7 (replacing the snapshot guards of V2 and V5): who was
 * addressed, which unit, in which order, added when and by whom never change; the leaseholder's name, email and postal
 * address never change either, but may all be set to NULL together once the trail holds a
 * {@code personal_data_erased} event for the recipient.
 */
public final class ErasableSnapshotGuard extends GuardTrigger {

    private static final List<String> SNAPSHOT = List.of("organisation_id", "id", "communication_id", "unit_id", "position",
            "added_at", "added_by");
    private static final List<String> PERSONAL = List.of("recipient_name", "recipient_email", "address_lines",
            "address_town", "address_postcode", "address_country");

    /** For H2, which creates triggers by class name. */
    public ErasableSnapshotGuard() {
    }

    @Override
    String refusal(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        for (String column : SNAPSHOT) {
            if (changed(oldRow, newRow, column)) {
                return "recipient " + value(oldRow, "id") + " is a snapshot: who, which unit, in which order,"
                        + " added when and by whom never change (" + column + ")";
            }
        }
        boolean personalChanged = false;
        boolean allErased = true;
        for (String column : PERSONAL) {
            personalChanged |= changed(oldRow, newRow, column);
            allErased &= value(newRow, column) == null;
        }
        if (!personalChanged || allErased && erasureRecorded(conn, oldRow)) {
            return null;
        }
        return "recipient " + value(oldRow, "id") + " is a snapshot: the name, email and address it was sent to never"
                + " change; they can only be erased, all together, after a personal_data_erased event";
    }

    private boolean erasureRecorded(Connection conn, Object[] row) throws SQLException {
        try (PreparedStatement statement = conn.prepareStatement("select 1 from " + table("cc_audit_event")
                + " where organisation_id = ? and communication_id = ? and recipient_id = ?"
                + " and event_type = 'personal_data_erased'")) {
            statement.setObject(1, value(row, "organisation_id"));
            statement.setObject(2, value(row, "communication_id"));
            statement.setObject(3, value(row, "id"));
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }
}
