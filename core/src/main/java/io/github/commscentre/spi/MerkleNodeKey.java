package io.github.commscentre.spi;

/**
 * Where a node sits in an organisation's Merkle tree: the root of the perfect subtree of {@code 2^level} leaves that
 * starts at leaf {@code index * 2^level}. Level 0 would be a leaf; stores keep nodes of higher levels only (the core
 * decides which), and leaves come from the linked events themselves.
 *
 * @param level the height above the leaves, at least 1
 * @param index the position among the nodes of that level, from 0
 */
public record MerkleNodeKey(int level, long index) {

    /** Range checks. */
    public MerkleNodeKey {
        if (level < 1 || level > 62) {
            throw new IllegalArgumentException("a stored Merkle node's level is 1 to 62: " + level);
        }
        if (index < 0) {
            throw new IllegalArgumentException("a Merkle node's index must not be negative: " + index);
        }
    }
}
