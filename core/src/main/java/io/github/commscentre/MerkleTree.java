package io.github.commscentre;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Merkle tree over an organisation's audit chain, hashed in the manner of RFC 6962 and RFC 9162 (section 2.1), and
 * the checks of its proofs. Leaf {@code i} (from 0) is the linked event at sequence {@code i + 1}; its leaf hash is
 * {@code SHA-256(0x00 || e)}, where {@code e} is the 32 bytes of the event's {@code hash} (the SHA-256 of its canonical
 * encoding), and an inner node is {@code SHA-256(0x01 || left || right)}. The tree of {@code n} leaves splits at the
 * largest power of two below {@code n}, so that a tree only ever grows on its right. Hashes are written as 64 lower-case
 * hex digits, as everywhere in the audit trail.
 *
 * <p>These functions are all an independent check needs besides SHA-256: the offline verifier and the Python script of
 * {@code docs/evidence.md} do the same in a few lines each.
 */
public final class MerkleTree {

    /** The root of a tree of no leaves: the SHA-256 of nothing. */
    public static final String EMPTY_ROOT = hex(sha256().digest());

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;
    private static final int HASH_BYTES = 32;

    private MerkleTree() {
    }

    /**
     * @param eventHash an event's {@code hash}, 64 hex digits
     * @return its leaf hash, {@code SHA-256(0x00 || event hash bytes)}
     * @throws IllegalArgumentException when it is not 64 hex digits
     */
    public static String leafHash(String eventHash) {
        return hex(leafHash(bytes(eventHash, "eventHash")));
    }

    /**
     * @param left  the left child's hash
     * @param right the right child's hash
     * @return {@code SHA-256(0x01 || left || right)}
     */
    public static String nodeHash(String left, String right) {
        return hex(nodeHash(bytes(left, "left"), bytes(right, "right")));
    }

    /**
     * The root of a small tree computed from all its leaves (for tests and examples; the library itself never holds a
     * whole tree).
     *
     * @param leafHashes the leaf hashes in order
     * @return the root; {@link #EMPTY_ROOT} when there are none
     */
    public static String root(List<String> leafHashes) {
        Objects.requireNonNull(leafHashes, "leafHashes must not be null");
        if (leafHashes.isEmpty()) {
            return EMPTY_ROOT;
        }
        List<byte[]> leaves = new ArrayList<>(leafHashes.size());
        for (String leaf : leafHashes) {
            leaves.add(bytes(leaf, "leafHashes"));
        }
        return hex(subtreeRoot(leaves, 0, leaves.size()));
    }

    /**
     * The root an inclusion proof leads to (RFC 9162, section 2.1.3.2).
     *
     * @param leafIndex the leaf's index, from 0 (an event's sequence minus one)
     * @param treeSize  the number of leaves of the tree the proof is for
     * @param leafHash  the leaf's hash ({@link #leafHash})
     * @param proof     the sibling hashes, from the leaf upwards
     * @return the root, or empty when the proof cannot be one for that leaf and size (too short, too long, malformed)
     */
    public static Optional<String> rootFromInclusionProof(long leafIndex, long treeSize, String leafHash, List<String> proof) {
        Objects.requireNonNull(proof, "proof must not be null");
        if (leafIndex < 0 || leafIndex >= treeSize || !isHash(leafHash)) {
            return Optional.empty();
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = bytes(leafHash, "leafHash");
        for (String p : proof) {
            if (sn == 0 || !isHash(p)) {
                return Optional.empty();
            }
            byte[] sibling = bytes(p, "proof");
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(sibling, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, sibling);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? Optional.of(hex(r)) : Optional.empty();
    }

    /**
     * @param leafIndex the leaf's index, from 0
     * @param treeSize  the number of leaves
     * @param leafHash  the leaf's hash
     * @param proof     the sibling hashes, from the leaf upwards
     * @param root      the root the proof must lead to
     * @return whether the leaf is at that index of the tree with that root
     */
    public static boolean verifyInclusion(long leafIndex, long treeSize, String leafHash, List<String> proof, String root) {
        return rootFromInclusionProof(leafIndex, treeSize, leafHash, proof).map(r -> r.equals(root)).orElse(false);
    }

    /**
     * Whether the tree of {@code size2} leaves with {@code root2} holds the tree of {@code size1} leaves with
     * {@code root1} as its first leaves, unchanged (RFC 9162, section 2.1.4.2): the later tree only added leaves.
     *
     * @param size1 the earlier size, at least 1
     * @param size2 the later size, at least {@code size1}
     * @param root1 the earlier root
     * @param root2 the later root
     * @param proof the consistency proof; empty when the sizes are equal
     * @return whether the proof shows it
     */
    public static boolean verifyConsistency(long size1, long size2, String root1, String root2, List<String> proof) {
        Objects.requireNonNull(proof, "proof must not be null");
        if (size1 < 1 || size2 < size1 || !isHash(root1) || !isHash(root2)) {
            return false;
        }
        for (String p : proof) {
            if (!isHash(p)) {
                return false;
            }
        }
        if (size1 == size2) {
            return proof.isEmpty() && root1.equals(root2);
        }
        List<String> path = new ArrayList<>(proof);
        if (Long.bitCount(size1) == 1) {
            path.add(0, root1);
        }
        if (path.isEmpty()) {
            return false;
        }
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = bytes(path.get(0), "proof");
        byte[] sr = fr;
        for (String p : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            byte[] c = bytes(p, "proof");
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && hex(fr).equals(root1) && hex(sr).equals(root2);
    }

    /** @param value a string @return whether it is 64 lower-case hex digits */
    public static boolean isHash(String value) {
        if (value == null || value.length() != 2 * HASH_BYTES) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    static byte[] leafHash(byte[] eventHash) {
        MessageDigest digest = sha256();
        digest.update(LEAF_PREFIX);
        return digest.digest(eventHash);
    }

    static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest digest = sha256();
        digest.update(NODE_PREFIX);
        digest.update(left);
        return digest.digest(right);
    }

    private static byte[] subtreeRoot(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from);
        }
        int k = Integer.highestOneBit(n - 1);
        return nodeHash(subtreeRoot(leaves, from, from + k), subtreeRoot(leaves, from + k, to));
    }

    private static byte[] bytes(String hash, String name) {
        if (!isHash(hash)) {
            throw new IllegalArgumentException(name + " must be 64 lower-case hex digits: " + hash);
        }
        return HexFormat.of().parseHex(hash);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** @param text some text @return the SHA-256 of its UTF-8 bytes, in hex (for examples and tests) */
    public static String sha256Hex(String text) {
        return hex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
