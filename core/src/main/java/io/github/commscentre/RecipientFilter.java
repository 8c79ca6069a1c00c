package io.github.commscentre;

/**
 * Filter for {@code listRecipients}.
 *
 * @param deliveryStatus recipients in this delivery status, or {@code null} for all
 */
public record RecipientFilter(DeliveryStatus deliveryStatus) {

    private static final RecipientFilter ALL = new RecipientFilter(null);

    /** @return a filter matching every recipient */
    public static RecipientFilter all() {
        return ALL;
    }

    /** @param deliveryStatus the status to match @return a filter matching recipients in that status */
    public static RecipientFilter byStatus(DeliveryStatus deliveryStatus) {
        return new RecipientFilter(deliveryStatus);
    }
}
