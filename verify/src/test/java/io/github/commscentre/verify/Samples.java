package io.github.commscentre.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;

/**
 * Packs the library made, kept as test resources (written by the examples module's {@code EvidencePackSamples}): a
 * Section 20 notice sent to the three flats of a block, one of them delivered, and the same notice's pack after the
 * second leaseholder's personal data was erased; and the organisation's public key, and another.
 */
final class Samples {

    static final byte[] PACK = read("sample-pack.json");
    static final byte[] PACK_AFTER_ERASURE = read("sample-pack-after-erasure.json");
    static final String KEY_PEM = new String(read("sample-public-key.pem"), StandardCharsets.US_ASCII);
    static final String OTHER_KEY_PEM = new String(read("other-public-key.pem"), StandardCharsets.US_ASCII);
    static final PublicKey KEY = PackVerifier.readPublicKey(KEY_PEM);
    static final PublicKey OTHER_KEY = PackVerifier.readPublicKey(OTHER_KEY_PEM);

    private Samples() {
    }

    static byte[] read(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/samples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no sample " + name + ": write them with the examples module's"
                        + " EvidencePackSamples");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
