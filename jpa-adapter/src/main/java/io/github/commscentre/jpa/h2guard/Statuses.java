package io.github.commscentre.jpa.h2guard;

import java.util.Map;
import java.util.Set;

/** The status rules the guards enforce, as the schema's check constraints spell the statuses. */
final class Statuses {

    static final String PENDING = "pending";

    /** Delivery statuses each status may move to under V2; the same status again is no move and always allowed. */
    private static final Map<String, Set<String>> FORWARD = Map.of(
            "pending", Set.of("delivered", "opened", "bounced", "failed"),
            "delivered", Set.of("opened", "bounced", "failed"));

    /** The same since V3, with accepted between pending and delivered. */
    private static final Map<String, Set<String>> FORWARD_THROUGH_ACCEPTED = Map.of(
            "pending", Set.of("accepted", "delivered", "opened", "bounced", "failed"),
            "accepted", Set.of("delivered", "opened", "bounced", "failed"),
            "delivered", Set.of("opened", "bounced", "failed"));

    private Statuses() {
    }

    static boolean isFinished(Object communicationStatus) {
        return "sent".equals(communicationStatus) || "failed".equals(communicationStatus);
    }

    static boolean isSending(Object communicationStatus) {
        return "sending".equals(communicationStatus);
    }

    static boolean isForward(Object from, Object to) {
        return from.equals(to) || FORWARD.getOrDefault(from, Set.of()).contains(to);
    }

    static boolean isForwardThroughAccepted(Object from, Object to) {
        return from.equals(to) || FORWARD_THROUGH_ACCEPTED.getOrDefault(from, Set.of()).contains(to);
    }
}
