package io.github.commscentre.internal;

import io.github.commscentre.MerkleTree;
import io.github.commscentre.spi.MerkleNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proof plans ({@link TreeShape}) and the growing edge ({@link MerkleFrontier}) against a naive tree that hashes every
 * range from its leaves, for every leaf and size up to a few hundred: each proof verifies with the public checks, and
 * the frontier's root and stored nodes are the naive ones.
 */
class MerkleShapeTest {

    private static List<String> leaves(int n) {
        List<String> leaves = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            leaves.add(MerkleTree.leafHash(MerkleTree.sha256Hex("event " + i)));
        }
        return leaves;
    }

    private static String naive(List<String> leaves, long from, long to) {
        return MerkleTree.root(leaves.subList((int) from, (int) to));
    }

    private static List<String> proof(List<String> leaves, List<TreeShape.Range> plan) {
        return plan.stream().map(r -> naive(leaves, r.start(), r.end())).toList();
    }

    @Test
    void theInclusionPlanOfTheHandComputedExampleGivesItsHashes() {
        List<String> l = leaves(7);
        assertThat(proof(l, TreeShape.inclusion(2, 7))).containsExactly(
                "5a303f540cf9422b15446a945c7c78d27242002e9974b99f6cc3934ba71a64e6",
                "7d1c85e2c580f8311ac22ca0d3f5294d38e6c0331b2cadbdcdff6e18cc11c16b",
                "d9d67d3957ddf6b8a35f0b917d9ab8a7aa985d052119a408b63023e4b16527cf");
        assertThat(proof(l, TreeShape.consistency(6, 7))).containsExactly(
                "da1eb72eb89c5e6a2cc78db6133afc03623b86955ee3d642ff099b17a92ff50f",
                "01b17d9eef0b087a2c128fce5221085dd0b56db4626b9d3f3b261f7b62d21790",
                "655c43b77bf1352785236eb2848a84e4187ef39af7eaf0df031dffaed9714a00");
    }

    @Test
    void everyInclusionProofVerifiesAndHasAtMostLogTwoHashes() {
        List<String> l = leaves(130);
        for (int n = 1; n <= 130; n++) {
            String root = naive(l, 0, n);
            for (int m = 0; m < n; m++) {
                List<String> p = proof(l, TreeShape.inclusion(m, n));
                assertThat(MerkleTree.verifyInclusion(m, n, l.get(m), p, root)).as("leaf %d of %d", m, n).isTrue();
                assertThat(p.size()).isLessThanOrEqualTo(64 - Long.numberOfLeadingZeros(n - 1));
            }
        }
    }

    @Test
    void everyConsistencyProofVerifies() {
        List<String> l = leaves(70);
        for (int n = 1; n <= 70; n++) {
            for (int m = 1; m <= n; m++) {
                List<String> p = proof(l, TreeShape.consistency(m, n));
                assertThat(MerkleTree.verifyConsistency(m, n, naive(l, 0, m), naive(l, 0, n), p))
                        .as("%d to %d", m, n).isTrue();
                if (m < n) {
                    assertThat(MerkleTree.verifyConsistency(m, n, naive(l, 0, m), naive(l, 0, n - 1 == m ? n : n - 1), p)
                            && n - 1 != m).as("another root of %d to %d", m, n).isFalse();
                }
            }
        }
    }

    @Test
    void proofRangesSplitIntoPerfectSubtreesWhoseFoldIsTheRangesHash() {
        List<String> l = leaves(100);
        for (int n = 1; n <= 100; n++) {
            for (int m = 0; m < n; m++) {
                for (TreeShape.Range r : TreeShape.inclusion(m, n)) {
                    String folded = null;
                    List<TreeShape.Subtree> pieces = TreeShape.subtrees(r);
                    for (int i = pieces.size() - 1; i >= 0; i--) {
                        TreeShape.Subtree s = pieces.get(i);
                        String piece = naive(l, s.start(), s.end());
                        folded = folded == null ? piece : MerkleTree.nodeHash(piece, folded);
                    }
                    assertThat(folded).isEqualTo(naive(l, r.start(), r.end()));
                }
            }
        }
    }

    @Test
    void theFrontierKeepsTheRootAndHandsOutEachCompleteSubtreeOfSixteenLeavesOrMoreOnce() {
        List<String> l = leaves(300);
        MerkleFrontier frontier = MerkleFrontier.empty();
        Map<String, String> nodes = new HashMap<>();
        assertThat(TreeHashing.hex(frontier.root())).isEqualTo(MerkleTree.EMPTY_ROOT);
        for (int n = 1; n <= 300; n++) {
            frontier.append(TreeHashing.bytes(l.get(n - 1)), node -> {
                String key = node.key().level() + "/" + node.key().index();
                assertThat(nodes.put(key, node.hash())).as("node %s handed out twice", key).isNull();
            });
            assertThat(TreeHashing.hex(frontier.root())).as("root of %d", n).isEqualTo(naive(l, 0, n));
        }
        // Level 4: 18 nodes of 16 leaves; level 5: 9; level 6: 4; level 7: 2; level 8: 1.
        assertThat(nodes).hasSize(18 + 9 + 4 + 2 + 1);
        nodes.forEach((key, hash) -> {
            int level = Integer.parseInt(key.split("/")[0]);
            long index = Long.parseLong(key.split("/")[1]);
            assertThat(hash).isEqualTo(naive(l, index << level, (index + 1) << level));
        });
    }

    @Test
    void aFrontierRestoredFromStoredNodesContinuesAsTheOriginal() {
        List<String> l = leaves(200);
        MerkleFrontier original = MerkleFrontier.empty();
        Map<String, String> stored = new HashMap<>();
        for (int n = 1; n <= 200; n++) {
            original.append(TreeHashing.bytes(l.get(n - 1)), node -> stored.put(key(node), node.hash()));
            long base = n - n % 16;
            List<byte[]> pieces = new ArrayList<>();
            if (base > 0) {
                for (TreeShape.Subtree s : TreeShape.subtrees(new TreeShape.Range(0, base))) {
                    pieces.add(TreeHashing.bytes(stored.get(s.level() + "/" + s.index())));
                }
            }
            MerkleFrontier restored = MerkleFrontier.of(base, pieces);
            for (long leaf = base; leaf < n; leaf++) {
                restored.append(TreeHashing.bytes(l.get((int) leaf)), node -> { });
            }
            assertThat(restored.size()).isEqualTo(n);
            assertThat(TreeHashing.hex(restored.root())).isEqualTo(TreeHashing.hex(original.root()));
        }
    }

    private static String key(MerkleNode node) {
        return node.key().level() + "/" + node.key().index();
    }
}
