package io.github.commscentre.jpa.h2guard;

import java.sql.Connection;
import java.util.List;

/**
 * {@code cc_recipient}, before update: who was addressed, which unit, in which order, added when and by whom is a
 * snapshot taken when the recipient was added, and never changes, whatever the communication's status.
 */
public final class RecipientSnapshotGuard extends GuardTrigger {

    private static final List<String> SNAPSHOT = List.of("organisation_id", "id", "communication_id", "unit_id", "position",
            "recipient_name", "recipient_email", "added_at", "added_by");

    /** For H2, which creates triggers by class name. */
    public RecipientSnapshotGuard() {
    }

    @Override
    String refusal(Connection conn, Object[] oldRow, Object[] newRow) {
        for (String column : SNAPSHOT) {
            if (changed(oldRow, newRow, column)) {
                return "recipient " + value(oldRow, "id") + " is a snapshot: who, which unit, in which order,"
                        + " added when and by whom never change (" + column + ")";
            }
        }
        return null;
    }
}
