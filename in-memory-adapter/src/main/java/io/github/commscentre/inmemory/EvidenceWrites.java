package io.github.commscentre.inmemory;

import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.SignedCheckpoint;
import io.github.commscentre.spi.MerkleHashes;
import io.github.commscentre.spi.MerkleNode;
import io.github.commscentre.spi.MerkleNodeKey;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One transaction's reads and writes of its organisation's Merkle tree and checkpoints, each write checked before its
 * first change and undone with the transaction.
 */
final class EvidenceWrites {

    private final OrganisationData data;
    private final TransactionGuard guard;
    private final UndoLog undoLog;

    EvidenceWrites(OrganisationData data, TransactionGuard guard, UndoLog undoLog) {
        this.data = data;
        this.guard = guard;
        this.undoLog = undoLog;
    }

    MerkleHashes read(Collection<MerkleNodeKey> keys, Collection<Long> sequences) {
        guard.checkRead();
        Objects.requireNonNull(keys, "nodes must not be null");
        Objects.requireNonNull(sequences, "eventSequences must not be null");
        Map<MerkleNodeKey, String> nodes = new HashMap<>();
        for (MerkleNodeKey key : keys) {
            String hash = data.evidence.nodes.get(key);
            if (hash != null) {
                nodes.put(key, hash);
            }
        }
        Map<Long, String> events = new HashMap<>();
        for (long sequence : sequences) {
            var event = data.auditChain.get(sequence);
            if (event != null && event.isLinked()) {
                events.put(sequence, event.hash());
            }
        }
        return new MerkleHashes(nodes, events);
    }

    void insertNodes(List<MerkleNode> nodes) {
        guard.checkWrite();
        List<MerkleNode> batch = List.copyOf(nodes);
        Set<MerkleNodeKey> keys = new HashSet<>();
        for (MerkleNode node : batch) {
            if (data.evidence.nodes.containsKey(node.key()) || !keys.add(node.key())) {
                throw CommunicationCentreException.conflict("Merkle node " + node.key() + " of organisation "
                        + data.organisationId + " is stored already");
            }
        }
        batch.forEach(n -> data.evidence.nodes.put(n.key(), n.hash()));
        undoLog.record(() -> batch.forEach(n -> data.evidence.nodes.remove(n.key())));
    }

    void insertCheckpoint(SignedCheckpoint checkpoint) {
        guard.checkWrite(Objects.requireNonNull(checkpoint, "checkpoint must not be null").organisationId());
        if (data.evidence.checkpoints.containsKey(checkpoint.treeSize())) {
            throw CommunicationCentreException.conflict("a checkpoint of size " + checkpoint.treeSize()
                    + " of organisation " + data.organisationId + " is stored already");
        }
        data.evidence.checkpoints.put(checkpoint.treeSize(), checkpoint);
        undoLog.record(() -> data.evidence.checkpoints.remove(checkpoint.treeSize()));
    }

    Optional<SignedCheckpoint> latest() {
        guard.checkRead();
        var last = data.evidence.checkpoints.lastEntry();
        return last == null ? Optional.empty() : Optional.of(last.getValue());
    }

    Optional<SignedCheckpoint> firstCovering(long treeSize) {
        guard.checkRead();
        var first = data.evidence.checkpoints.ceilingEntry(treeSize);
        return first == null ? Optional.empty() : Optional.of(first.getValue());
    }

    void forEach(Consumer<SignedCheckpoint> consumer) {
        guard.checkRead();
        Objects.requireNonNull(consumer, "consumer must not be null");
        new ArrayList<>(data.evidence.checkpoints.values()).forEach(consumer);
    }

    boolean erasePersonalData(java.util.UUID recipientId) {
        guard.checkWrite();
        io.github.commscentre.Recipient r = data.recipients.get(Objects.requireNonNull(recipientId, "recipientId must not be null"));
        if (r == null) {
            return false;
        }
        io.github.commscentre.Recipient erased = new io.github.commscentre.Recipient(r.id(), r.organisationId(),
                r.communicationId(), r.unitId(), r.position(), null, null, r.deliveryStatus(), r.deliveredAt(), r.openedAt(),
                r.failureReason(), r.addedAt(), r.updatedAt(), r.addedBy(), r.providerMessageId(), r.dispatchAttempts(),
                r.nextAttemptAt(), null);
        data.recipients.put(erased);
        undoLog.record(() -> data.recipients.put(r));
        return true;
    }
}
