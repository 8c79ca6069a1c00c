package io.github.commscentre;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A signed statement that an organisation's audit chain had {@code treeSize} linked events whose Merkle tree
 * ({@link MerkleTree}) has root {@code rootHash}, made at {@code signedAt} with the host's Ed25519 key. Whoever holds a
 * checkpoint can later prove that any event it covers is unchanged (an inclusion proof), and that a later chain only
 * added events to it (a consistency proof): rewriting, removing or reordering covered events, even recomputing every
 * hash, cannot be hidden from it without the private key, which the database never holds.
 *
 * <p>What is signed is {@link #signedBytes()}: the UTF-8 bytes of the canonical JSON object (keys sorted, no white
 * space, as {@code json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)} writes it)
 * <pre>{"organisationId":"...","rootHash":"...","signedAt":"2026-03-02T09:00:00.000000Z","treeSize":1234,"type":"communication-centre-checkpoint/1"}</pre>
 *
 * @param organisationId the organisation whose chain it covers
 * @param treeSize       how many linked events (sequences 1 to {@code treeSize}) it covers
 * @param rootHash       the Merkle root of those events, 64 lower-case hex digits
 * @param signedAt       when it was made, by the host's clock, to the microsecond
 * @param keyFingerprint the SHA-256 (hex) of the signing key's X.509 encoding ({@link #fingerprint})
 * @param signature      the Ed25519 signature of {@link #signedBytes()}, in standard Base64
 */
public record SignedCheckpoint(String organisationId, long treeSize, String rootHash, Instant signedAt,
                               String keyFingerprint, String signature) {

    /** The {@code type} of the signed statement, which names its format. */
    public static final String TYPE = "communication-centre-checkpoint/1";

    /** Null and range checks; {@code signedAt} is kept to the microsecond. */
    public SignedCheckpoint {
        Objects.requireNonNull(organisationId, "organisationId must not be null");
        Objects.requireNonNull(rootHash, "rootHash must not be null");
        Objects.requireNonNull(signedAt, "signedAt must not be null");
        Objects.requireNonNull(keyFingerprint, "keyFingerprint must not be null");
        Objects.requireNonNull(signature, "signature must not be null");
        if (treeSize < 0) {
            throw new IllegalArgumentException("treeSize must not be negative: " + treeSize);
        }
        signedAt = signedAt.truncatedTo(ChronoUnit.MICROS);
    }

    /** @return the bytes the signature covers: the canonical JSON of organisation, root, time, size and type */
    public byte[] signedBytes() {
        return signedBytes(organisationId, treeSize, rootHash, signedAt);
    }

    /**
     * @param organisationId the organisation
     * @param treeSize       the size
     * @param rootHash       the root
     * @param signedAt       the time, to the microsecond
     * @return the bytes a checkpoint with these values signs
     */
    public static byte[] signedBytes(String organisationId, long treeSize, String rootHash, Instant signedAt) {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"organisationId\":");
        string(out, organisationId);
        out.append(",\"rootHash\":");
        string(out, rootHash);
        out.append(",\"signedAt\":");
        string(out, WireNames.instant(signedAt.truncatedTo(ChronoUnit.MICROS)));
        out.append(",\"treeSize\":").append(treeSize);
        out.append(",\"type\":");
        string(out, TYPE);
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param publicKey an Ed25519 public key
     * @return whether this checkpoint's signature is that key's signature of {@link #signedBytes()} (a key of another
     *         algorithm, or a signature that is not Base64, is simply not valid)
     */
    public boolean hasValidSignature(PublicKey publicKey) {
        Objects.requireNonNull(publicKey, "publicKey must not be null");
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(signedBytes());
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * @param publicKey a public key
     * @return the SHA-256, in lower-case hex, of its X.509 SubjectPublicKeyInfo encoding: what
     *         {@code openssl pkey -pubin -outform DER | sha256sum} prints for it
     */
    public static String fingerprint(PublicKey publicKey) {
        Objects.requireNonNull(publicKey, "publicKey must not be null");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
