package io.github.commscentre.testkit;

import io.github.commscentre.EvidencePack;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the offline verifier's Python twin ({@code verify_pack.py}, shipped in the verifier's jar), an implementation
 * that shares nothing with the library, on a pack. Where {@code python3} is not installed the calling test is skipped,
 * and says why.
 */
final class PythonPackCheck {

    private PythonPackCheck() {
    }

    /** @return the script's exit code and output */
    static Result run(EvidencePack pack, PublicKey key) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("evidence-pack");
        Path script = dir.resolve("verify_pack.py");
        try (InputStream in = io.github.commscentre.verify.PackVerifier.class.getResourceAsStream("verify_pack.py")) {
            assertThat(in).as("verify_pack.py in the verifier's jar").isNotNull();
            Files.write(script, in.readAllBytes());
        }
        Path packFile = Files.write(dir.resolve(pack.fileName()), pack.json());
        Path keyFile = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        Process process;
        try {
            process = new ProcessBuilder("python3", script.toString(), packFile.toString(), keyFile.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            Assumptions.abort("python3 is not installed, so the independent Python check of packs is skipped: "
                    + notInstalled.getMessage());
            throw notInstalled;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the script finished").isTrue();
        return new Result(process.exitValue(), output);
    }

    record Result(int exitCode, String output) {
    }
}
