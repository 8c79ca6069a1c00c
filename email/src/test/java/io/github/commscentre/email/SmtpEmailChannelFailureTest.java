package io.github.commscentre.email;

import io.github.commscentre.spi.DeliveryOutcome;
import io.github.commscentre.spi.DeliveryOutcome.Kind;
import io.github.commscentre.spi.OutgoingMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Refusals, lost connections and dead servers, from a scripted SMTP server that produces them on demand. */
class SmtpEmailChannelFailureTest {

    private final Messages messages = new Messages();
    private ScriptedSmtpServer server = ScriptedSmtpServer.start();

    @AfterEach
    void stopServer() {
        server.close();
    }

    private SmtpEmailChannel channelOn(int port) {
        return SmtpEmailChannel.builder()
                .host("127.0.0.1").port(port).security(SmtpSecurity.NONE)
                .from("notices@harbour-estates.co.uk", "Harbour Estates")
                .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2))
                .build();
    }

    private SmtpEmailChannel channel() {
        return channelOn(server.port());
    }

    @Test
    void a4xxReplyToRcptIsTryLaterWithTheCodeAndTextAndTheOthersStillGo() {
        List<OutgoingMessage> batch = messages.batch(3);
        server.replyToRcpt("unit-2@example.com", "451 4.7.1 Greylisted, try again in 5 minutes");

        List<DeliveryOutcome> outcomes = channel().deliver(batch);

        assertThat(outcomes).extracting(DeliveryOutcome::kind).containsExactly(Kind.ACCEPTED, Kind.TRY_LATER, Kind.ACCEPTED);
        assertThat(outcomes.get(1).recipientId()).isEqualTo(batch.get(1).recipientId());
        assertThat(outcomes.get(1).reason()).isEqualTo("SMTP 451 4.7.1 Greylisted, try again in 5 minutes");
        assertThat(outcomes.get(1).providerMessageId()).isNull();
        assertThat(server.received()).extracting(r -> r.recipients().get(0))
                .containsExactly("unit-1@example.com", "unit-3@example.com");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void a5xxReplyToRcptIsRejectedWithTheCodeAndText() {
        List<OutgoingMessage> batch = messages.batch(3);
        server.replyToRcpt("unit-2@example.com", "550 5.1.1 No such user here");

        List<DeliveryOutcome> outcomes = channel().deliver(batch);

        assertThat(outcomes).extracting(DeliveryOutcome::kind).containsExactly(Kind.ACCEPTED, Kind.REJECTED, Kind.ACCEPTED);
        assertThat(outcomes.get(1).reason()).isEqualTo("SMTP 550 5.1.1 No such user here");
        assertThat(server.received()).hasSize(2);
    }

    @Test
    void repliesAfterTheDataCountTheSameWay() {
        List<OutgoingMessage> batch = messages.batch(4);
        server.replyAfterData("unit-2@example.com", "452 4.3.1 Insufficient system storage")
                .replyAfterData("unit-3@example.com", "554 5.7.1 Message rejected as spam");

        List<DeliveryOutcome> outcomes = channel().deliver(batch);

        assertThat(outcomes).extracting(DeliveryOutcome::kind)
                .containsExactly(Kind.ACCEPTED, Kind.TRY_LATER, Kind.REJECTED, Kind.ACCEPTED);
        assertThat(outcomes.get(1).reason()).isEqualTo("SMTP 452 4.3.1 Insufficient system storage");
        assertThat(outcomes.get(2).reason()).isEqualTo("SMTP 554 5.7.1 Message rejected as spam");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aConnectionDroppedAfterThreeOfTenLeavesThreeAcceptedAndSevenToTryLater() {
        List<OutgoingMessage> batch = messages.batch(10);
        server.closeAfterMessages(3);

        List<DeliveryOutcome> outcomes = channel().deliver(batch);

        assertThat(outcomes).hasSize(10);
        assertThat(outcomes.subList(0, 3)).extracting(DeliveryOutcome::kind).containsOnly(Kind.ACCEPTED);
        assertThat(outcomes.subList(0, 3)).extracting(DeliveryOutcome::providerMessageId)
                .containsExactly("<" + batch.get(0).idempotencyKey() + "@harbour-estates.co.uk>",
                        "<" + batch.get(1).idempotencyKey() + "@harbour-estates.co.uk>",
                        "<" + batch.get(2).idempotencyKey() + "@harbour-estates.co.uk>");
        assertThat(outcomes.subList(3, 10)).extracting(DeliveryOutcome::kind).containsOnly(Kind.TRY_LATER);
        assertThat(outcomes).extracting(DeliveryOutcome::recipientId)
                .containsExactlyElementsOf(batch.stream().map(OutgoingMessage::recipientId).toList());
        assertThat(outcomes.get(3).reason()).startsWith("connection lost");
        assertThat(outcomes.subList(4, 10)).extracting(DeliveryOutcome::reason)
                .allMatch(r -> r.startsWith("not sent: the connection to 127.0.0.1:" + server.port() + " was lost"));
        assertThat(server.received()).hasSize(3);
        assertThat(server.connections()).as("no second connection in the same batch").isEqualTo(1);
    }

    @Test
    void aMessageWhoseDataGotNoReplyIsTryLaterNotAccepted() {
        List<OutgoingMessage> batch = messages.batch(4);
        server.closeDuringDataOf(2);

        List<DeliveryOutcome> outcomes = channel().deliver(batch);

        assertThat(outcomes).extracting(DeliveryOutcome::kind)
                .containsExactly(Kind.ACCEPTED, Kind.TRY_LATER, Kind.TRY_LATER, Kind.TRY_LATER);
    }

    @Test
    void a421ClosingReplyEndsTheBatchWithTryLater() {
        List<OutgoingMessage> batch = messages.batch(4);
        server.replyToRcpt("unit-2@example.com", "421 4.3.2 Service shutting down");

        List<DeliveryOutcome> outcomes = channel().deliver(batch);

        assertThat(outcomes).extracting(DeliveryOutcome::kind)
                .containsExactly(Kind.ACCEPTED, Kind.TRY_LATER, Kind.TRY_LATER, Kind.TRY_LATER);
        assertThat(outcomes.get(1).reason()).isEqualTo("SMTP 421 4.3.2 Service shutting down");
        assertThat(outcomes.get(2).reason()).contains("was lost before this message");
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void aRefusedSenderIsNoReasonToFailTheRecipientsSoTheBatchIsTriedLater() {
        List<OutgoingMessage> batch = messages.batch(3);
        server.replyToMail("550 5.7.1 Sender address not allowed");

        List<DeliveryOutcome> outcomes = channel().deliver(batch);

        assertThat(outcomes).extracting(DeliveryOutcome::kind).containsOnly(Kind.TRY_LATER);
        assertThat(outcomes.get(0).reason())
                .isEqualTo("SMTP 550 5.7.1 Sender address not allowed (to MAIL FROM: the sender was refused)");
        assertThat(outcomes.get(1).reason()).contains("refused the sender");
        assertThat(server.commands()).filteredOn(c -> c.startsWith("MAIL")).hasSize(1);
    }

    @Test
    void aServerThatIsDownMakesEveryMessageTryLater() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<OutgoingMessage> batch = messages.batch(5);

        List<DeliveryOutcome> outcomes = channelOn(port).deliver(batch);

        assertThat(outcomes).hasSize(5).extracting(DeliveryOutcome::kind).containsOnly(Kind.TRY_LATER);
        assertThat(outcomes).extracting(DeliveryOutcome::reason)
                .allMatch(r -> r.startsWith("could not connect to 127.0.0.1:" + port));
    }

    @Test
    void aServerThatNeverGreetsMakesEveryMessageTryLaterOnceTheReadTimeoutPasses() {
        server.silent();
        SmtpEmailChannel channel = SmtpEmailChannel.builder()
                .host("127.0.0.1").port(server.port()).security(SmtpSecurity.NONE)
                .from("notices@harbour-estates.co.uk", null)
                .readTimeout(Duration.ofMillis(300))
                .build();
        long start = System.nanoTime();

        List<DeliveryOutcome> outcomes = channel.deliver(messages.batch(3));

        assertThat(outcomes).extracting(DeliveryOutcome::kind).containsOnly(Kind.TRY_LATER);
        assertThat(outcomes.get(0).reason()).contains("could not connect").containsIgnoringCase("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("held no longer than the timeout allows")
                .isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void starttlsRequiredRefusesAServerThatDoesNotOfferItBeforeSendingAnything() {
        SmtpEmailChannel channel = SmtpEmailChannel.builder()
                .host("127.0.0.1").port(server.port()).security(SmtpSecurity.STARTTLS_REQUIRED)
                .from("notices@harbour-estates.co.uk", null)
                .build();

        List<DeliveryOutcome> outcomes = channel.deliver(messages.batch(2));

        assertThat(outcomes).extracting(DeliveryOutcome::kind).containsOnly(Kind.TRY_LATER);
        assertThat(outcomes.get(0).reason()).contains("STARTTLS");
        assertThat(server.commands()).noneMatch(c -> c.startsWith("MAIL"));
    }

    @Test
    void aBatchOfFiftyUsesOneConnection() {
        List<OutgoingMessage> batch = messages.batch(50);

        List<DeliveryOutcome> outcomes = channel().deliver(batch);

        assertThat(outcomes).extracting(DeliveryOutcome::kind).containsOnly(Kind.ACCEPTED);
        assertThat(server.received()).hasSize(50);
        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.commands()).filteredOn(c -> c.startsWith("EHLO")).hasSize(1);
        assertThat(server.commands().get(server.commands().size() - 1)).isEqualTo("QUIT");
    }

    @Test
    void eachBatchHasAConnectionOfItsOwn() {
        SmtpEmailChannel channel = channel();

        channel.deliver(messages.batch(2));
        channel.deliver(messages.batch(2));

        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.commands()).filteredOn("QUIT"::equals).hasSize(2);
    }

    @Test
    void theEnvelopeSenderIsTheFromAddressAndTheRecipientTheSnapshotsAddress() {
        OutgoingMessage message = messages.to("Ann Ellis", "ann.ellis@example.com");

        channel().deliver(List.of(message));

        assertThat(server.received()).singleElement().satisfies(r -> {
            assertThat(r.mailFrom()).isEqualTo("notices@harbour-estates.co.uk");
            assertThat(r.recipients()).containsExactly("ann.ellis@example.com");
        });
    }

    @Test
    void anAddressJakartaMailCannotParseIsRejectedWithoutReachingTheServer() {
        OutgoingMessage good = messages.to(1);
        OutgoingMessage noDomain = messages.to("No Domain", "leaseholder");
        OutgoingMessage twoAddresses = messages.to("Two", "a@example.com, b@example.com");
        OutgoingMessage broken = messages.to("Broken", "ann@@example..com");

        List<DeliveryOutcome> outcomes = channel().deliver(List.of(good, noDomain, twoAddresses, broken));

        assertThat(outcomes).extracting(DeliveryOutcome::kind)
                .containsExactly(Kind.ACCEPTED, Kind.REJECTED, Kind.REJECTED, Kind.REJECTED);
        assertThat(outcomes.subList(1, 4)).extracting(DeliveryOutcome::reason).allMatch(r -> r.startsWith("invalid email address"));
        assertThat(server.commands()).filteredOn(c -> c.startsWith("RCPT")).containsExactly("RCPT TO:<unit-1@example.com>");
    }

    @Test
    void anInternationalDomainGoesInItsAsciiFormAndAMailboxNameOutsideAsciiIsRejected() {
        OutgoingMessage idn = messages.to("Anna Żółwińska", "anna@żółw.pl");
        OutgoingMessage utf8Mailbox = messages.to("Zoë", "zoë@example.com");

        List<DeliveryOutcome> outcomes = channel().deliver(List.of(idn, utf8Mailbox));

        assertThat(outcomes).extracting(DeliveryOutcome::kind).containsExactly(Kind.ACCEPTED, Kind.REJECTED);
        assertThat(outcomes.get(1).reason()).startsWith("invalid email address").contains("SMTPUTF8");
        assertThat(server.commands()).filteredOn(c -> c.startsWith("RCPT")).containsExactly("RCPT TO:<anna@xn--w-uga1v8h.pl>");
        assertThat(server.received().get(0).data()).contains("To: =?UTF-8?", "<anna@xn--w-uga1v8h.pl>");
    }

    @Test
    void aBatchWithNothingSendableOpensNoConnection() {
        List<DeliveryOutcome> outcomes = channel().deliver(List.of(messages.to("Ann", null), messages.to("Bob", "bob")));

        assertThat(outcomes).extracting(DeliveryOutcome::kind).containsOnly(Kind.REJECTED);
        assertThat(outcomes.get(0).reason()).isEqualTo("no email address");
        assertThat(server.connections()).isZero();
    }

    @Test
    void anEmptyBatchAnswersNothingAndOpensNoConnection() {
        assertThat(channel().deliver(List.of())).isEmpty();
        assertThat(server.connections()).isZero();
    }
}
