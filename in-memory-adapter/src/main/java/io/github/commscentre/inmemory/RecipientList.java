package io.github.commscentre.inmemory;

import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.RecipientStats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The recipients of one communication, in position order (for pages and statistics) and by unit (for the
 * one-recipient-per-unit rule). Not thread-safe: the organisation's lock guards it.
 */
final class RecipientList {

    /** A recipient's place in its communication: position, then id so that equal positions never collide. */
    private record PositionKey(long position, UUID id) {
    }

    private static final Comparator<PositionKey> BY_POSITION = (a, b) -> {
        int byPosition = Long.compare(a.position(), b.position());
        return byPosition != 0 ? byPosition : InMemoryCommunicationStore.compareUnsigned(a.id(), b.id());
    };

    /** The largest UUID as an unsigned number: a position key that sorts after every recipient at a position. */
    private static final UUID MAX_UUID = new UUID(-1L, -1L);

    private final NavigableMap<PositionKey, Recipient> byPosition = new TreeMap<>(BY_POSITION);
    private final Map<String, Recipient> byUnit = new HashMap<>();

    void add(Recipient recipient) {
        byPosition.put(positionOf(recipient), recipient);
        byUnit.put(recipient.unitId(), recipient);
    }

    void remove(Recipient recipient) {
        byPosition.remove(positionOf(recipient));
        byUnit.remove(recipient.unitId());
    }

    boolean isEmpty() {
        return byPosition.isEmpty();
    }

    boolean hasUnit(String unitId) {
        return byUnit.containsKey(unitId);
    }

    /** @return those of {@code unitIds} that already have a recipient here, unmodifiable */
    Set<String> existingUnits(Collection<String> unitIds) {
        Set<String> existing = new HashSet<>();
        for (String unitId : unitIds) {
            if (byUnit.containsKey(unitId)) {
                existing.add(unitId);
            }
        }
        return Collections.unmodifiableSet(existing);
    }

    /**
     * A copy rather than a view, so that a caller that writes while it goes through them cannot break the
     * iteration.
     *
     * @return every recipient in position order
     */
    List<Recipient> inPositionOrder() {
        return new ArrayList<>(byPosition.values());
    }

    /**
     * @param status        only recipients in this delivery status, or {@code null} for all
     * @param afterPosition continue with the recipients at a larger position
     * @param limit         the largest number of recipients to return, not negative
     * @return one page in position order, unmodifiable
     */
    List<Recipient> page(DeliveryStatus status, long afterPosition, int limit) {
        List<Recipient> page = new ArrayList<>(Math.min(limit, 128));
        for (Recipient recipient : byPosition.tailMap(new PositionKey(afterPosition, MAX_UUID), false).values()) {
            if (page.size() >= limit) {
                break;
            }
            if (status == null || recipient.deliveryStatus() == status) {
                page.add(recipient);
            }
        }
        return Collections.unmodifiableList(page);
    }

    /**
     * @param now   the dispatcher's now
     * @param limit the largest number to return, not negative
     * @return the pending recipients whose {@code nextAttemptAt} is absent or at or before {@code now}, in position
     *         order: those a claim may take
     */
    List<Recipient> claimable(Instant now, int limit) {
        List<Recipient> found = new ArrayList<>(Math.min(limit, 128));
        for (Recipient recipient : byPosition.values()) {
            if (found.size() >= limit) {
                break;
            }
            if (recipient.deliveryStatus() == DeliveryStatus.PENDING
                    && (recipient.nextAttemptAt() == null || !recipient.nextAttemptAt().isAfter(now))) {
                found.add(recipient);
            }
        }
        return found;
    }

    /** @return how many recipients there are per delivery status, how many lack an email, the largest position */
    RecipientStats stats() {
        long[] byStatus = new long[DeliveryStatus.values().length];
        long withoutEmail = 0;
        long maxPosition = 0;
        for (Recipient recipient : byPosition.values()) {
            byStatus[recipient.deliveryStatus().ordinal()]++;
            if (recipient.recipientEmail() == null) {
                withoutEmail++;
            }
            maxPosition = Math.max(maxPosition, recipient.position());
        }
        Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
        for (DeliveryStatus status : DeliveryStatus.values()) {
            counts.put(status, byStatus[status.ordinal()]);
        }
        return new RecipientStats(byPosition.size(), counts, withoutEmail, maxPosition);
    }

    private static PositionKey positionOf(Recipient recipient) {
        return new PositionKey(recipient.position(), recipient.id());
    }
}
