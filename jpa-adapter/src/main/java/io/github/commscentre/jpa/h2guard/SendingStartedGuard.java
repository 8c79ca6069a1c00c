package io.github.commscentre.jpa.h2guard;

import java.sql.Connection;

/**
 * {@code cc_communication}, before update, since migration V5: when sending began, once recorded, never changes: it is
 * the date of the communication's letters.
 */
public final class SendingStartedGuard extends GuardTrigger {

    /** For H2, which creates triggers by class name. */
    public SendingStartedGuard() {
    }

    @Override
    String refusal(Connection conn, Object[] oldRow, Object[] newRow) {
        if (value(oldRow, "sending_started_at") != null && changed(oldRow, newRow, "sending_started_at")) {
            return "communication " + value(oldRow, "id") + " began sending at " + value(oldRow, "sending_started_at")
                    + ": that instant, the date of its letters, never changes";
        }
        return null;
    }
}
