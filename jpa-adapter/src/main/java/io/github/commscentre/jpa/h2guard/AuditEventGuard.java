package io.github.commscentre.jpa.h2guard;

import java.sql.Connection;
import java.util.Set;

/**
 * {@code cc_audit_event}, before update or delete: events are never deleted, and the one update allowed links a
 * pending event, setting sequence, previous hash and hash at once and changing nothing else.
 */
public final class AuditEventGuard extends GuardTrigger {

    private static final Set<String> LINK = Set.of("sequence", "previous_hash", "hash");

    /** For H2, which creates triggers by class name. */
    public AuditEventGuard() {
    }

    @Override
    String refusal(Connection conn, Object[] oldRow, Object[] newRow) {
        String refused = "audit events are append-only: %s of event " + value(oldRow, "id")
                + " refused (only linking a pending event, once, is allowed)";
        if (newRow == null) {
            return String.format(refused, "DELETE");
        }
        boolean linksPending = value(oldRow, "sequence") == null
                && LINK.stream().allMatch(column -> value(newRow, column) != null)
                && changedColumnOtherThan(oldRow, newRow, LINK) == null;
        return linksPending ? null : String.format(refused, "UPDATE");
    }
}
