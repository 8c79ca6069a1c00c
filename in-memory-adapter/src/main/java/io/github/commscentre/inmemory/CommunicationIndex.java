package io.github.commscentre.inmemory;

import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.spi.CommunicationKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One organisation's communications with the indexes that keep a listing or a count cheap with a million of
 * them: newest first overall and per block, unit, type and status, plus the number per type and status, and the
 * ones the dispatcher may have work for in its order.
 *
 * <p>Not thread-safe: the organisation's lock guards it. {@link #put} and {@link #remove} keep every index
 * consistent and know nothing about rollback, which the transaction layers on top.
 */
final class CommunicationIndex {

    /** Newest first: {@code createdAt} descending, then id descending as an unsigned 128-bit number. */
    private static final Comparator<CommunicationKey> NEWEST_FIRST = (a, b) -> {
        int byTime = b.createdAt().compareTo(a.createdAt());
        return byTime != 0 ? byTime : InMemoryCommunicationStore.compareUnsigned(b.id(), a.id());
    };

    /**
     * The dispatcher's order: sending ones first, then by {@code scheduledAt} (none first), then by id as an unsigned
     * 128-bit number, as the database stores order them.
     */
    private static final Comparator<DueKey> DUE_ORDER = Comparator.comparing((DueKey k) -> !k.sending())
            .thenComparing(DueKey::scheduledAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(DueKey::id, InMemoryCommunicationStore::compareUnsigned);

    /** A communication's place among those the dispatcher may have work for. */
    private record DueKey(boolean sending, Instant scheduledAt, UUID id) {
    }

    private final Map<UUID, Communication> byId = new HashMap<>();
    /** Every sending communication, and every scheduled one with a {@code scheduledAt}: what may fall due. */
    private final NavigableMap<DueKey, Communication> dueOrder = new TreeMap<>(DUE_ORDER);
    private final NavigableMap<CommunicationKey, Communication> newestFirst = new TreeMap<>(NEWEST_FIRST);
    private final Map<String, NavigableMap<CommunicationKey, Communication>> byBlock = new HashMap<>();
    private final Map<String, NavigableMap<CommunicationKey, Communication>> byUnit = new HashMap<>();
    private final Map<CommunicationType, NavigableMap<CommunicationKey, Communication>> byType =
            new EnumMap<>(CommunicationType.class);
    private final Map<CommunicationStatus, NavigableMap<CommunicationKey, Communication>> byStatus =
            new EnumMap<>(CommunicationStatus.class);
    private final long[][] countByTypeAndStatus =
            new long[CommunicationType.values().length][CommunicationStatus.values().length];

    /** @return the communication with this id, or {@code null} */
    Communication get(UUID id) {
        return byId.get(id);
    }

    boolean contains(UUID id) {
        return byId.containsKey(id);
    }

    /**
     * Stores the communication, replacing the one with its id if there is one.
     *
     * @return the communication it replaced, or {@code null}
     */
    Communication put(Communication communication) {
        Communication previous = remove(communication.id());
        CommunicationKey key = keyOf(communication);
        byId.put(communication.id(), communication);
        newestFirst.put(key, communication);
        addToIndex(byBlock, communication.blockId(), key, communication);
        addToIndex(byUnit, communication.unitId(), key, communication);
        addToIndex(byType, communication.communicationType(), key, communication);
        addToIndex(byStatus, communication.status(), key, communication);
        DueKey due = dueKeyOf(communication);
        if (due != null) {
            dueOrder.put(due, communication);
        }
        countByTypeAndStatus[communication.communicationType().ordinal()][communication.status().ordinal()]++;
        return previous;
    }

    /** @return the communication removed, or {@code null} if there was none with this id */
    Communication remove(UUID id) {
        Communication removed = byId.remove(id);
        if (removed == null) {
            return null;
        }
        CommunicationKey key = keyOf(removed);
        newestFirst.remove(key);
        removeFromIndex(byBlock, removed.blockId(), key);
        removeFromIndex(byUnit, removed.unitId(), key);
        removeFromIndex(byType, removed.communicationType(), key);
        removeFromIndex(byStatus, removed.status(), key);
        DueKey due = dueKeyOf(removed);
        if (due != null) {
            dueOrder.remove(due);
        }
        countByTypeAndStatus[removed.communicationType().ordinal()][removed.status().ordinal()]--;
        return removed;
    }

    /**
     * A copy rather than a view, so that a caller that writes while it goes through them cannot break the
     * iteration.
     *
     * @return the finished communications (sent or failed), in no particular order
     */
    List<Communication> finished() {
        List<Communication> finished = new ArrayList<>();
        for (Communication communication : byId.values()) {
            if (communication.status().isFinished()) {
                finished.add(communication);
            }
        }
        return finished;
    }

    /**
     * @param now   the dispatcher's now
     * @param limit the largest number to return, not negative
     * @return every sending communication, then every scheduled one due at {@code now}, in the dispatcher's order,
     *         unmodifiable
     */
    List<Communication> due(Instant now, int limit) {
        List<Communication> due = new ArrayList<>(Math.min(limit, 128));
        for (Communication communication : dueOrder.values()) {
            if (due.size() >= limit || !isDue(communication, now)) {
                // Scheduled ones come in scheduledAt order: after the first that is not due, none is.
                break;
            }
            due.add(communication);
        }
        return Collections.unmodifiableList(due);
    }

    /** @return whether {@link #due} would return anything: a look at the first entry only */
    boolean hasDue(Instant now) {
        return !dueOrder.isEmpty() && isDue(dueOrder.firstEntry().getValue(), now);
    }

    private static boolean isDue(Communication communication, Instant now) {
        return communication.status() == CommunicationStatus.SENDING || !communication.scheduledAt().isAfter(now);
    }

    private static DueKey dueKeyOf(Communication communication) {
        if (communication.status() == CommunicationStatus.SENDING) {
            return new DueKey(true, communication.scheduledAt(), communication.id());
        }
        if (communication.status() == CommunicationStatus.SCHEDULED && communication.scheduledAt() != null) {
            return new DueKey(false, communication.scheduledAt(), communication.id());
        }
        return null;
    }

    /**
     * @param filter the filter, never {@code null}
     * @param after  continue strictly after this position, or {@code null} for the first page
     * @param limit  the largest number of rows to return, not negative
     * @return one keyset page of the matching communications, newest first, as summaries (without bodies)
     */
    List<CommunicationSummary> page(CommunicationFilter filter, CommunicationKey after, int limit) {
        NavigableMap<CommunicationKey, Communication> rows = narrowestIndex(filter);
        if (rows.isEmpty()) {
            // The shared empty map has no comparator: tailMap would cast the key to Comparable.
            return new ArrayList<>();
        }
        if (after != null) {
            rows = rows.tailMap(after, false);
        }
        List<CommunicationSummary> page = new ArrayList<>(Math.min(limit, 128));
        for (Communication communication : rows.values()) {
            if (page.size() >= limit) {
                break;
            }
            if (matches(communication, filter)) {
                // the bodies are in memory already: a summary only leaves them out, as the database stores do
                page.add(CommunicationSummary.of(communication));
            }
        }
        return Collections.unmodifiableList(page);
    }

    /**
     * Constant time without a block or unit filter, thanks to the counts by type and status; otherwise a walk
     * of the narrowest index.
     *
     * @param filter the filter, never {@code null}
     * @return how many communications match
     */
    long count(CommunicationFilter filter) {
        if (filter.blockId() == null && filter.unitId() == null) {
            long count = 0;
            for (CommunicationType type : CommunicationType.values()) {
                if (filter.communicationType() != null && filter.communicationType() != type) {
                    continue;
                }
                for (CommunicationStatus status : CommunicationStatus.values()) {
                    if (filter.status() == null || filter.status() == status) {
                        count += countByTypeAndStatus[type.ordinal()][status.ordinal()];
                    }
                }
            }
            return count;
        }
        long count = 0;
        for (Communication communication : narrowestIndex(filter).values()) {
            if (matches(communication, filter)) {
                count++;
            }
        }
        return count;
    }

    /** The smallest index that holds every match of the filter: the fewer rows walked, the better. */
    private NavigableMap<CommunicationKey, Communication> narrowestIndex(CommunicationFilter filter) {
        NavigableMap<CommunicationKey, Communication> narrowest = newestFirst;
        if (filter.unitId() != null) {
            narrowest = smaller(narrowest, byUnit.get(filter.unitId()));
        }
        if (filter.blockId() != null) {
            narrowest = smaller(narrowest, byBlock.get(filter.blockId()));
        }
        if (filter.communicationType() != null) {
            narrowest = smaller(narrowest, byType.get(filter.communicationType()));
        }
        if (filter.status() != null) {
            narrowest = smaller(narrowest, byStatus.get(filter.status()));
        }
        return narrowest;
    }

    private static NavigableMap<CommunicationKey, Communication> smaller(
            NavigableMap<CommunicationKey, Communication> current, NavigableMap<CommunicationKey, Communication> candidate) {
        if (candidate == null) {
            // No row has that value, so nothing can match.
            return Collections.emptyNavigableMap();
        }
        return candidate.size() < current.size() ? candidate : current;
    }

    private static boolean matches(Communication c, CommunicationFilter f) {
        return (f.blockId() == null || f.blockId().equals(c.blockId()))
                && (f.unitId() == null || f.unitId().equals(c.unitId()))
                && (f.communicationType() == null || f.communicationType() == c.communicationType())
                && (f.status() == null || f.status() == c.status());
    }

    private static CommunicationKey keyOf(Communication communication) {
        return new CommunicationKey(communication.createdAt(), communication.id());
    }

    private static <K> void addToIndex(Map<K, NavigableMap<CommunicationKey, Communication>> index,
                                       K value, CommunicationKey key, Communication communication) {
        if (value != null) {
            index.computeIfAbsent(value, v -> new TreeMap<>(NEWEST_FIRST)).put(key, communication);
        }
    }

    private static <K> void removeFromIndex(Map<K, NavigableMap<CommunicationKey, Communication>> index,
                                            K value, CommunicationKey key) {
        if (value == null) {
            return;
        }
        NavigableMap<CommunicationKey, Communication> rows = index.get(value);
        if (rows != null) {
            rows.remove(key);
            if (rows.isEmpty()) {
                index.remove(value);
            }
        }
    }
}
