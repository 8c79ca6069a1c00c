package io.github.commscentre.spi;

import io.github.commscentre.DeliveryStatus;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Aggregate figures of one communication's recipients; a database store computes them in one query.
 *
 * @param total          how many recipients
 * @param byStatus       how many in each delivery status (absent statuses count zero)
 * @param withoutEmail   how many have no email snapshot
 * @param maxPosition    the largest {@code position} in use, 0 when there are none
 */
public record RecipientStats(long total, Map<DeliveryStatus, Long> byStatus, long withoutEmail, long maxPosition) {

    /** Copies the counts into an unmodifiable map holding every status. */
    public RecipientStats {
        Objects.requireNonNull(byStatus, "byStatus must not be null");
        EnumMap<DeliveryStatus, Long> all = new EnumMap<>(DeliveryStatus.class);
        for (DeliveryStatus status : DeliveryStatus.values()) {
            all.put(status, byStatus.getOrDefault(status, 0L));
        }
        byStatus = Collections.unmodifiableMap(all);
    }

    /** @return the figures of a communication without recipients */
    public static RecipientStats none() {
        return new RecipientStats(0, Map.of(), 0, 0);
    }
}
