package io.github.commscentre;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tree's hashing and the proof checks against values computed by hand with a few lines of Python's hashlib
 * (RFC 6962's recursive definitions written out: MTH, PATH and SUBPROOF), over seven events whose hashes are the
 * SHA-256 of "event 1" to "event 7".
 */
class MerkleTreeTest {

    private static final List<String> EVENTS = List.of(
            "fb378474af5953bec611fcb2602c5b61271c1f233b60c0adba76d5d6f47a50c4",
            "7f1ee17eb6d4b1815c8c0580dfb7ca0d3d5c3cde523da817ef7d3b1e96f6d5b8",
            "6c5cd6775eb412207f7f71f11f09047f1475b2b7526063195b777a230fe4c2a6",
            "2d245d477b973c0895afc098b46762967f728e5aec8555d81ceaf1996d4c33e0",
            "83f7ef85cb0d5e50e4ff823f62961cc134c90fa0619b8a76606d89382a12bcf9",
            "8d616aa7daf6b2f324c5eaaab30dad97fcdabefbcdf27c6e54c8169c3cd4855c",
            "15e98ed480b8f8ba9c9b3b94eb7a12a19c5dec19db4e4a5ed9a63ac5c65c1447");

    private static final List<String> ROOTS = List.of(
            "390145b17c0eb81ab29689daccd7c7973096d862d1fc20f13c6a50a867547057",
            "7d1c85e2c580f8311ac22ca0d3f5294d38e6c0331b2cadbdcdff6e18cc11c16b",
            "1207f030e8fb13cccfb4d9acb7958cc98ee3b95fdf9dad858022b303b96a9a92",
            "655c43b77bf1352785236eb2848a84e4187ef39af7eaf0df031dffaed9714a00",
            "233efd42121cf4fdf0d0f77d7c1466666be4fa082df47a412c28ced6657c9f7e",
            "b1532211d85933ac6b442449e67db11779502cd1461ba5e16c9766d27c3292a9",
            "1b35c9853bf19a289248a3f47293af4950054d032860aa160031b7e5e6feb07d");

    private static final List<String> PATH_2_OF_7 = List.of(
            "5a303f540cf9422b15446a945c7c78d27242002e9974b99f6cc3934ba71a64e6",
            "7d1c85e2c580f8311ac22ca0d3f5294d38e6c0331b2cadbdcdff6e18cc11c16b",
            "d9d67d3957ddf6b8a35f0b917d9ab8a7aa985d052119a408b63023e4b16527cf");

    private static final List<String> PATH_6_OF_7 = List.of(
            "da1eb72eb89c5e6a2cc78db6133afc03623b86955ee3d642ff099b17a92ff50f",
            "655c43b77bf1352785236eb2848a84e4187ef39af7eaf0df031dffaed9714a00");

    private static final List<String> CONSISTENCY_3_TO_7 = List.of(
            "a58e5cfdb8779545e435555e821052621a96c1c68a5b9bba82a0d04e0cbb302b",
            "5a303f540cf9422b15446a945c7c78d27242002e9974b99f6cc3934ba71a64e6",
            "7d1c85e2c580f8311ac22ca0d3f5294d38e6c0331b2cadbdcdff6e18cc11c16b",
            "d9d67d3957ddf6b8a35f0b917d9ab8a7aa985d052119a408b63023e4b16527cf");

    private static final List<String> CONSISTENCY_4_TO_7 = List.of(
            "d9d67d3957ddf6b8a35f0b917d9ab8a7aa985d052119a408b63023e4b16527cf");

    private static final List<String> CONSISTENCY_6_TO_7 = List.of(
            "da1eb72eb89c5e6a2cc78db6133afc03623b86955ee3d642ff099b17a92ff50f",
            "01b17d9eef0b087a2c128fce5221085dd0b56db4626b9d3f3b261f7b62d21790",
            "655c43b77bf1352785236eb2848a84e4187ef39af7eaf0df031dffaed9714a00");

    private static List<String> leaves(int n) {
        List<String> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(MerkleTree.leafHash(EVENTS.get(i)));
        }
        return leaves;
    }

    @Test
    void aLeafIsTheHashOfZeroAndTheEventsHashBytes() {
        assertThat(MerkleTree.leafHash(EVENTS.get(0)))
                .isEqualTo("390145b17c0eb81ab29689daccd7c7973096d862d1fc20f13c6a50a867547057");
    }

    @Test
    void theRootOfEachSizeIsTheHandComputedOne() {
        for (int n = 1; n <= 7; n++) {
            assertThat(MerkleTree.root(leaves(n))).as("root of %d", n).isEqualTo(ROOTS.get(n - 1));
        }
        assertThat(MerkleTree.root(List.of())).isEqualTo(MerkleTree.sha256Hex(""))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void anInnerNodeHashesOneAndBothChildren() {
        List<String> l = leaves(2);
        assertThat(MerkleTree.nodeHash(l.get(0), l.get(1))).isEqualTo(ROOTS.get(1));
    }

    @Test
    void handComputedInclusionProofsLeadToTheRoot() {
        List<String> l = leaves(7);
        assertThat(MerkleTree.verifyInclusion(2, 7, l.get(2), PATH_2_OF_7, ROOTS.get(6))).isTrue();
        assertThat(MerkleTree.verifyInclusion(6, 7, l.get(6), PATH_6_OF_7, ROOTS.get(6))).isTrue();
        assertThat(MerkleTree.verifyInclusion(0, 1, l.get(0), List.of(), ROOTS.get(0))).isTrue();
    }

    @Test
    void anInclusionProofFailsForAnotherLeafIndexSizeRootOrAlteredProof() {
        List<String> l = leaves(7);
        assertThat(MerkleTree.verifyInclusion(3, 7, l.get(2), PATH_2_OF_7, ROOTS.get(6))).isFalse();
        assertThat(MerkleTree.verifyInclusion(2, 7, l.get(3), PATH_2_OF_7, ROOTS.get(6))).isFalse();
        assertThat(MerkleTree.verifyInclusion(2, 4, l.get(2), PATH_2_OF_7, ROOTS.get(6))).isFalse();
        assertThat(MerkleTree.verifyInclusion(2, 7, l.get(2), PATH_2_OF_7, ROOTS.get(5))).isFalse();
        assertThat(MerkleTree.verifyInclusion(2, 7, l.get(2), PATH_2_OF_7.subList(0, 2), ROOTS.get(6))).isFalse();
        List<String> longer = new ArrayList<>(PATH_2_OF_7);
        longer.add(ROOTS.get(0));
        assertThat(MerkleTree.verifyInclusion(2, 7, l.get(2), longer, ROOTS.get(6))).isFalse();
        List<String> altered = new ArrayList<>(PATH_2_OF_7);
        altered.set(1, ROOTS.get(0));
        assertThat(MerkleTree.verifyInclusion(2, 7, l.get(2), altered, ROOTS.get(6))).isFalse();
        assertThat(MerkleTree.verifyInclusion(7, 7, l.get(2), PATH_2_OF_7, ROOTS.get(6))).isFalse();
        assertThat(MerkleTree.verifyInclusion(-1, 7, l.get(2), PATH_2_OF_7, ROOTS.get(6))).isFalse();
        assertThat(MerkleTree.verifyInclusion(2, 7, "not a hash", PATH_2_OF_7, ROOTS.get(6))).isFalse();
        assertThat(MerkleTree.verifyInclusion(2, 7, l.get(2), List.of("zz"), ROOTS.get(6))).isFalse();
    }

    @Test
    void handComputedConsistencyProofsShowTheLaterTreeOnlyAdded() {
        assertThat(MerkleTree.verifyConsistency(3, 7, ROOTS.get(2), ROOTS.get(6), CONSISTENCY_3_TO_7)).isTrue();
        assertThat(MerkleTree.verifyConsistency(4, 7, ROOTS.get(3), ROOTS.get(6), CONSISTENCY_4_TO_7)).isTrue();
        assertThat(MerkleTree.verifyConsistency(6, 7, ROOTS.get(5), ROOTS.get(6), CONSISTENCY_6_TO_7)).isTrue();
        assertThat(MerkleTree.verifyConsistency(7, 7, ROOTS.get(6), ROOTS.get(6), List.of())).isTrue();
    }

    @Test
    void aConsistencyProofFailsForAnotherRootSizeOrAlteredProof() {
        assertThat(MerkleTree.verifyConsistency(3, 7, ROOTS.get(3), ROOTS.get(6), CONSISTENCY_3_TO_7)).isFalse();
        assertThat(MerkleTree.verifyConsistency(3, 7, ROOTS.get(2), ROOTS.get(5), CONSISTENCY_3_TO_7)).isFalse();
        assertThat(MerkleTree.verifyConsistency(3, 12, ROOTS.get(2), ROOTS.get(6), CONSISTENCY_3_TO_7)).isFalse();
        assertThat(MerkleTree.verifyConsistency(4, 7, ROOTS.get(3), ROOTS.get(6), List.of())).isFalse();
        assertThat(MerkleTree.verifyConsistency(7, 7, ROOTS.get(6), ROOTS.get(5), List.of())).isFalse();
        assertThat(MerkleTree.verifyConsistency(7, 7, ROOTS.get(6), ROOTS.get(6), CONSISTENCY_4_TO_7)).isFalse();
        assertThat(MerkleTree.verifyConsistency(0, 7, ROOTS.get(6), ROOTS.get(6), List.of())).isFalse();
        assertThat(MerkleTree.verifyConsistency(7, 3, ROOTS.get(6), ROOTS.get(2), CONSISTENCY_3_TO_7)).isFalse();
        List<String> altered = new ArrayList<>(CONSISTENCY_3_TO_7);
        altered.set(0, ROOTS.get(0));
        assertThat(MerkleTree.verifyConsistency(3, 7, ROOTS.get(2), ROOTS.get(6), altered)).isFalse();
        assertThat(MerkleTree.verifyConsistency(3, 7, ROOTS.get(2), ROOTS.get(6), CONSISTENCY_3_TO_7.subList(0, 3))).isFalse();
    }

    @Test
    void hashesAreSixtyFourLowerCaseHexDigits() {
        assertThat(MerkleTree.isHash(EVENTS.get(0))).isTrue();
        assertThat(MerkleTree.isHash(EVENTS.get(0).toUpperCase())).isFalse();
        assertThat(MerkleTree.isHash(EVENTS.get(0).substring(1))).isFalse();
        assertThat(MerkleTree.isHash(null)).isFalse();
        assertThatThrownBy(() -> MerkleTree.leafHash("abc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventHash");
    }
}
