package io.github.commscentre.internal;

import io.github.commscentre.AuditFinding.Kind;
import io.github.commscentre.MerkleTree;
import io.github.commscentre.SignedCheckpoint;
import io.github.commscentre.spi.MerkleNode;
import io.github.commscentre.spi.MerkleNodeKey;
import io.github.commscentre.spi.StoreTransaction;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The chain held against signed checkpoints, as {@code verifyAuditTrail} streams it: every checkpoint stored, and every
 * one the host supplies from outside the database, is checked for its signature, then the Merkle root of the chain's
 * first {@code treeSize} events, recomputed leaf by leaf in a frontier of a few dozen hashes, must be the root it signed.
 * A chain shorter than a checkpoint has lost events; a root that differs means covered events were changed after the
 * checkpoint, whatever the chain's own hashes say. Where the store keeps the tree, its nodes are compared with the
 * recomputed ones too, a thousand at a time.
 */
final class CheckpointCheck {

    private static final int NODE_BATCH = 1_000;

    private record Target(SignedCheckpoint checkpoint, String source) {
        String describe() {
            return "checkpoint " + checkpoint.treeSize() + " (signed " + CanonicalJson.instant(checkpoint.signedAt())
                    + ", " + source + ")";
        }
    }

    private final StoreTransaction tx;
    private final VerificationFindings findings;
    private final TreeMap<Long, List<Target>> targets = new TreeMap<>();
    private final MerkleFrontier frontier = MerkleFrontier.empty();
    private final TreeHashing hashing = new TreeHashing();
    private final boolean compareNodes;
    private final List<MerkleNode> pendingNodes = new ArrayList<>();
    private boolean unreadable;
    private long agreedSize;

    /**
     * @param tx       the verification's snapshot
     * @param settings the facade's keys, and whether the store keeps the tree
     * @param supplied checkpoints the host keeps outside the database
     * @param findings where findings go
     */
    CheckpointCheck(StoreTransaction tx, EvidenceSettings settings, Collection<SignedCheckpoint> supplied,
                    VerificationFindings findings) {
        this.tx = tx;
        this.findings = findings;
        List<SignedCheckpoint> stored = new ArrayList<>();
        if (settings.enabled() || settings.signer().canVerify()) {
            try {
                tx.forEachCheckpoint(stored::add);
            } catch (UnsupportedOperationException e) {
                stored.clear();
            }
        }
        this.compareNodes = settings.enabled() && !stored.isEmpty();
        stored.forEach(c -> admit(c, "stored", settings.signer()));
        supplied.forEach(c -> admit(c, "supplied", settings.signer()));
        compareDue();
    }

    /** @param eventHash the stored hash of the next linked event in sequence order, or {@code null} if unreadable */
    void leaf(String eventHash) {
        if (unreadable) {
            return;
        }
        byte[] leaf = hashing.leafOfEventHash(eventHash);
        if (leaf == null) {
            // The chain's own check reports the row; roots past it cannot be recomputed.
            unreadable = true;
            return;
        }
        frontier.append(leaf, compareNodes ? pendingNodes::add : node -> { });
        if (pendingNodes.size() >= NODE_BATCH) {
            compareStoredNodes();
        }
        compareDue();
    }

    /** After the last linked event: checkpoints beyond the chain's end, and the last stored nodes. */
    void finish() {
        compareStoredNodes();
        if (unreadable) {
            return;
        }
        for (List<Target> beyond : targets.tailMap(frontier.size(), false).values()) {
            for (Target t : beyond) {
                long size = t.checkpoint().treeSize();
                findings.add(Kind.CHECKPOINT_TRUNCATED, frontier.size() + 1, null, "the chain ends at event "
                        + frontier.size() + ", but " + t.describe() + " covers " + size + " events: events "
                        + (frontier.size() + 1) + " to " + size + " were removed after it was signed");
            }
        }
    }

    private void admit(SignedCheckpoint checkpoint, String source, CheckpointSigner keys) {
        Target target = new Target(checkpoint, source);
        String problem = null;
        if (!tx.organisationId().equals(checkpoint.organisationId())) {
            problem = "names organisation " + checkpoint.organisationId();
        } else if (!MerkleTree.isHash(checkpoint.rootHash())) {
            problem = "has a root that is no hash";
        } else if (keys.canVerify()) {
            PublicKey key = keys.trustedKey(checkpoint.keyFingerprint());
            if (key == null) {
                problem = "was signed by a key this facade does not know (fingerprint " + checkpoint.keyFingerprint()
                        + "): give it to the builder's previousCheckpointKeys if it is an earlier key of yours";
            } else if (!checkpoint.hasValidSignature(key)) {
                problem = "has a signature that does not verify: it was forged or altered";
            }
        }
        if (problem != null) {
            findings.add(Kind.CHECKPOINT_INVALID, null, null, target.describe() + " " + problem);
            return;
        }
        targets.computeIfAbsent(checkpoint.treeSize(), s -> new ArrayList<>()).add(target);
    }

    private void compareDue() {
        List<Target> due = targets.remove(frontier.size());
        if (due == null) {
            return;
        }
        String root = TreeHashing.hex(frontier.root());
        boolean allAgree = true;
        for (Target t : due) {
            if (!t.checkpoint().rootHash().equals(root)) {
                allAgree = false;
                long size = frontier.size();
                findings.add(Kind.CHECKPOINT_MISMATCH, agreedSize + 1, null, "events " + (agreedSize + 1) + " to " + size
                        + " are not those " + t.describe() + " covers: its Merkle root differs from the chain's, so events"
                        + " it covers were changed, removed, inserted or reordered after it was signed, even if the"
                        + " chain's own hashes were recomputed");
            }
        }
        if (allAgree) {
            agreedSize = frontier.size();
        }
    }

    private void compareStoredNodes() {
        if (pendingNodes.isEmpty()) {
            return;
        }
        List<MerkleNodeKey> keys = pendingNodes.stream().map(MerkleNode::key).toList();
        Map<MerkleNodeKey, String> stored = tx.readMerkleHashes(keys, List.of()).nodes();
        for (MerkleNode node : pendingNodes) {
            String found = stored.get(node.key());
            if (!node.hash().equals(found)) {
                long first = (node.key().index() << node.key().level()) + 1;
                long last = (node.key().index() + 1) << node.key().level();
                findings.add(Kind.MERKLE_TREE, first, null, "the stored Merkle tree node over events " + first + " to "
                        + last + (found == null ? " is missing" : " does not match the chain")
                        + ": inclusion proofs of those events cannot be made from it");
            }
        }
        pendingNodes.clear();
    }
}
