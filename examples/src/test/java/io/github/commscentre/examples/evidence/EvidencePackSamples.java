package io.github.commscentre.examples.evidence;

import io.github.commscentre.EvidencePack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the sample packs the offline verifier's own tests check (verify/src/test/resources/samples): a Section 20
 * notice's pack, the pack of the same notice after one leaseholder's personal data was erased, and the public key.
 * Run it again when the pack format changes:
 * {@code ./mvnw -pl examples -am verify -Dtest=EvidencePackSamples -Dcommscentre.writeSamples=true -Dsurefire.failIfNoSpecifiedTests=false}
 */
class EvidencePackSamples {

    @Test
    @EnabledIfSystemProperty(named = "commscentre.writeSamples", matches = "true")
    void writeTheVerifiersSamplePacks() throws IOException {
        Path samples = Path.of("..", "verify", "src", "test", "resources", "samples");
        Files.createDirectories(samples);
        PackFixture fixture = new PackFixture();
        EvidencePack sent = fixture.pack();
        fixture.centre.erasePersonalData(fixture.admin, fixture.recipients.get(1).id());
        EvidencePack erased = fixture.pack();
        Files.write(samples.resolve("sample-pack.json"), sent.json());
        Files.write(samples.resolve("sample-pack-after-erasure.json"), erased.json());
        Files.writeString(samples.resolve("sample-public-key.pem"), PackFixture.pem(PackFixture.KEY));
        Files.writeString(samples.resolve("other-public-key.pem"), PackFixture.pem(PackFixture.OTHER_KEY));
    }
}
