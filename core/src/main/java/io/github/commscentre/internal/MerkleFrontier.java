package io.github.commscentre.internal;

import io.github.commscentre.spi.MerkleNode;
import io.github.commscentre.spi.MerkleNodeKey;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The right edge of a growing Merkle tree: the roots of the perfect subtrees that make up its leaves so far, at most one
 * per level, largest first (a "compact range" from leaf 0). Appending a leaf merges equal subtrees, as adding one to a
 * binary number carries, and each merge that completes a subtree of {@link #STORED_FROM_LEVEL} or more levels is handed
 * out to be stored: on average one node per 16 leaves, so storing the tree costs an insert per 16 linked events.
 * The root of the tree so far folds the subtrees from the right.
 */
final class MerkleFrontier {

    /**
     * The lowest level of node kept in the store. Below it a proof reads the (at most 16) leaves of the block it needs
     * from the linked events, which are stored anyway; a proof of a tree of 1,000,000 leaves then reads about 16 event
     * hashes and 20 nodes.
     */
    static final int STORED_FROM_LEVEL = 4;

    private final TreeHashing hashing;
    private final List<Integer> levels;
    private final List<byte[]> hashes;
    private long size;

    private MerkleFrontier(TreeHashing hashing, long size, List<Integer> levels, List<byte[]> hashes) {
        this.hashing = hashing;
        this.size = size;
        this.levels = levels;
        this.hashes = hashes;
    }

    /** @return the frontier of a tree with no leaves */
    static MerkleFrontier empty() {
        return new MerkleFrontier(new TreeHashing(), 0, new ArrayList<>(), new ArrayList<>());
    }

    /**
     * @param size     leaves of the tree, a multiple of {@code 2^STORED_FROM_LEVEL}
     * @param subtrees the hashes of its perfect subtrees ({@link TreeShape#subtrees} of {@code [0, size)}), largest first
     * @return the frontier; append the leaves beyond {@code size} to continue it
     */
    static MerkleFrontier of(long size, List<byte[]> subtrees) {
        List<TreeShape.Subtree> shape = size == 0 ? List.of() : TreeShape.subtrees(new TreeShape.Range(0, size));
        if (shape.size() != subtrees.size()) {
            throw new IllegalArgumentException(size + " leaves make " + shape.size() + " subtrees, not " + subtrees.size());
        }
        List<Integer> levels = new ArrayList<>();
        shape.forEach(s -> levels.add(s.level()));
        return new MerkleFrontier(new TreeHashing(), size, levels, new ArrayList<>(subtrees));
    }

    /** @return how many leaves the tree has */
    long size() {
        return size;
    }

    /**
     * @param leafHash  the next leaf's hash
     * @param completed receives each node of level {@link #STORED_FROM_LEVEL} or more that this leaf completes
     */
    void append(byte[] leafHash, Consumer<MerkleNode> completed) {
        size++;
        int level = 0;
        byte[] hash = leafHash;
        int last = levels.size() - 1;
        while (last >= 0 && levels.get(last) == level) {
            hash = hashing.node(hashes.remove(last), hash);
            levels.remove(last);
            level++;
            last--;
            if (level >= STORED_FROM_LEVEL) {
                long index = (size - (1L << level)) >> level;
                completed.accept(new MerkleNode(new MerkleNodeKey(level, index), TreeHashing.hex(hash)));
            }
        }
        levels.add(level);
        hashes.add(hash);
    }

    /** @return the root of the tree so far */
    byte[] root() {
        if (hashes.isEmpty()) {
            return TreeHashing.bytes(io.github.commscentre.MerkleTree.EMPTY_ROOT);
        }
        byte[] root = hashes.get(hashes.size() - 1);
        for (int i = hashes.size() - 2; i >= 0; i--) {
            root = hashing.node(hashes.get(i), root);
        }
        return root;
    }

    /** @return an independent copy, to continue without changing this one */
    MerkleFrontier copy() {
        List<byte[]> copied = new ArrayList<>(hashes.size());
        hashes.forEach(h -> copied.add(h.clone()));
        return new MerkleFrontier(new TreeHashing(), size, new ArrayList<>(levels), copied);
    }
}
