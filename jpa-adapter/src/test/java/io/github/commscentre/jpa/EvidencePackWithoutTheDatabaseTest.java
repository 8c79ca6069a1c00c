package io.github.commscentre.jpa;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.EvidencePack;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import io.github.commscentre.verify.PackVerifier;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The point of an evidence pack: years later the database may be gone, and the pack still proves what was sent. Here
 * a notice is sent on the database, its pack written to a file, and the database dropped; then the offline verifier
 * and the Python script (when {@code python3} is installed) check the file against the public key alone.
 */
abstract class EvidencePackWithoutTheDatabaseTest {

    /** @return a fresh, migrated database of the kind under test */
    abstract TestDatabase database();

    @Test
    void aPackVerifiesOfflineAfterTheDatabaseIsDropped() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        TestDatabase database = database();
        String org = "harbour-estates";
        Caller alice = Caller.admin(org, "alice");
        InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory();
        directory.addUnit(org, "riverside-court", "RC-1", "Mrs Ada Okafor", "ada@example.com");
        directory.addUnit(org, "riverside-court", "RC-2", "Arthur Bell", "arthur@example.com");
        CommunicationCentre centre = CommunicationCentre.builder()
                .store(JpaCommunicationStore.builder(database.hostFactory()).build())
                .directory(directory).checkpointKey(key).build();
        Communication c = centre.create(alice, NewCommunication.builder(CommunicationType.NOTICE, "Section 20: roof works")
                .bodyHtml("<p>Dear leaseholder,</p>").blockId("riverside-court").channel("email").build());
        centre.addBlockRecipients(alice, c.id());
        centre.markSent(alice, c.id());
        EvidencePack pack = centre.evidencePack(alice, c.id());
        Path dir = Files.createTempDirectory("pack");
        Path packFile = Files.write(dir.resolve(pack.fileName()), pack.json());
        Path keyFile = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");

        database.close();
        assertThatThrownBy(() -> {
            try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
                statement.executeQuery("select count(*) from cc_audit_event");
            }
        }).as("the database is gone").isInstanceOf(Exception.class);

        PackVerifier.Result result = PackVerifier.verify(Files.readAllBytes(packFile),
                PackVerifier.readPublicKey(Files.readString(keyFile)));
        assertThat(result.problems()).isEmpty();
        assertThat(result.verified()).isTrue();
        assertThat(result.checks()).anyMatch(line -> line.startsWith("recipients: 2 (0 erased)"));

        Path script = dir.resolve("verify_pack.py");
        try (InputStream in = PackVerifier.class.getResourceAsStream("verify_pack.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process python;
        try {
            python = new ProcessBuilder(List.of("python3", script.toString(), packFile.toString(), keyFile.toString()))
                    .redirectErrorStream(true).start();
        } catch (java.io.IOException notInstalled) {
            System.out.println("python3 is not installed: the Python check of the pack is skipped");
            return;
        }
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(output).startsWith("OK 3 events of communication " + c.id());
        assertThat(python.exitValue()).isZero();
    }
}
