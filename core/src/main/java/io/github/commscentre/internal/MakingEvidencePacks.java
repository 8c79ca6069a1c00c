package io.github.commscentre.internal;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.EvidencePack;
import io.github.commscentre.MerkleTree;
import io.github.commscentre.Recipient;
import io.github.commscentre.SignedCheckpoint;
import io.github.commscentre.spi.StoreTransaction;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Evidence packs: everything a tribunal needs to check, offline, that a communication with this content went to these
 * recipients at these times. The pack's checkpoint is made on demand (after linking what is pending), so every event of
 * the communication is proven against it; each event also names the first checkpoint that covered it, with a
 * consistency proof from that one to the pack's, so that a checkpoint published years ago vouches for it too. The
 * proofs are checked before the pack is handed out: a pack that would not verify is never made.
 */
final class MakingEvidencePacks {

    private final Ports ports;
    private final Now now;
    private final Checkpointing checkpointing;
    private final EvidenceSettings settings;

    MakingEvidencePacks(Ports ports, Now now, Checkpointing checkpointing, EvidenceSettings settings) {
        this.ports = ports;
        this.now = now;
        this.checkpointing = checkpointing;
        this.settings = settings;
    }

    EvidencePack evidencePack(Caller caller, UUID communicationId) {
        String org = Callers.reader(caller);
        UUID id = Texts.requireNonNull("communicationId", communicationId);
        Checkpointing.requireKey(settings);
        SignedCheckpoint checkpoint = checkpointing.checkpointOf(org);
        Instant generatedAt = now.instant();
        Map<String, Object> pack = ports.readDetached(org, tx -> contents(tx, id, checkpoint));
        pack.put("format", EvidencePack.FORMAT);
        pack.put("generatedAt", generatedAt);
        pack.put("organisationId", org);
        pack.put("communicationId", id);
        pack.put("publicKey", publicKey());
        byte[] unsigned = CanonicalJson.encode(pack).getBytes(StandardCharsets.UTF_8);
        pack.put("packSignature", Base64.getEncoder().encodeToString(settings.signer().sign(unsigned)));
        return new EvidencePack(id, checkpoint, CanonicalJson.encode(pack).getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, Object> publicKey() {
        Map<String, Object> key = new TreeMap<>();
        key.put("algorithm", "Ed25519");
        key.put("fingerprint", settings.signer().fingerprint());
        key.put("x509", Base64.getEncoder().encodeToString(settings.signer().publicKey().getEncoded()));
        return key;
    }

    private static Map<String, Object> contents(StoreTransaction tx, UUID id, SignedCheckpoint checkpoint) {
        List<AuditEvent> events = new ArrayList<>();
        for (AuditEvent e : tx.auditEventsOf(id)) {
            if (e.isLinked() && e.sequence() <= checkpoint.treeSize()) {
                events.add(e);
            }
        }
        if (events.isEmpty()) {
            throw StoredCommunications.notFound(id);
        }
        StoredTree tree = new StoredTree(tx);
        Map<Long, List<String>> proofs;
        List<SignedCheckpoint> witnesses = new ArrayList<>();
        Map<Long, Long> witnessedBy = new HashMap<>();
        List<List<String>> consistency = new ArrayList<>();
        try {
            proofs = tree.inclusionProofs(events.stream().map(e -> e.sequence() - 1).toList(), checkpoint.treeSize());
            for (AuditEvent e : events) {
                SignedCheckpoint first = witnesses.isEmpty() || witnesses.get(witnesses.size() - 1).treeSize() < e.sequence()
                        ? tx.firstCheckpointCovering(e.sequence()).orElse(checkpoint) : witnesses.get(witnesses.size() - 1);
                if (first.treeSize() > checkpoint.treeSize()) {
                    first = checkpoint;
                }
                if (witnesses.isEmpty() || witnesses.get(witnesses.size() - 1).treeSize() != first.treeSize()) {
                    witnesses.add(first);
                }
                witnessedBy.put(e.sequence(), first.treeSize());
            }
            if (witnesses.get(witnesses.size() - 1).treeSize() != checkpoint.treeSize()) {
                witnesses.add(checkpoint);
            }
            for (SignedCheckpoint w : witnesses) {
                consistency.add(tree.consistencyProof(w.treeSize(), checkpoint.treeSize()));
            }
        } catch (StoredTree.IncompleteTreeException e) {
            throw CommunicationCentreException.conflict("no evidence pack: " + e.getMessage() + " (run verifyAuditTrail)");
        }
        Map<String, Object> pack = new TreeMap<>();
        List<Object> eventEntries = new ArrayList<>();
        Map<UUID, String> erased = new HashMap<>();
        for (AuditEvent e : events) {
            List<String> proof = proofs.get(e.sequence() - 1);
            if (!MerkleTree.verifyInclusion(e.sequence() - 1, checkpoint.treeSize(), MerkleTree.leafHash(e.hash()), proof,
                    checkpoint.rootHash())) {
                throw disagrees(checkpoint);
            }
            Map<String, Object> entry = eventFields(e);
            entry.put("inclusionProof", proof);
            entry.put("witnessedBy", witnessedBy.get(e.sequence()));
            eventEntries.add(entry);
            if (e.type() == AuditEventType.PERSONAL_DATA_ERASED && e.recipientId() != null) {
                erased.put(e.recipientId(), e.details().get("elementSha256"));
            }
        }
        List<Object> checkpointEntries = new ArrayList<>();
        for (int i = 0; i < witnesses.size(); i++) {
            SignedCheckpoint w = witnesses.get(i);
            if (!MerkleTree.verifyConsistency(w.treeSize(), checkpoint.treeSize(), w.rootHash(), checkpoint.rootHash(),
                    consistency.get(i))) {
                throw disagrees(checkpoint);
            }
            Map<String, Object> entry = checkpointFields(w);
            entry.put("consistencyProof", consistency.get(i));
            checkpointEntries.add(entry);
        }
        pack.put("events", eventEntries);
        pack.put("checkpoints", checkpointEntries);
        Communication c = tx.findCommunication(id).orElse(null);
        pack.put("communication", c == null ? null : Digests.contentFields(c));
        pack.put("contentSha256", c == null ? null : Digests.contentSha256(c));
        List<Object> recipients = new ArrayList<>();
        tx.forEachRecipient(id, r -> recipients.add(recipientFields(r, erased.get(r.id()))));
        pack.put("recipients", recipients);
        return pack;
    }

    private static CommunicationCentreException disagrees(SignedCheckpoint checkpoint) {
        return CommunicationCentreException.conflict("no evidence pack: the stored Merkle tree disagrees with checkpoint "
                + checkpoint.treeSize() + " (run verifyAuditTrail)");
    }

    /** The eleven fields the event's hash covers, and the hash. */
    static Map<String, Object> eventFields(AuditEvent e) {
        Map<String, Object> m = new TreeMap<>();
        m.put("actorUserId", e.actorUserId());
        m.put("communicationId", e.communicationId());
        m.put("details", new TreeMap<>(e.details()));
        m.put("hash", e.hash());
        m.put("id", e.id());
        m.put("occurredAt", e.occurredAt());
        m.put("organisationId", e.organisationId());
        m.put("previousHash", e.previousHash());
        m.put("recipientId", e.recipientId());
        m.put("sequence", e.sequence());
        m.put("type", e.type().wireName());
        m.put("unitIds", e.unitIds());
        return m;
    }

    static Map<String, Object> checkpointFields(SignedCheckpoint c) {
        Map<String, Object> m = new TreeMap<>();
        m.put("keyFingerprint", c.keyFingerprint());
        m.put("organisationId", c.organisationId());
        m.put("rootHash", c.rootHash());
        m.put("signature", c.signature());
        m.put("signedAt", c.signedAt());
        m.put("treeSize", c.treeSize());
        return m;
    }

    /**
     * The snapshot (the eleven fields of its digest element) and the delivery status as stored; an erased recipient
     * shows {@code erased} and the digest its erasure event kept, with no personal data.
     */
    private static Map<String, Object> recipientFields(Recipient r, String erasedElement) {
        Map<String, Object> m = new TreeMap<>(Digests.snapshot(r, 3));
        m.put("erased", erasedElement != null);
        m.put("elementSha256", erasedElement != null ? erasedElement : Digests.elementSha256(r));
        m.put("deliveryStatus", r.deliveryStatus().wireName());
        m.put("deliveredAt", r.deliveredAt());
        m.put("openedAt", r.openedAt());
        m.put("failureReason", r.failureReason());
        return m;
    }
}
