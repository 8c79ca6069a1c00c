package io.github.commscentre.verify;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Python script of {@code verify/python/verify_pack.py}, an implementation independent of the library (its own
 * Ed25519, Merkle proofs and canonical JSON), run on packs the library made ({@link Samples}): it must accept good ones
 * and refuse edited ones. Skipped, saying so, where {@code python3} is not installed.
 */
class PythonVerifierTest {

    private static final Path SCRIPT = Path.of("python", "verify_pack.py");

    /** @return the exit code and output of the script on a pack and a key */
    static Run python(Path packFile, Path keyFile) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("python3", SCRIPT.toString(), packFile.toString(), keyFile.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            Assumptions.abort("python3 is not installed here, so the independent check of packs is skipped: " + notInstalled);
            throw notInstalled;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the script finished").isTrue();
        return new Run(process.exitValue(), output);
    }

    record Run(int exitCode, String output) {
    }

    @Test
    void thePythonScriptAcceptsAPackTheLibraryMade() throws Exception {
        Path dir = Files.createTempDirectory("pack");
        Path key = Files.writeString(dir.resolve("key.pem"), Samples.KEY_PEM);
        Run run = python(Files.write(dir.resolve("pack.json"), Samples.PACK), key);
        assertThat(run.output()).startsWith("OK 4 events of communication ").contains("3 recipients");
        assertThat(run.exitCode()).isZero();
        Run erased = python(Files.write(dir.resolve("erased.json"), Samples.PACK_AFTER_ERASURE), key);
        assertThat(erased.output()).startsWith("OK 5 events of communication ");
        assertThat(erased.exitCode()).isZero();
    }

    @Test
    void thePythonScriptRefusesAnEditedPackAndAnotherKey() throws Exception {
        Path dir = Files.createTempDirectory("pack");
        Path key = Files.writeString(dir.resolve("key.pem"), Samples.KEY_PEM);
        Path other = Files.writeString(dir.resolve("other.pem"), Samples.OTHER_KEY_PEM);
        Path good = Files.write(dir.resolve("good.json"), Samples.PACK);
        Run wrongKey = python(good, other);
        assertThat(wrongKey.exitCode()).isEqualTo(1);
        assertThat(wrongKey.output()).startsWith("REFUSED").contains("names key");
        String json = new String(Samples.PACK, StandardCharsets.UTF_8);
        // One byte of the recipient's name: the pack's signature and the snapshot's digest both fail.
        Path renamed = Files.writeString(dir.resolve("renamed.json"), json.replace("Arthur Bell", "Arthur Bel1"));
        Run run = python(renamed, key);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("the pack's own signature does not verify")
                .contains("snapshot does not match its digest");
        // One digit of a proof hash: the event's inclusion fails too.
        int at = json.indexOf("\"inclusionProof\":[\"") + 19;
        char digit = json.charAt(at);
        String proofEdited = json.substring(0, at) + (digit == '0' ? '1' : '0') + json.substring(at + 1);
        Run proof = python(Files.writeString(dir.resolve("proof.json"), proofEdited), key);
        assertThat(proof.exitCode()).isEqualTo(1);
        assertThat(proof.output()).contains("inclusion proof does not lead to checkpoint");
    }
}
