package io.github.commscentre.jpa.h2guard;

import java.sql.Connection;

/**
 * {@code cc_recipient}, before update, as migration V2 installed it: delivery status moves forward only, so that a late
 * or replayed provider event, or a hand-written UPDATE, cannot erase what is known. V3 replaces it with
 * {@link DeliveryProgressGuard}, which knows {@code accepted}; it stays because V2 names it.
 */
public final class DeliveryStatusGuard extends GuardTrigger {

    /** For H2, which creates triggers by class name. */
    public DeliveryStatusGuard() {
    }

    @Override
    String refusal(Connection conn, Object[] oldRow, Object[] newRow) {
        Object from = value(oldRow, "delivery_status");
        Object to = value(newRow, "delivery_status");
        if (Statuses.isForward(from, to)) {
            return null;
        }
        return "delivery status of recipient " + value(oldRow, "id") + " moves forward only: " + from + " to " + to + " refused";
    }
}
