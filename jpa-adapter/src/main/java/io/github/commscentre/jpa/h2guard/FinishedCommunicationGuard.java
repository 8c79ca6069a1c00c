package io.github.commscentre.jpa.h2guard;

import java.sql.Connection;

/** {@code cc_communication}, before update or delete: a sent or failed communication never changes. */
public final class FinishedCommunicationGuard extends GuardTrigger {

    /** For H2, which creates triggers by class name. */
    public FinishedCommunicationGuard() {
    }

    @Override
    String refusal(Connection conn, Object[] oldRow, Object[] newRow) {
        Object status = value(oldRow, "status");
        if (!Statuses.isFinished(status)) {
            return null;
        }
        return "communication " + value(oldRow, "id") + " is " + status + ": it can no longer be changed or deleted";
    }
}
