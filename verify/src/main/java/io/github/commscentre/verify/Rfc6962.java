package io.github.commscentre.verify;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The Merkle tree hashing of RFC 6962 (and 9162) that a pack's proofs follow: a leaf is SHA-256(0x00 || the event's
 * hash bytes), a node SHA-256(0x01 || left || right); an inclusion proof leads from a leaf to a root, a consistency
 * proof from an earlier root to a later one. Written again here rather than taken from the library's core, so that the
 * offline check does not rest on the code that made the pack.
 */
final class Rfc6962 {

    private Rfc6962() {
    }

    static String leaf(String eventHash) {
        byte[] data = HexFormat.of().parseHex(eventHash);
        byte[] in = new byte[33];
        System.arraycopy(data, 0, in, 1, 32);
        return hex(sha256(in));
    }

    static String node(String left, String right) {
        byte[] in = new byte[65];
        in[0] = 1;
        System.arraycopy(HexFormat.of().parseHex(left), 0, in, 1, 32);
        System.arraycopy(HexFormat.of().parseHex(right), 0, in, 33, 32);
        return hex(sha256(in));
    }

    static String rootFromInclusion(long index, long size, String leaf, List<String> proof) {
        long fn = index;
        long sn = size - 1;
        String r = leaf;
        for (String p : proof) {
            if (sn == 0) {
                return null;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = node(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : null;
    }

    static boolean consistent(long size1, long size2, String root1, String root2, List<String> proof) {
        if (size1 < 1 || size1 >= size2) {
            return false;
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
        String fr = path.get(0);
        String sr = path.get(0);
        for (String c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = node(c, fr);
                sr = node(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && fr.equals(root1) && sr.equals(root2);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
