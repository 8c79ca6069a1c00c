package io.github.commscentre;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * The evidence pack of one communication: a canonical JSON document (UTF-8, keys sorted, no white space) holding its
 * content and the content's digest, its recipients with their snapshots and delivery status, every linked audit event
 * of the communication with its Merkle inclusion proof, the signed checkpoints that first covered those events with
 * consistency proofs up to the pack's own checkpoint, the public key's fingerprint, and the pack's own Ed25519 signature.
 * Anyone with the public key checks it offline, without the database: {@code communication-centre-verify}, or the
 * Python script of {@code docs/evidence.md}. {@code docs/evidence.md} describes every field.
 *
 * @param communicationId the communication
 * @param checkpoint      the checkpoint every event of the pack is proven against (the pack's last)
 * @param json            the document's bytes
 */
public record EvidencePack(UUID communicationId, SignedCheckpoint checkpoint, byte[] json) {

    /** The {@code format} field of a pack of this version. */
    public static final String FORMAT = "communication-centre-evidence-pack/1";

    /** Null checks, and a copy of the bytes. */
    public EvidencePack {
        Objects.requireNonNull(communicationId, "communicationId must not be null");
        Objects.requireNonNull(checkpoint, "checkpoint must not be null");
        json = Objects.requireNonNull(json, "json must not be null").clone();
    }

    /** @return a copy of the document's bytes */
    @Override
    public byte[] json() {
        return json.clone();
    }

    /** @return the document as text */
    public String jsonText() {
        return new String(json, StandardCharsets.UTF_8);
    }

    /** @return a file name for it: {@code evidence-<communication id>-<tree size>.json} */
    public String fileName() {
        return "evidence-" + communicationId + "-" + checkpoint.treeSize() + ".json";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EvidencePack p && communicationId.equals(p.communicationId)
                && checkpoint.equals(p.checkpoint) && Arrays.equals(json, p.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(communicationId, checkpoint, Arrays.hashCode(json));
    }

    @Override
    public String toString() {
        return "EvidencePack[communicationId=" + communicationId + ", checkpoint=" + checkpoint.treeSize() + ", "
                + json.length + " bytes]";
    }
}
