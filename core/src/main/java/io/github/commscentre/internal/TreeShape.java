package io.github.commscentre.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of an RFC 6962 Merkle tree, without any hash: which ranges of leaves an inclusion or consistency proof
 * consists of, and which perfect subtrees make up a range. Every range a proof names starts at a multiple of the
 * largest power of two not above its length, so it splits into perfect subtrees that a store can keep by key.
 */
final class TreeShape {

    private TreeShape() {
    }

    /** Leaves {@code [start, end)}. */
    record Range(long start, long end) {
        Range {
            if (start < 0 || end <= start) {
                throw new IllegalArgumentException("no leaves in [" + start + ", " + end + ")");
            }
        }
    }

    /** The perfect subtree of {@code 2^level} leaves starting at leaf {@code index * 2^level}. */
    record Subtree(int level, long index) {
        long start() {
            return index << level;
        }

        long end() {
            return (index + 1) << level;
        }
    }

    /**
     * The ranges whose hashes make up the inclusion proof of a leaf (RFC 6962, section 2.1.1), from the leaf upwards.
     *
     * @param leafIndex the leaf, from 0
     * @param treeSize  leaves in the tree, more than {@code leafIndex}
     * @return the ranges, in proof order
     */
    static List<Range> inclusion(long leafIndex, long treeSize) {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException("leaf " + leafIndex + " is not in a tree of " + treeSize);
        }
        List<Range> path = new ArrayList<>();
        inclusion(leafIndex, 0, treeSize, path);
        return path;
    }

    private static void inclusion(long m, long lo, long hi, List<Range> path) {
        if (hi - lo == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(hi - lo);
        if (m < lo + k) {
            inclusion(m, lo, lo + k, path);
            path.add(new Range(lo + k, hi));
        } else {
            inclusion(m, lo + k, hi, path);
            path.add(new Range(lo, lo + k));
        }
    }

    /**
     * The ranges whose hashes make up the consistency proof between two sizes (RFC 6962, section 2.1.2).
     *
     * @param size1 the earlier size, at least 1
     * @param size2 the later size, at least {@code size1}
     * @return the ranges, in proof order; none when the sizes are equal
     */
    static List<Range> consistency(long size1, long size2) {
        if (size1 < 1 || size2 < size1) {
            throw new IllegalArgumentException("no consistency proof from " + size1 + " to " + size2);
        }
        List<Range> proof = new ArrayList<>();
        if (size1 < size2) {
            subproof(size1, 0, size2, true, proof);
        }
        return proof;
    }

    private static void subproof(long m, long lo, long hi, boolean whole, List<Range> proof) {
        long n = hi - lo;
        if (m == n) {
            if (!whole) {
                proof.add(new Range(lo, hi));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, lo, lo + k, whole, proof);
            proof.add(new Range(lo + k, hi));
        } else {
            subproof(m - k, lo + k, hi, false, proof);
            proof.add(new Range(lo, lo + k));
        }
    }

    /**
     * @param range leaves starting at a multiple of the largest power of two not above their number (every range of a
     *              proof, and every tree from leaf 0)
     * @return its perfect subtrees, largest (leftmost) first; its hash is {@code H(s1, H(s2, ... H(sk-1, sk)))}
     */
    static List<Subtree> subtrees(Range range) {
        List<Subtree> pieces = new ArrayList<>();
        long start = range.start();
        long end = range.end();
        while (start < end) {
            long size = Long.highestOneBit(end - start);
            if (start % size != 0) {
                throw new IllegalArgumentException("range [" + range.start() + ", " + range.end() + ") is not aligned");
            }
            int level = Long.numberOfTrailingZeros(size);
            pieces.add(new Subtree(level, start >> level));
            start += size;
        }
        return pieces;
    }

    /** @param n at least 2 @return the largest power of two strictly below n */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }
}
