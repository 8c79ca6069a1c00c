package io.github.commscentre.verify;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline verifier against packs the library made ({@link Samples}): a pack verifies with its organisation's public
 * key and with no other; a pack edited anywhere, by a single byte, or merely re-formatted, is refused; an erased
 * leaseholder's pack still verifies; and the command line says so with its exit code. The test kit checks fresh packs
 * of every store with this verifier too.
 */
class PackVerifierTest {

    private static final byte[] PACK = Samples.PACK;

    @Test
    void aPackTheLibraryMadeVerifiesWithItsKey() {
        PackVerifier.Result result = PackVerifier.verify(PACK, Samples.KEY);
        assertThat(result.problems()).isEmpty();
        assertThat(result.verified()).isTrue();
        assertThat(result.checks()).anyMatch(c -> c.startsWith("content: SHA-256"))
                .anyMatch(c -> c.startsWith("recipients: 3 (0 erased), exactly those the recipients digest (version 4)"))
                .anyMatch(c -> c.contains("(sent,"));
        assertThat(result.pack()).containsEntry("format", "communication-centre-evidence-pack/1");
    }

    @Test
    void thePackHoldsEveryEventOfTheCommunicationAndTheFirstCheckpointsThatCoveredThem() {
        Map<String, Object> parsed = PackVerifier.verify(PACK, Samples.KEY).pack();
        @SuppressWarnings("unchecked")
        var events = (java.util.List<Map<String, Object>>) parsed.get("events");
        assertThat(events).extracting(e -> e.get("type"))
                .containsExactly("created", "recipients_added", "sent", "recipient_status_changed");
        @SuppressWarnings("unchecked")
        var checkpoints = (java.util.List<Map<String, Object>>) parsed.get("checkpoints");
        // Checkpoints every 10 events (1, 11, 21): checkpoint 21 first covered event 21 (created); events 22 to 24 were
        // first covered by the pack's own checkpoint, made on demand over all 29 events.
        assertThat(checkpoints).extracting(c -> c.get("treeSize")).containsExactly(21L, 29L);
        assertThat(events).extracting(e -> e.get("witnessedBy")).containsExactly(21L, 29L, 29L, 29L);

    }

    @Test
    void anotherKeyIsRefused() {
        PackVerifier.Result result = PackVerifier.verify(PACK, Samples.OTHER_KEY);
        assertThat(result.verified()).isFalse();
        assertThat(result.problems()).singleElement().asString().contains("names key");
    }

