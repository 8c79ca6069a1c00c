package io.github.commscentre;

import java.util.EnumSet;
import java.util.Set;

/**
 * The delivery status of one recipient. It only moves forward, so that a late or repeated provider
 * event can never erase what is known:
 * {@code pending -> accepted | delivered | opened | bounced | failed},
 * {@code accepted -> delivered | opened | bounced | failed}, {@code delivered -> opened | bounced | failed};
 * {@code opened}, {@code bounced} and {@code failed} are terminal.
 */
public enum DeliveryStatus {
    /** Added, not yet handed to a provider (or waiting to be handed again after a try-later answer). */
    PENDING("pending"),
    /** Handed to the provider, which accepted it; its message id recorded. Not yet known to be delivered. */
    ACCEPTED("accepted"),
    /** Delivered; {@code deliveredAt} recorded. */
    DELIVERED("delivered"),
    /** Opened or read; {@code openedAt} recorded (and {@code deliveredAt}, if it was not yet). */
    OPENED("opened"),
    /** Delivery attempted but bounced; may carry a failure reason. */
    BOUNCED("bounced"),
    /** Delivery failed; may carry a failure reason. */
    FAILED("failed");

    private final String wireName;

    DeliveryStatus(String wireName) {
        this.wireName = wireName;
    }

    /** @return the lower-case name hosts expose, for example {@code bounced} */
    public String wireName() {
        return wireName;
    }

    /** @return the statuses this one may move to; empty for a terminal status */
    public Set<DeliveryStatus> allowedNext() {
        switch (this) {
            case PENDING:
                return EnumSet.of(ACCEPTED, DELIVERED, OPENED, BOUNCED, FAILED);
            case ACCEPTED:
                return EnumSet.of(DELIVERED, OPENED, BOUNCED, FAILED);
            case DELIVERED:
                return EnumSet.of(OPENED, BOUNCED, FAILED);
            default:
                return EnumSet.noneOf(DeliveryStatus.class);
        }
    }

    /** @param next the proposed status @return whether moving from this status to {@code next} is a forward move */
    public boolean canMoveTo(DeliveryStatus next) {
        return allowedNext().contains(next);
    }

    /** @return {@code true} for opened, bounced and failed */
    public boolean isTerminal() {
        return allowedNext().isEmpty();
    }

    /** @return {@code true} for bounced and failed, the only statuses that accept a failure reason */
    public boolean acceptsFailureReason() {
        return this == BOUNCED || this == FAILED;
    }

    /**
     * @param wireName a lower-case name such as {@code delivered}
     * @return the status
     * @throws CommunicationCentreException {@code BAD_REQUEST} naming {@code deliveryStatus} when unknown
     */
    public static DeliveryStatus fromWireName(String wireName) {
        return WireNames.lookup(values(), DeliveryStatus::wireName, wireName, "deliveryStatus");
    }
}
