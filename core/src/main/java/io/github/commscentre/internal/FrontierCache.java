package io.github.commscentre.internal;

import io.github.commscentre.spi.AuditChainHead;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The right edge of each organisation's tree as this instance last linked it, so that the usual linking (a write that
 * links its own events at once) reads nothing more than before. An entry is believed only when it ends exactly where
 * the locked chain ends (same last sequence and hash), which no other linker's work, no rollback and no restart can
 * fake; otherwise the edge is read from the store. Entries are put back only after their transaction commits.
 */
final class FrontierCache {

    private static final int ORGANISATIONS = 4_096;

    /**
     * @param frontier       the right edge of the tree
     * @param lastEventHash  the hash of its last leaf's event
     * @param lastCheckpoint the organisation's latest stored checkpoint, or {@code null} when it had none
     */
    record Entry(MerkleFrontier frontier, String lastEventHash, io.github.commscentre.SignedCheckpoint lastCheckpoint) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > ORGANISATIONS;
        }
    };

    /** @return the cached edge if it ends where {@code head} does, taken out of the cache; otherwise {@code null} */
    synchronized Entry take(AuditChainHead head) {
        Entry entry = entries.remove(head.organisationId());
        if (entry == null || entry.frontier().size() != head.lastSequence()
                || !entry.lastEventHash().equals(head.lastHash())) {
            return null;
        }
        return entry;
    }

    /** Keeps the edge of an organisation's tree. */
    synchronized void put(String organisationId, Entry entry) {
        entries.put(organisationId, entry);
    }
}
