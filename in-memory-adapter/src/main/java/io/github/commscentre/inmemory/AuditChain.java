package io.github.commscentre.inmemory;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.spi.AuditChainHead;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One organisation's audit events, by sequence and per communication, and the head of its hash chain. The
 * organisation's lock guards it; {@link #put} and {@link #remove} store exactly what they are given and check
 * nothing, so that the tamper hooks can use them and the transaction does the checking.
 */
final class AuditChain {

    private final NavigableMap<Long, AuditEvent> bySequence = new TreeMap<>();
    private final Map<UUID, NavigableMap<Long, AuditEvent>> byCommunication = new HashMap<>();
    /** Pending events by id, in the order they were appended. */
    private final Map<UUID, AuditEvent> pending = new LinkedHashMap<>();
    /** Volatile so that a reader may see the head without the lock, as the SPI allows. */
    private volatile AuditChainHead head;

    AuditChain(String organisationId) {
        this.head = AuditChainHead.empty(organisationId);
    }

    AuditChainHead head() {
        return head;
    }

    /** Moves the head without looking at the events: the transaction moves it only after storing them. */
    void moveHead(AuditChainHead newHead) {
        this.head = newHead;
    }

    /** @return the event at {@code sequence}, or {@code null} */
    AuditEvent get(long sequence) {
        return bySequence.get(sequence);
    }

    boolean contains(long sequence) {
        return bySequence.containsKey(sequence);
    }

    /** @return every stored event in sequence order, a copy */
    List<AuditEvent> all() {
        return List.copyOf(bySequence.values());
    }

    /** @return the events of one communication: linked in sequence order, then pending in append order; a copy */
    List<AuditEvent> eventsOf(UUID communicationId) {
        NavigableMap<Long, AuditEvent> events = byCommunication.get(communicationId);
        List<AuditEvent> all = new ArrayList<>(events == null ? List.of() : events.values());
        for (AuditEvent event : pending.values()) {
            if (event.communicationId().equals(communicationId)) {
                all.add(event);
            }
        }
        return List.copyOf(all);
    }

    /** @return the event at the end of the linked chain, or {@code null} when nothing is linked */
    AuditEvent lastLinked() {
        Map.Entry<Long, AuditEvent> last = bySequence.lastEntry();
        return last == null ? null : last.getValue();
    }

    /** @return the pending events in append order, a copy */
    List<AuditEvent> pending() {
        return List.copyOf(pending.values());
    }

    /** @return the pending event with this id, or {@code null} */
    AuditEvent pending(UUID id) {
        return pending.get(id);
    }

    /** Stores a pending event after every other pending one. */
    void putPending(AuditEvent event) {
        pending.put(event.id(), event);
    }

    /** @return the pending event removed, or {@code null} */
    AuditEvent removePending(UUID id) {
        return pending.remove(id);
    }

    /** Calls the consumer for each event in sequence order, which may append to this chain as it goes. */
    void forEachInSequence(Consumer<AuditEvent> consumer) {
        // Stepping by key rather than iterating keeps memory flat for a million events and stays correct
        // if the consumer appends through the transaction.
        for (Map.Entry<Long, AuditEvent> entry = bySequence.firstEntry();
             entry != null;
             entry = bySequence.higherEntry(entry.getKey())) {
            consumer.accept(entry.getValue());
        }
    }

    /**
     * Stores the event at its sequence, replacing any event stored there, without moving the head.
     *
     * @return the event it replaced, or {@code null}
     */
    AuditEvent put(AuditEvent event) {
        AuditEvent previous = remove(event.sequence());
        bySequence.put(event.sequence(), event);
        byCommunication.computeIfAbsent(event.communicationId(), c -> new TreeMap<>()).put(event.sequence(), event);
        return previous;
    }

    /** @return the event removed from {@code sequence}, or {@code null} if there was none; the head stays */
    AuditEvent remove(long sequence) {
        AuditEvent removed = bySequence.remove(sequence);
        if (removed == null) {
            return null;
        }
        NavigableMap<Long, AuditEvent> ofCommunication = byCommunication.get(removed.communicationId());
        ofCommunication.remove(sequence);
        if (ofCommunication.isEmpty()) {
            byCommunication.remove(removed.communicationId());
        }
        return removed;
    }
}
