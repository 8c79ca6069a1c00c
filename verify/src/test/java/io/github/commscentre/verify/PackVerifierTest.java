package io.github.commscentre.verify;

import io.github.commscentre.EvidencePack;
import org.junit.jupiter.api.BeforeAll;
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
 * The offline verifier against packs the library made: a pack verifies with its organisation's public key and with no
 * other; a pack edited anywhere, by a single byte, or merely re-formatted, is refused; and the command line says so
 * with its exit code.
 */
class PackVerifierTest {

    private static PackFixture fixture;
    private static EvidencePack pack;

    @BeforeAll
    static void makeAPack() {
        fixture = new PackFixture();
        pack = fixture.pack();
    }

    @Test
    void aPackTheLibraryMadeVerifiesWithItsKey() {
        PackVerifier.Result result = PackVerifier.verify(pack.json(), PackFixture.KEY.getPublic());
        assertThat(result.problems()).isEmpty();
        assertThat(result.verified()).isTrue();
        assertThat(result.checks()).anyMatch(c -> c.startsWith("content: SHA-256"))
                .anyMatch(c -> c.startsWith("recipients: 3 (0 erased), exactly those the recipients digest (version 4)"))
                .anyMatch(c -> c.contains("(sent,"));
        assertThat(result.pack()).containsEntry("communicationId", fixture.sent.id().toString());
    }

    @Test
    void thePackHoldsEveryEventOfTheCommunicationAndTheFirstCheckpointsThatCoveredThem() {
        Map<String, Object> parsed = PackVerifier.verify(pack.json(), PackFixture.KEY.getPublic()).pack();
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
        assertThat(pack.checkpoint().treeSize()).isEqualTo(29);
    }

    @Test
    void anotherKeyIsRefused() {
        PackVerifier.Result result = PackVerifier.verify(pack.json(), PackFixture.OTHER_KEY.getPublic());
        assertThat(result.verified()).isFalse();
        assertThat(result.problems()).singleElement().asString().contains("names key");
    }

    @Test
    void aPackEditedByOneByteAnywhereIsRefused() {
        byte[] original = pack.json();
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int n = 0; n < 400; n++) {
            int at = random.nextInt(original.length);
            byte[] edited = original.clone();
            edited[at] = (byte) (edited[at] == '0' ? '1' : edited[at] == 'a' ? 'b' : edited[at] == '"' ? '\'' : '0');
            assertThat(PackVerifier.verify(edited, PackFixture.KEY.getPublic()).verified())
                    .as("byte %d edited (seed %d): %s", at, seed, new String(java.util.Arrays.copyOfRange(original,
                            Math.max(0, at - 20), Math.min(original.length, at + 20)), StandardCharsets.UTF_8))
                    .isFalse();
        }
    }

    @Test
    void theEditsThatMatterAreNamed() {
        String json = pack.jsonText();
        String recipient = fixture.recipients.get(1).recipientName();
        PackVerifier.Result renamed = PackVerifier.verify(json.replace(recipient, "Arthur Bel1").getBytes(StandardCharsets.UTF_8),
                PackFixture.KEY.getPublic());
        assertThat(renamed.problems()).anyMatch(p -> p.contains("signature does not verify"))
                .anyMatch(p -> p.contains("snapshot does not match its digest"));
        PackVerifier.Result reworded = PackVerifier.verify(json.replace("roof works at", "roof repairs at")
                .getBytes(StandardCharsets.UTF_8), PackFixture.KEY.getPublic());
        assertThat(reworded.problems()).anyMatch(p -> p.contains("content's digest"));
    }

    @Test
    void aReformattedPackIsRefused() {
        String spaced = pack.jsonText().replace(",\"", ", \"");
        PackVerifier.Result result = PackVerifier.verify(spaced.getBytes(StandardCharsets.UTF_8), PackFixture.KEY.getPublic());
        assertThat(result.problems()).singleElement().asString().contains("canonical JSON");
        assertThat(PackVerifier.verify("not json".getBytes(StandardCharsets.UTF_8), PackFixture.KEY.getPublic()).problems())
                .singleElement().asString().contains("not a pack");
    }

    @Test
    void theCommandLineSaysOkWithExitCodeZeroAndRefusedWithOne() throws Exception {
        Path dir = Files.createTempDirectory("pack");
        Path packFile = Files.write(dir.resolve(pack.fileName()), pack.json());
        Path key = Files.writeString(dir.resolve("key.pem"), PackFixture.pem(PackFixture.KEY));
        Path otherKey = Files.writeString(dir.resolve("other.pem"), PackFixture.pem(PackFixture.OTHER_KEY));
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
    void theMerkleChecksAgreeWithTheLibrarysOwn() {
        String a = io.github.commscentre.MerkleTree.sha256Hex("a");
        String b = io.github.commscentre.MerkleTree.sha256Hex("b");
        assertThat(PackVerifier.leaf(a)).isEqualTo(io.github.commscentre.MerkleTree.leafHash(a));
        assertThat(PackVerifier.node(a, b)).isEqualTo(io.github.commscentre.MerkleTree.nodeHash(a, b));
    }
}
