package io.github.commscentre.inmemory;

import io.github.commscentre.SignedCheckpoint;
import io.github.commscentre.spi.MerkleNodeKey;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One organisation's proof-of-service records: the stored nodes of its Merkle tree, by key, and its signed
 * checkpoints, by size. Neither ever changes once written (only a tampering test's hook does).
 */
final class EvidenceIndex {

    final Map<MerkleNodeKey, String> nodes = new HashMap<>();
    final TreeMap<Long, SignedCheckpoint> checkpoints = new TreeMap<>();
}
