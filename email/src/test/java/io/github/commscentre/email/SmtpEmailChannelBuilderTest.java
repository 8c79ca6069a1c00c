package io.github.commscentre.email;

import io.github.commscentre.spi.DeliveryOutcome;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings: what build() refuses, the defaults, and the Jakarta Mail properties each one becomes. */
class SmtpEmailChannelBuilderTest {

    private static SmtpEmailChannelBuilder valid() {
        return SmtpEmailChannel.builder().host("smtp.example.com").from("notices@harbour-estates.co.uk", "Harbour Estates");
    }

    private static void refused(UnaryOperator<SmtpEmailChannelBuilder> settings, String setting, String saying) {
        assertThatThrownBy(() -> settings.apply(valid()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(setting + " ")
                .hasMessageContaining(saying);
    }

    @Test
    void theHostAndTheSenderAreRequired() {
        assertThatThrownBy(() -> SmtpEmailChannel.builder().from("notices@example.com", null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("host is required");
        assertThatThrownBy(() -> SmtpEmailChannel.builder().host("smtp.example.com").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("from is required");
    }

    @Test
    void badSettingsAreRefusedNamingTheSetting() {
        refused(b -> b.host(" "), "host", "host name or an IP address");
        refused(b -> b.host("smtp.example.com/25"), "host", "host name or an IP address");
        refused(b -> b.port(0), "port", "between 1 and 65535");
        refused(b -> b.port(65_536), "port", "between 1 and 65535");
        refused(b -> b.from("notices", null), "from", "one plain email address");
        refused(b -> b.from("Harbour <notices@example.com>", null), "from", "one plain email address");
        refused(b -> b.from("a@example.com, b@example.com", null), "from", "one plain email address");
        refused(b -> b.replyTo("office@@example.com"), "replyTo", "one plain email address");
        refused(b -> b.from("zoë@example.com", null), "from", "SMTPUTF8");
        refused(b -> b.username("notices"), "password", "set both, or neither");
        refused(b -> b.password("secret"), "username", "set both, or neither");
        refused(b -> b.username(" ").password("secret"), "username", "must not be blank");
        refused(b -> b.security(SmtpSecurity.NONE).username("notices").password("secret"), "security", "in clear");
        refused(b -> b.security(null), "security", "must not be null");
        refused(b -> b.connectTimeout(Duration.ZERO), "connectTimeout", "between 1 ms");
        refused(b -> b.connectTimeout(null), "connectTimeout", "between 1 ms");
        refused(b -> b.readTimeout(Duration.ofSeconds(-1)), "readTimeout", "between 1 ms");
        refused(b -> b.readTimeout(Duration.ofDays(30)), "readTimeout", "between 1 ms");
        refused(b -> b.messageIdDomain("not a domain"), "messageIdDomain", "domain name");
        refused(b -> b.messageIdDomain("example.com>"), "messageIdDomain", "domain name");
        refused(b -> b.messageIdDomain("a@example.com"), "messageIdDomain", "domain name");
        refused(b -> b.from("notices@[192.0.2.1]", null), "messageIdDomain", "is required");
        refused(b -> b.clock(null), "clock", "must not be null");
    }

    @Test
    void anInternationalSenderDomainIsUsedInItsAsciiFormAndSoIsTheMessageIdDomain() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            SmtpEmailChannel channel = SmtpEmailChannel.builder().host("127.0.0.1").port(server.port())
                    .security(SmtpSecurity.NONE).from("biuro@żółw.pl", "Żółw Sp. z o.o.").build();

            DeliveryOutcome outcome = channel.deliver(List.of(new Messages().to(1))).get(0);

            assertThat(channel.sessionProperties()).containsEntry("mail.smtp.from", "biuro@xn--w-uga1v8h.pl");
            assertThat(outcome.providerMessageId()).endsWith("@xn--w-uga1v8h.pl>");
            assertThat(server.commands()).contains("MAIL FROM:<biuro@xn--w-uga1v8h.pl>");
        }
    }

    @Test
    void thePortFollowsTheSecurityUnlessGiven() {
        assertThat(valid().build().sessionProperties().getProperty("mail.smtp.port")).isEqualTo("587");
        assertThat(valid().security(SmtpSecurity.SMTPS).build().sessionProperties().getProperty("mail.smtp.port")).isEqualTo("465");
        assertThat(valid().security(SmtpSecurity.NONE).build().sessionProperties().getProperty("mail.smtp.port")).isEqualTo("25");
        assertThat(valid().security(SmtpSecurity.SMTPS).port(2465).build().sessionProperties().getProperty("mail.smtp.port"))
                .isEqualTo("2465");
    }

    @Test
    void starttlsRequiredIsTheDefaultAndAsksForTlsBeforeAnythingElse() {
        Properties p = valid().build().sessionProperties();

        assertThat(p).containsEntry("mail.smtp.starttls.enable", "true")
                .containsEntry("mail.smtp.starttls.required", "true")
                .containsEntry("mail.smtp.ssl.enable", "false")
                .containsEntry("mail.smtp.ssl.checkserveridentity", "true")
                .containsEntry("mail.smtp.host", "smtp.example.com");
    }

    @Test
    void smtpsIsTlsFromTheFirstByte() {
        Properties p = valid().security(SmtpSecurity.SMTPS).build().sessionProperties();

        assertThat(p).containsEntry("mail.smtp.ssl.enable", "true")
                .containsEntry("mail.smtp.ssl.checkserveridentity", "true")
                .doesNotContainKey("mail.smtp.starttls.required");
    }

    @Test
    void noneNeverUpgrades() {
        Properties p = valid().security(SmtpSecurity.NONE).build().sessionProperties();

        assertThat(p).containsEntry("mail.smtp.starttls.enable", "false")
                .containsEntry("mail.smtp.ssl.enable", "false")
                .containsEntry("mail.smtp.auth", "false");
    }

    @Test
    void credentialsTimeoutsAndTheEnvelopeSenderBecomeSessionProperties() {
        Properties p = valid().username("notices").password("secret")
                .connectTimeout(Duration.ofSeconds(3)).readTimeout(Duration.ofMillis(4500))
                .build().sessionProperties();

        assertThat(p).containsEntry("mail.smtp.auth", "true")
                .containsEntry("mail.smtp.connectiontimeout", "3000")
                .containsEntry("mail.smtp.timeout", "4500")
                .containsEntry("mail.smtp.writetimeout", "4500")
                .containsEntry("mail.smtp.from", "notices@harbour-estates.co.uk");
        assertThat(p.values()).as("the password is given at connect, never kept in the session").doesNotContain("secret");
    }

    @Test
    void aSocketFactoryIsPassedToJakartaMailAsIs() throws Exception {
        SSLSocketFactory factory = SSLContext.getDefault().getSocketFactory();

        Properties p = valid().sslSocketFactory(factory).build().sessionProperties();

        assertThat(p.get("mail.smtp.ssl.socketFactory")).isSameAs(factory);
        assertThat(p).containsEntry("mail.smtp.socketFactory.fallback", "false");
    }

    @Test
    void theToStringNamesTheServerButNotThePassword() {
        String text = valid().username("notices").password("s3cret-password").build().toString();

        assertThat(text).contains("smtp.example.com:587", "STARTTLS_REQUIRED", "notices@harbour-estates.co.uk")
                .doesNotContain("s3cret-password");
    }
}
