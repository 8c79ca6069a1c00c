package io.github.commscentre.jpa.h2guard;

import java.sql.Connection;

/**
 * {@code cc_recipient}, before update, since migration V3: delivery status moves forward only, with {@code accepted}
 * between pending and delivered, so that a late or replayed provider event, or a hand-written UPDATE, cannot erase what
 * is known. It replaces V2's {@link DeliveryStatusGuard}.
 */
public final class DeliveryProgressGuard extends GuardTrigger {

    /** For H2, which creates triggers by class name. */
    public DeliveryProgressGuard() {
    }

    @Override
    String refusal(Connection conn, Object[] oldRow, Object[] newRow) {
        Object from = value(oldRow, "delivery_status");
        Object to = value(newRow, "delivery_status");
        if (Statuses.isForwardThroughAccepted(from, to)) {
            return null;
        }
        return "delivery status of recipient " + value(oldRow, "id") + " moves forward only: " + from + " to " + to + " refused";
    }
}
