package io.github.commscentre.internal;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * RFC 6962 hashing on bytes, for the tree's hot paths (linking and verifying a million events), where the public
 * {@link io.github.commscentre.MerkleTree} would convert every hash to and from hex.
 */
final class TreeHashing {

    private final MessageDigest digest = Digests.sha256();

    /** @param eventHash the 32 bytes of an event's hash @return {@code SHA-256(0x00 || eventHash)} */
    byte[] leaf(byte[] eventHash) {
        digest.update((byte) 0x00);
        return digest.digest(eventHash);
    }

    /** @return {@code SHA-256(0x01 || left || right)} */
    byte[] node(byte[] left, byte[] right) {
        digest.update((byte) 0x01);
        digest.update(left);
        return digest.digest(right);
    }

    /** @param hex an event's stored hash @return its leaf hash, or {@code null} when the stored value is no hash */
    byte[] leafOfEventHash(String hex) {
        if (!io.github.commscentre.MerkleTree.isHash(hex)) {
            return null;
        }
        return leaf(HexFormat.of().parseHex(hex));
    }

    static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
