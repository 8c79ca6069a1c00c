package io.github.commscentre.jpa.h2guard;

import java.sql.Connection;
import java.util.List;
import java.util.Set;

/**
 * {@code cc_communication}, before update or delete, since migration V3: a communication being sent only finishes. It
 * becomes sent or failed (or stays sending) with its content, scope and creation unchanged, and is never deleted.
 */
public final class SendingCommunicationGuard extends GuardTrigger {

    private static final Set<String> NEXT = Set.of("sending", "sent", "failed");

    private static final List<String> FIXED = List.of("organisation_id", "id", "communication_type", "subject",
            "body_html", "block_id", "unit_id", "channel", "created_by", "created_at");

    /** For H2, which creates triggers by class name. */
    public SendingCommunicationGuard() {
    }

    @Override
    String refusal(Connection conn, Object[] oldRow, Object[] newRow) {
        if (!Statuses.isSending(value(oldRow, "status"))) {
            return null;
        }
        Object id = value(oldRow, "id");
        if (newRow == null) {
            return "communication " + id + " is being sent: it cannot be deleted";
        }
        Object next = value(newRow, "status");
        boolean finishesOnly = NEXT.contains(next) && FIXED.stream().noneMatch(column -> changed(oldRow, newRow, column));
        return finishesOnly ? null : "communication " + id + " is being sent: it can only become sent or failed, its"
                + " content unchanged (sending to " + next + " refused)";
    }
}
