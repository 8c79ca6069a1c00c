package io.github.commscentre.internal;

import io.github.commscentre.SignedCheckpoint;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The host's Ed25519 key pair, which signs checkpoints, and the public keys checkpoints are checked with: the pair's
 * own and those of keys the host used before (after a rotation). The private key lives only here, in memory.
 */
public final class CheckpointSigner {

    private final KeyPair keyPair;
    private final String fingerprint;
    private final Map<String, PublicKey> trusted = new LinkedHashMap<>();

    /**
     * @param keyPair      an Ed25519 key pair, or {@code null} to sign nothing (and check with {@code previousKeys} only)
     * @param previousKeys public keys of earlier key pairs, whose checkpoints verification still accepts
     * @throws IllegalArgumentException when the pair is not an Ed25519 pair whose halves belong together
     */
    public CheckpointSigner(KeyPair keyPair, List<PublicKey> previousKeys) {
        this.keyPair = keyPair;
        if (keyPair != null) {
            requireWorkingPair(keyPair);
            this.fingerprint = SignedCheckpoint.fingerprint(keyPair.getPublic());
            trusted.put(fingerprint, keyPair.getPublic());
        } else {
            this.fingerprint = null;
        }
        for (PublicKey key : previousKeys) {
            trusted.putIfAbsent(SignedCheckpoint.fingerprint(Objects.requireNonNull(key, "a previous key is null")), key);
        }
    }

    /** @return whether there is a private key to sign with */
    boolean canSign() {
        return keyPair != null;
    }

    /** @return the signing key's fingerprint */
    String fingerprint() {
        return fingerprint;
    }

    /** @return the signing key's public half */
    PublicKey publicKey() {
        return keyPair.getPublic();
    }

    /** @return whether any public key is known to check signatures with */
    boolean canVerify() {
        return !trusted.isEmpty();
    }

    /** @return the public key with that fingerprint, or {@code null} */
    PublicKey trustedKey(String keyFingerprint) {
        return trusted.get(keyFingerprint);
    }

    SignedCheckpoint sign(String organisationId, long treeSize, String rootHash, Instant at) {
        byte[] message = SignedCheckpoint.signedBytes(organisationId, treeSize, rootHash, at);
        return new SignedCheckpoint(organisationId, treeSize, rootHash, at, fingerprint,
                Base64.getEncoder().encodeToString(sign(message)));
    }

    /** Signs any bytes with the checkpoint key (an evidence pack's own signature). */
    byte[] sign(byte[] message) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(keyPair.getPrivate());
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with the checkpoint key failed", e);
        }
    }

    private static void requireWorkingPair(KeyPair pair) {
        byte[] probe = "communication-centre: checkpoint key check".getBytes(StandardCharsets.UTF_8);
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(pair.getPrivate());
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(pair.getPublic());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException("the checkpoint key pair's public key does not belong to its private key");
            }
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("the checkpoint key pair must be an Ed25519 pair"
                    + " (KeyPairGenerator.getInstance(\"Ed25519\")): " + e.getMessage(), e);
        }
    }
}
