package io.github.commscentre.verify;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;

/**
 * {@code java -jar communication-centre-verify.jar <pack.json> <public-key.pem>}: checks an evidence pack offline and
 * says what it found. Exit code 0 when the pack verifies, 1 when it is refused, 2 when the command itself is wrong (a
 * file that cannot be read, a key that is not an Ed25519 public key).
 */
public final class Main {

    private Main() {
    }

    /** @param args the pack's path and the public key's path (PEM, or the Base64 of its X.509 encoding) */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * @return the exit code
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2) {
            err.println("usage: java -jar communication-centre-verify.jar <pack.json> <public-key.pem>");
            return 2;
        }
        byte[] pack;
        PublicKey key;
        try {
            pack = Files.readAllBytes(Path.of(args[0]));
            key = PackVerifier.readPublicKey(Files.readString(Path.of(args[1]), StandardCharsets.US_ASCII));
        } catch (IOException | IllegalArgumentException e) {
            err.println("cannot check: " + e.getMessage());
            return 2;
        }
        PackVerifier.Result result = PackVerifier.verify(pack, key);
        if (result.verified()) {
            out.println("OK: the evidence pack verifies against key " + PackVerifier.fingerprint(key));
            result.checks().forEach(line -> out.println("  ok  " + line));
            return 0;
        }
        out.println("REFUSED: the evidence pack does not verify against key " + PackVerifier.fingerprint(key));
        result.problems().forEach(line -> out.println("  BAD " + line));
        return 1;
    }
}
