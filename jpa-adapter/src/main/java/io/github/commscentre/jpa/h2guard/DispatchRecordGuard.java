package io.github.commscentre.jpa.h2guard;

import java.sql.Connection;
import java.util.List;

/**
 * {@code cc_recipient}, before update, since migration V3: a recipient's dispatch record (provider message id,
 * attempts, next attempt, claim token) changes while it is pending and in the update that takes it out of pending,
 * never afterwards. Decided on the row alone, without looking up the communication.
 */
public final class DispatchRecordGuard extends GuardTrigger {

    private static final List<String> DISPATCH_RECORD = List.of("provider_message_id", "dispatch_attempts",
            "next_attempt_at", "claim_token");

    /** For H2, which creates triggers by class name. */
    public DispatchRecordGuard() {
    }

    @Override
    String refusal(Connection conn, Object[] oldRow, Object[] newRow) {
        Object status = value(oldRow, "delivery_status");
        if (Statuses.PENDING.equals(status)) {
            return null;
        }
        for (String column : DISPATCH_RECORD) {
            if (changed(oldRow, newRow, column)) {
                return "recipient " + value(oldRow, "id") + " is " + status + ": its dispatch record (provider message id,"
                        + " attempts, next attempt, claim) changes only while it is pending (" + column + ")";
            }
        }
        return null;
    }
}
