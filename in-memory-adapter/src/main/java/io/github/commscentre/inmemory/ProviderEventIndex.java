package io.github.commscentre.inmemory;

import io.github.commscentre.spi.ProviderEventRecord;

import java.util.HashMap;
import java.util.Map;

/**
 * One organisation's provider events seen so far, by provider and event id, so that a repeat of one is recognised.
 * Not thread-safe: the organisation's lock guards it. It knows nothing about rollback, which the transaction layers
 * on top.
 */
final class ProviderEventIndex {

    private final Map<String, Map<String, ProviderEventRecord>> byProvider = new HashMap<>();

    boolean contains(String provider, String eventId) {
        Map<String, ProviderEventRecord> events = byProvider.get(provider);
        return events != null && events.containsKey(eventId);
    }

    void put(String provider, ProviderEventRecord event) {
        byProvider.computeIfAbsent(provider, p -> new HashMap<>()).put(event.providerEventId(), event);
    }

    void remove(String provider, String eventId) {
        Map<String, ProviderEventRecord> events = byProvider.get(provider);
        if (events != null) {
            events.remove(eventId);
            if (events.isEmpty()) {
                byProvider.remove(provider);
            }
        }
    }
}
