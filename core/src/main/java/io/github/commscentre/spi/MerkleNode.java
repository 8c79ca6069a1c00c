package io.github.commscentre.spi;

import java.util.Objects;

/**
 * A stored node of an organisation's Merkle tree: the hash of a complete subtree, which never changes once all its
 * leaves are linked.
 *
 * @param key  where it sits
 * @param hash its hash, 64 lower-case hex digits
 */
public record MerkleNode(MerkleNodeKey key, String hash) {

    /** Null checks. */
    public MerkleNode {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(hash, "hash must not be null");
    }
}