    @Test
    void aPackEditedByOneByteAnywhereIsRefused() {
        byte[] original = PACK;
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int n = 0; n < 400; n++) {
            int at = random.nextInt(original.length);
            byte[] edited = original.clone();
            edited[at] = (byte) (edited[at] == '0' ? '1' : edited[at] == 'a' ? 'b' : edited[at] == '"' ? '\'' : '0');
            assertThat(PackVerifier.verify(edited, Samples.KEY).verified())
                    .as("byte %d edited (seed %d): %s", at, seed, new String(java.util.Arrays.copyOfRange(original,
                            Math.max(0, at - 20), Math.min(original.length, at + 20)), StandardCharsets.UTF_8))
                    .isFalse();
        }
    }

    @Test
    void theEditsThatMatterAreNamed() {
        String json = new String(PACK, StandardCharsets.UTF_8);
        PackVerifier.Result renamed = PackVerifier.verify(json.replace("Arthur Bell", "Arthur Bel1").getBytes(StandardCharsets.UTF_8),
                Samples.KEY);
        assertThat(renamed.problems()).anyMatch(p -> p.contains("signature does not verify"))
                .anyMatch(p -> p.contains("snapshot does not match its digest"));
        PackVerifier.Result reworded = PackVerifier.verify(json.replace("roof works at", "roof repairs at")
                .getBytes(StandardCharsets.UTF_8), Samples.KEY);
        assertThat(reworded.problems()).anyMatch(p -> p.contains("content's digest"));
    }

    @Test
    void aReformattedPackIsRefused() {
        String spaced = new String(PACK, StandardCharsets.UTF_8).replace(",\"", ", \"");
        PackVerifier.Result result = PackVerifier.verify(spaced.getBytes(StandardCharsets.UTF_8), Samples.KEY);
        assertThat(result.problems()).singleElement().asString().contains("canonical JSON");
        assertThat(PackVerifier.verify("not json".getBytes(StandardCharsets.UTF_8), Samples.KEY).problems())
                .singleElement().asString().contains("not a pack");
    }

    @Test
    void theCommandLineSaysOkWithExitCodeZeroAndRefusedWithOne() throws Exception {
        Path dir = Files.createTempDirectory("pack");
        Path packFile = Files.write(dir.resolve("pack.json"), PACK);
        Path key = Files.writeString(dir.resolve("key.pem"), Samples.KEY_PEM);
        Path otherKey = Files.writeString(dir.resolve("other.pem"), Samples.OTHER_KEY_PEM);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(Main.run(new String[] {packFile.toString(), key.toString()}, new PrintStream(out), new PrintStream(err)))
                .isZero();
        assertThat(out.toString()).startsWith("OK: the evidence pack verifies").contains("  ok  content: SHA-256");
        out.reset();
        assertThat(Main.run(new String[] {packFile.toString(), otherKey.toString()}, new PrintStream(out),
                new PrintStream(err))).isEqualTo(1);
        assertThat(out.toString()).startsWith("REFUSED").contains("  BAD ");
        assertThat(Main.run(new String[] {packFile.toString()}, new PrintStream(out), new PrintStream(err))).isEqualTo(2);
        Path notAKey = Files.writeString(dir.resolve("bad.pem"), "hello");
        assertThat(Main.run(new String[] {packFile.toString(), notAKey.toString()}, new PrintStream(out),
                new PrintStream(err))).isEqualTo(2);
        assertThat(err.toString()).contains("usage:").contains("not an Ed25519 public key");
    }

    @Test
    void anErasedLeaseholdersPackStillVerifiesAndShowsTheDataAsErased() {
        PackVerifier.Result result = PackVerifier.verify(Samples.PACK_AFTER_ERASURE, Samples.KEY);
        assertThat(result.problems()).isEmpty();
        assertThat(result.checks()).anyMatch(c -> c.startsWith("recipients: 3 (1 erased), exactly those the recipients"
                + " digest (version 4)"));
        String json = new String(Samples.PACK_AFTER_ERASURE, StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("Arthur Bell").doesNotContain("Old Rectory").contains("\"erased\":true")
                .contains("personal_data_erased");
        String forged = json.replaceFirst("\"erased\":true", "\"erased\":false");
        assertThat(PackVerifier.verify(forged.getBytes(StandardCharsets.UTF_8), Samples.KEY).verified()).isFalse();
    }

    @Test
    void theRfc6962HashesAreTheHandComputedOnes() {
        // SHA-256(0x00 || e) and SHA-256(0x01 || l || r) for e = SHA-256("event 1"), as core's MerkleTreeTest has them.
        String e1 = "fb378474af5953bec611fcb2602c5b61271c1f233b60c0adba76d5d6f47a50c4";
        String e2 = "7f1ee17eb6d4b1815c8c0580dfb7ca0d3d5c3cde523da817ef7d3b1e96f6d5b8";
        assertThat(Rfc6962.leaf(e1)).isEqualTo("390145b17c0eb81ab29689daccd7c7973096d862d1fc20f13c6a50a867547057");
        assertThat(Rfc6962.node(Rfc6962.leaf(e1), Rfc6962.leaf(e2)))
                .isEqualTo("7d1c85e2c580f8311ac22ca0d3f5294d38e6c0331b2cadbdcdff6e18cc11c16b");
    }
}
