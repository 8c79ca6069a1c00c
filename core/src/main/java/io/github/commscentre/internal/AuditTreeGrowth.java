package io.github.commscentre.internal;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.SignedCheckpoint;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.spi.MerkleNode;
import io.github.commscentre.spi.MerkleNodeKey;
import io.github.commscentre.spi.StoreTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What linking does besides linking, when the host gave a checkpoint key: in the linking transaction, under the chain
 * lock, it appends the newly linked events to the organisation's Merkle tree (storing each complete subtree of 16
 * leaves or more, about one node per 16 events) and, when one is due, signs a checkpoint of the chain, stores it and
 * hands it to the host's publisher once the transaction has committed.
 *
 * <p>A checkpoint is due at the organisation's first linking, once {@code everyEvents} events were linked since the last
 * one, and at the first linking {@code everyInterval} after the last one. {@link #checkpointNow} makes one on demand.
 */
final class AuditTreeGrowth implements AuditLinker.LinkListener {

    private static final Logger LOG = LoggerFactory.getLogger(AuditTreeGrowth.class);
    /** Events read per statement while building the tree over events linked before it existed. */
    private static final int BACKFILL_CHUNK = 1_000;

    private final EvidenceSettings settings;
    private final Now now;
    private final FrontierCache cache = new FrontierCache();

    AuditTreeGrowth(EvidenceSettings settings, Now now) {
        this.settings = settings;
        this.now = now;
    }

    @Override
    public void linked(StoreTransaction tx, AuditChainHead before, List<AuditEvent> linked) {
        if (!settings.enabled() || linked.isEmpty()) {
            return;
        }
        FrontierCache.Entry start = edge(tx, before);
        MerkleFrontier frontier = start.frontier();
        TreeHashing hashing = new TreeHashing();
        List<MerkleNode> nodes = new ArrayList<>();
        for (AuditEvent event : linked) {
            frontier.append(hashing.leaf(TreeHashing.bytes(event.hash())), nodes::add);
        }
        if (!nodes.isEmpty()) {
            tx.insertMerkleNodes(nodes);
        }
        SignedCheckpoint last = start.lastCheckpoint();
        Instant at = now.instant();
        if (due(last, frontier.size(), at)) {
            last = store(tx, frontier, at);
        }
        remember(tx, new FrontierCache.Entry(frontier, linked.get(linked.size() - 1).hash(), last));
    }

    /**
     * Signs a checkpoint of the chain as it ends now, in a transaction that holds the chain lock, unless the latest
     * stored one already has that size.
     *
     * @param head the locked end of the chain, every event up to it linked
     * @return the checkpoint of that size
     */
    SignedCheckpoint checkpointNow(StoreTransaction tx, AuditChainHead head) {
        FrontierCache.Entry start = edge(tx, head);
        SignedCheckpoint last = start.lastCheckpoint();
        if (last == null || last.treeSize() != head.lastSequence()) {
            // Another instance may have signed this very size on demand without linking anything: ask the store.
            last = tx.latestCheckpoint().orElse(null);
            start = new FrontierCache.Entry(start.frontier(), start.lastEventHash(), last);
        }
        if (last != null && last.treeSize() == head.lastSequence()) {
            remember(tx, start);
            return last;
        }
        SignedCheckpoint made = store(tx, start.frontier(), now.instant());
        remember(tx, new FrontierCache.Entry(start.frontier(), head.lastHash(), made));
        return made;
    }

    private boolean due(SignedCheckpoint last, long size, Instant at) {
        if (last == null) {
            return true;
        }
        long since = size - last.treeSize();
        if (since <= 0) {
            return false;
        }
        return since >= settings.everyEvents()
                || Duration.between(last.signedAt(), at).compareTo(settings.everyInterval()) >= 0;
    }

    private SignedCheckpoint store(StoreTransaction tx, MerkleFrontier frontier, Instant at) {
        SignedCheckpoint checkpoint = settings.signer().sign(tx.organisationId(), frontier.size(),
                TreeHashing.hex(frontier.root()), at);
        tx.insertCheckpoint(checkpoint);
        tx.afterCommit(() -> publish(checkpoint));
        return checkpoint;
    }

    private void publish(SignedCheckpoint checkpoint) {
        try {
            settings.publisher().publish(checkpoint);
        } catch (RuntimeException e) {
            LOG.warn("the checkpoint publisher failed on checkpoint {} of organisation {} (it stays stored): {}",
                    checkpoint.treeSize(), checkpoint.organisationId(), e.toString());
        }
    }

    /** The edge is kept for the next linking only once this transaction has committed: a rollback leaves no trace. */
    private void remember(StoreTransaction tx, FrontierCache.Entry entry) {
        String organisationId = tx.organisationId();
        MerkleFrontier kept = entry.frontier().copy();
        FrontierCache.Entry copy = new FrontierCache.Entry(kept, entry.lastEventHash(), entry.lastCheckpoint());
        tx.afterCommit(() -> cache.put(organisationId, copy));
    }

    /** The right edge of the tree where the locked chain ends: cached, read from the store, or built from the events. */
    private FrontierCache.Entry edge(StoreTransaction tx, AuditChainHead head) {
        FrontierCache.Entry cached = cache.take(head);
        if (cached != null) {
            return cached;
        }
        MerkleFrontier frontier;
        try {
            frontier = new StoredTree(tx).frontier(head.lastSequence());
        } catch (StoredTree.IncompleteTreeException e) {
            frontier = build(tx, head.lastSequence());
        }
        return new FrontierCache.Entry(frontier, head.lastHash(), tx.latestCheckpoint().orElse(null));
    }

    /**
     * Builds the tree over events linked before it was kept (a host that gives a checkpoint key to an existing
     * installation), reading the events' hashes a chunk at a time and storing every node not stored yet. Once per
     * organisation; it takes a few seconds per million events, in the first linking transaction after the upgrade.
     */
    private MerkleFrontier build(StoreTransaction tx, long size) {
        LOG.info("building the Merkle tree over the {} linked events of organisation {}", size, tx.organisationId());
        MerkleFrontier frontier = MerkleFrontier.empty();
        TreeHashing hashing = new TreeHashing();
        List<MerkleNode> nodes = new ArrayList<>();
        for (long from = 1; from <= size; from += BACKFILL_CHUNK) {
            List<Long> sequences = new ArrayList<>();
            for (long s = from; s < from + BACKFILL_CHUNK && s <= size; s++) {
                sequences.add(s);
            }
            Map<Long, String> hashes = tx.readMerkleHashes(List.of(), sequences).eventHashes();
            for (long s : sequences) {
                byte[] leaf = hashing.leafOfEventHash(hashes.get(s));
                if (leaf == null) {
                    throw new StoredTree.IncompleteTreeException("the audit chain has no readable linked event " + s
                            + ": the Merkle tree cannot be built over it (verifyAuditTrail says what is wrong)");
                }
                frontier.append(leaf, nodes::add);
            }
            if (nodes.size() >= BACKFILL_CHUNK) {
                insertMissing(tx, nodes);
                nodes.clear();
            }
        }
        insertMissing(tx, nodes);
        return frontier;
    }

    private static void insertMissing(StoreTransaction tx, List<MerkleNode> nodes) {
        if (nodes.isEmpty()) {
            return;
        }
        List<MerkleNodeKey> keys = nodes.stream().map(MerkleNode::key).toList();
        Map<MerkleNodeKey, String> stored = tx.readMerkleHashes(keys, List.of()).nodes();
        List<MerkleNode> missing = nodes.stream().filter(n -> !stored.containsKey(n.key())).toList();
        if (!missing.isEmpty()) {
            tx.insertMerkleNodes(missing);
        }
    }
}
