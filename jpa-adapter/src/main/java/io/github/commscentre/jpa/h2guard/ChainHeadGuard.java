package io.github.commscentre.jpa.h2guard;

import java.sql.Connection;

/**
 * {@code cc_audit_chain_head}, before update: the head only moves forward. Deleting it is allowed: a linker rebuilds
 * it from the linked events.
 */
public final class ChainHeadGuard extends GuardTrigger {

    /** For H2, which creates triggers by class name. */
    public ChainHeadGuard() {
    }

    @Override
    String refusal(Connection conn, Object[] oldRow, Object[] newRow) {
        long from = ((Number) value(oldRow, "last_sequence")).longValue();
        long to = ((Number) value(newRow, "last_sequence")).longValue();
        boolean forward = !changed(oldRow, newRow, "organisation_id")
                && (to > from || (to == from && !changed(oldRow, newRow, "last_hash")));
        if (forward) {
            return null;
        }
        return "the audit chain head of " + value(oldRow, "organisation_id") + " moves forward only: " + from + " ("
                + value(oldRow, "last_hash") + ") to " + to + " (" + value(newRow, "last_hash") + ") refused";
    }
}
