package io.github.commscentre.internal;

import io.github.commscentre.spi.MerkleHashes;
import io.github.commscentre.spi.MerkleNodeKey;
import io.github.commscentre.spi.StoreTransaction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An organisation's Merkle tree as the store keeps it: the nodes of {@link MerkleFrontier#STORED_FROM_LEVEL} levels
 * and more, and below them the linked events' own hashes. Everything a proof or a frontier needs is read in one call
 * of {@link StoreTransaction#readMerkleHashes}, by key.
 */
final class StoredTree {

    /** The stored tree lacks a node or an event it should have: never built for these events, or damaged. */
    static final class IncompleteTreeException extends RuntimeException {
        IncompleteTreeException(String message) {
            super(message);
        }
    }

    private final StoreTransaction tx;
    private final TreeHashing hashing = new TreeHashing();

    StoredTree(StoreTransaction tx) {
        this.tx = tx;
    }

    /**
     * @param size leaves linked so far
     * @return the frontier of the tree of those leaves, read from the store
     * @throws IncompleteTreeException when a node it needs is not stored
     */
    MerkleFrontier frontier(long size) {
        long base = size - size % (1L << MerkleFrontier.STORED_FROM_LEVEL);
        List<TreeShape.Subtree> pieces = base == 0 ? List.of() : TreeShape.subtrees(new TreeShape.Range(0, base));
        Set<MerkleNodeKey> keys = new LinkedHashSet<>();
        pieces.forEach(p -> keys.add(new MerkleNodeKey(p.level(), p.index())));
        List<Long> sequences = new ArrayList<>();
        for (long leaf = base; leaf < size; leaf++) {
            sequences.add(leaf + 1);
        }
        MerkleHashes read = read(keys, sequences);
        List<byte[]> hashes = new ArrayList<>(pieces.size());
        for (MerkleNodeKey key : keys) {
            hashes.add(node(read, key));
        }
        MerkleFrontier frontier = MerkleFrontier.of(base, hashes);
        for (long sequence : sequences) {
            frontier.append(leaf(read, sequence), node -> { });
        }
        return frontier;
    }

    /**
     * @param leafIndex a leaf, below {@code treeSize}
     * @param treeSize  the size of a tree all of whose leaves are linked
     * @return the inclusion proof, from the leaf upwards
     */
    List<String> inclusionProof(long leafIndex, long treeSize) {
        return hashesOf(TreeShape.inclusion(leafIndex, treeSize));
    }

    /**
     * @param size1 an earlier size, at least 1
     * @param size2 a later size whose leaves are all linked
     * @return the consistency proof
     */
    List<String> consistencyProof(long size1, long size2) {
        return hashesOf(TreeShape.consistency(size1, size2));
    }

    /**
     * Several inclusion proofs into one tree, read in one call.
     *
     * @param leafIndexes leaves below {@code treeSize}
     * @param treeSize    the size of a tree all of whose leaves are linked
     * @return each leaf's proof, by leaf index
     */
    Map<Long, List<String>> inclusionProofs(Collection<Long> leafIndexes, long treeSize) {
        Map<Long, List<TreeShape.Range>> plans = new LinkedHashMap<>();
        List<TreeShape.Range> all = new ArrayList<>();
        for (long leaf : leafIndexes) {
            List<TreeShape.Range> plan = TreeShape.inclusion(leaf, treeSize);
            plans.put(leaf, plan);
            all.addAll(plan);
        }
        Map<TreeShape.Range, String> resolved = resolve(all);
        Map<Long, List<String>> proofs = new LinkedHashMap<>();
        plans.forEach((leaf, plan) -> proofs.put(leaf, plan.stream().map(resolved::get).toList()));
        return proofs;
    }

    private List<String> hashesOf(List<TreeShape.Range> ranges) {
        Map<TreeShape.Range, String> resolved = resolve(ranges);
        return ranges.stream().map(resolved::get).toList();
    }

    /** The hash of each range, from its perfect subtrees: stored nodes, and below them the events' hashes. */
    private Map<TreeShape.Range, String> resolve(List<TreeShape.Range> ranges) {
        Set<MerkleNodeKey> keys = new LinkedHashSet<>();
        Set<Long> sequences = new LinkedHashSet<>();
        Map<TreeShape.Range, List<TreeShape.Subtree>> pieces = new LinkedHashMap<>();
        for (TreeShape.Range range : ranges) {
            List<TreeShape.Subtree> subtrees = TreeShape.subtrees(range);
            pieces.put(range, subtrees);
            for (TreeShape.Subtree s : subtrees) {
                if (s.level() >= MerkleFrontier.STORED_FROM_LEVEL) {
                    keys.add(new MerkleNodeKey(s.level(), s.index()));
                } else {
                    for (long leaf = s.start(); leaf < s.end(); leaf++) {
                        sequences.add(leaf + 1);
                    }
                }
            }
        }
        MerkleHashes read = read(keys, sequences);
        Map<TreeShape.Range, String> resolved = new LinkedHashMap<>();
        pieces.forEach((range, subtrees) -> {
            byte[] hash = null;
            for (int i = subtrees.size() - 1; i >= 0; i--) {
                byte[] piece = subtreeHash(read, subtrees.get(i));
                hash = hash == null ? piece : hashing.node(piece, hash);
            }
            resolved.put(range, TreeHashing.hex(hash));
        });
        return resolved;
    }

    private byte[] subtreeHash(MerkleHashes read, TreeShape.Subtree s) {
        if (s.level() >= MerkleFrontier.STORED_FROM_LEVEL) {
            return node(read, new MerkleNodeKey(s.level(), s.index()));
        }
        MerkleFrontier small = MerkleFrontier.empty();
        for (long leaf = s.start(); leaf < s.end(); leaf++) {
            small.append(leaf(read, leaf + 1), node -> { });
        }
        return small.root();
    }

    private MerkleHashes read(Collection<MerkleNodeKey> keys, Collection<Long> sequences) {
        if (keys.isEmpty() && sequences.isEmpty()) {
            return new MerkleHashes(Map.of(), Map.of());
        }
        return tx.readMerkleHashes(List.copyOf(keys), List.copyOf(sequences));
    }

    private static byte[] node(MerkleHashes read, MerkleNodeKey key) {
        String hash = read.nodes().get(key);
        if (!io.github.commscentre.MerkleTree.isHash(hash)) {
            throw new IncompleteTreeException("the Merkle tree has no node at level " + key.level() + ", index "
                    + key.index());
        }
        return TreeHashing.bytes(hash);
    }

    private byte[] leaf(MerkleHashes read, long sequence) {
        byte[] leaf = hashing.leafOfEventHash(read.eventHashes().get(sequence));
        if (leaf == null) {
            throw new IncompleteTreeException("the audit chain has no linked event " + sequence);
        }
        return leaf;
    }
}
