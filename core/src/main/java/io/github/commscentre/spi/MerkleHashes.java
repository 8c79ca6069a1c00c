package io.github.commscentre.spi;

import java.util.Map;
import java.util.Objects;

/**
 * What {@link StoreTransaction#readMerkleHashes} found: stored tree nodes by key, and linked events' hashes by
 * sequence. Keys and sequences that are not stored are simply absent.
 *
 * @param nodes       the stored nodes found, by key
 * @param eventHashes the {@code hash} of each linked event found, by sequence
 */
public record MerkleHashes(Map<MerkleNodeKey, String> nodes, Map<Long, String> eventHashes) {

    /** Unmodifiable copies. */
    public MerkleHashes {
        nodes = Map.copyOf(Objects.requireNonNull(nodes, "nodes must not be null"));
        eventHashes = Map.copyOf(Objects.requireNonNull(eventHashes, "eventHashes must not be null"));
    }
}
