package io.github.commscentre;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A communication with the figures a block manager checks before and after sending.
 *
 * @param communication          the communication
 * @param recipientCount         how many recipients it has
 * @param deliveryCounts         how many recipients are in each delivery status; every status is a key, zero included
 * @param recipientsWithoutEmail how many recipients have no email: a pre-send check for the email channel
 */
public record CommunicationDetails(
        Communication communication,
        long recipientCount,
        Map<DeliveryStatus, Long> deliveryCounts,
        long recipientsWithoutEmail) {

    /** Copies the counts into an unmodifiable map holding every status. */
    public CommunicationDetails {
        Objects.requireNonNull(communication, "communication must not be null");
        Objects.requireNonNull(deliveryCounts, "deliveryCounts must not be null");
        EnumMap<DeliveryStatus, Long> all = new EnumMap<>(DeliveryStatus.class);
        for (DeliveryStatus status : DeliveryStatus.values()) {
            all.put(status, deliveryCounts.getOrDefault(status, 0L));
        }
        deliveryCounts = Collections.unmodifiableMap(all);
    }

    /** @param status a delivery status @return how many recipients are in it */
    public long deliveryCount(DeliveryStatus status) {
        return deliveryCounts.get(status);
    }
}
