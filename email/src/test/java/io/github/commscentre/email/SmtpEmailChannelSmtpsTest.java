package io.github.commscentre.email;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.commscentre.spi.DeliveryOutcome;
import io.github.commscentre.spi.DeliveryOutcome.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SMTPS against GreenMail, with a certificate made for the test by the JDK's keytool: issued to {@code localhost}, so
 * that both checks are real, the certificate's trust and the host name.
 */
class SmtpEmailChannelSmtpsTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;

    private static GreenMail greenMail;
    private static SSLSocketFactory trustingTheTestCertificate;
    private static SSLContext serverTls;

    private final Messages messages = new Messages();

    @BeforeAll
    static void startServerWithALocalhostCertificate() throws Exception {
        Path keystore = dir.resolve("localhost.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "localhost", "-keyalg", "RSA",
                "-keysize", "2048", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(process.exitValue()).as("keytool: %s", Files.readString(dir.resolve("keytool.log"))).isZero();

        KeyStore key = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            key.load(in, PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("localhost", key.getCertificate("localhost"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        trustingTheTestCertificate = context.getSocketFactory();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(key, PASSWORD.toCharArray());
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);

        // GreenMail reads its server certificate from these once, when its first TLS server starts.
        System.setProperty("greenmail.tls.keystore.file", keystore.toString());
        System.setProperty("greenmail.tls.keystore.password", PASSWORD);
        greenMail = new GreenMail(ServerSetupTest.SMTPS.dynamicPort());
        greenMail.start();
        greenMail.setUser("notices@harbour-estates.co.uk", "notices", "secret");
    }

    @AfterAll
    static void stopServer() {
        greenMail.stop();
        System.clearProperty("greenmail.tls.keystore.file");
        System.clearProperty("greenmail.tls.keystore.password");
    }

    @BeforeEach
    void emptyMailboxes() {
        greenMail.reset();
        greenMail.setUser("notices@harbour-estates.co.uk", "notices", "secret");
    }

    @Test
    void smtpsWithATrustedCertificateForTheHostDeliversAndLogsIn() {
        SmtpEmailChannel channel = SmtpEmailChannel.builder()
                .host("localhost").port(greenMail.getSmtps().getPort()).security(SmtpSecurity.SMTPS)
                .sslSocketFactory(trustingTheTestCertificate)
                .from("notices@harbour-estates.co.uk", "Harbour Estates")
                .username("notices").password("secret").build();

        List<DeliveryOutcome> outcomes = channel.deliver(messages.batch(3));

        assertThat(outcomes).extracting(DeliveryOutcome::kind).containsOnly(Kind.ACCEPTED);
        assertThat(greenMail.getReceivedMessages()).hasSize(3);
    }

    @Test
    void aWrongPasswordMakesTheBatchTryLater() {
        SmtpEmailChannel channel = SmtpEmailChannel.builder()
                .host("localhost").port(greenMail.getSmtps().getPort()).security(SmtpSecurity.SMTPS)
                .sslSocketFactory(trustingTheTestCertificate)
                .from("notices@harbour-estates.co.uk", "Harbour Estates")
                .username("notices").password("wrong").build();

        List<DeliveryOutcome> outcomes = channel.deliver(messages.batch(2));

        assertThat(outcomes).extracting(DeliveryOutcome::kind).containsOnly(Kind.TRY_LATER);
        assertThat(outcomes.get(0).reason()).startsWith("could not connect to localhost:").containsIgnoringCase("authentication");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    // The refusals are tried on the scripted server over TLS: GreenMail prints the stack trace of every handshake its
    // client refuses.

    @Test
    void aCertificateTheJvmDoesNotTrustIsRefusedAndTheBatchTriedLater() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.startSmtps(serverTls)) {
            SmtpEmailChannel channel = SmtpEmailChannel.builder()
                    .host("localhost").port(server.port()).security(SmtpSecurity.SMTPS)
                    .from("notices@harbour-estates.co.uk", null).build();

            List<DeliveryOutcome> outcomes = channel.deliver(messages.batch(2));

            assertThat(outcomes).extracting(DeliveryOutcome::kind).containsOnly(Kind.TRY_LATER);
            assertThat(outcomes.get(0).reason()).startsWith("could not connect to localhost:").contains("PKIX");
            assertThat(server.commands()).isEmpty();
        }
    }

    @Test
    void aTrustedCertificateForAnotherHostNameIsRefused() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.startSmtps(serverTls)) {
            SmtpEmailChannel channel = SmtpEmailChannel.builder()
                    .host("127.0.0.1").port(server.port()).security(SmtpSecurity.SMTPS)
                    .sslSocketFactory(trustingTheTestCertificate)
                    .from("notices@harbour-estates.co.uk", null).build();

            List<DeliveryOutcome> outcomes = channel.deliver(messages.batch(2));

            assertThat(outcomes).extracting(DeliveryOutcome::kind).containsOnly(Kind.TRY_LATER);
            assertThat(outcomes.get(0).reason()).contains("No subject alternative names matching IP address 127.0.0.1");
            assertThat(server.commands()).isEmpty();
        }
    }

    @Test
    void theScriptedTlsServerItselfIsTrustedForLocalhost() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.startSmtps(serverTls)) {
            SmtpEmailChannel channel = SmtpEmailChannel.builder()
                    .host("localhost").port(server.port()).security(SmtpSecurity.SMTPS)
                    .sslSocketFactory(trustingTheTestCertificate)
                    .from("notices@harbour-estates.co.uk", null).build();

            assertThat(channel.deliver(messages.batch(2))).extracting(DeliveryOutcome::kind).containsOnly(Kind.ACCEPTED);
            assertThat(server.received()).hasSize(2);
        }
    }
}
