package io.github.commscentre.email;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryEvent;
import io.github.commscentre.DeliveryProvider;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.inmemory.InMemoryCommunicationStore;
import io.github.commscentre.spi.DeliveryOutcome;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import io.github.commscentre.testkit.MutableClock;
import io.github.commscentre.spi.DeliveryOutcome.Kind;
import io.github.commscentre.spi.OutgoingMessage;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What arrives at a real SMTP server (GreenMail, in-process): the headers, the two parts, the names, the ids. */
class SmtpEmailChannelGreenMailTest {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final Instant NOW = Instant.parse("2026-03-04T08:00:00Z");

    private final Messages messages = new Messages();

    private SmtpEmailChannel channel() {
        return SmtpEmailChannel.builder()
                .host("127.0.0.1").port(greenMail.getSmtp().getPort()).security(SmtpSecurity.NONE)
                .from("notices@harbour-estates.co.uk", "Harbour Estates")
                .replyTo("office@harbour-estates.co.uk")
                .messageIdDomain("mail.harbour-estates.co.uk")
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build();
    }

    @Test
    void aMessageArrivesWithItsHeadersAndBothParts() throws Exception {
        OutgoingMessage message = messages.to("Ann Ellis", "ann.ellis@example.com");

        List<DeliveryOutcome> outcomes = channel().deliver(List.of(message));

        String messageId = "<" + message.recipientId() + "@mail.harbour-estates.co.uk>";
        assertThat(outcomes).containsExactly(DeliveryOutcome.accepted(message.recipientId(), messageId));
        MimeMessage received = onlyReceived();
        assertThat(received.getMessageID()).isEqualTo(messageId);
        assertThat(received.getSubject()).isEqualTo(Messages.SUBJECT);
        assertThat(received.getRecipients(Message.RecipientType.TO))
                .containsExactly(new InternetAddress("ann.ellis@example.com", "Ann Ellis", "UTF-8"));
        assertThat(((InternetAddress) received.getFrom()[0]).getPersonal()).isEqualTo("Harbour Estates");
        assertThat(((InternetAddress) received.getFrom()[0]).getAddress()).isEqualTo("notices@harbour-estates.co.uk");
        assertThat(received.getReplyTo()).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("office@harbour-estates.co.uk");
        assertThat(received.getSentDate().toInstant()).isEqualTo(NOW);
        assertThat(received.getHeader("X-Communication-Id")).containsExactly(message.communicationId().toString());
        assertThat(received.getHeader("X-Recipient-Id")).containsExactly(message.recipientId().toString());
        assertThat(received.getHeader("X-Organisation-Id")).containsExactly(Messages.ORGANISATION);

        assertThat(received.isMimeType("multipart/alternative")).isTrue();
        Multipart parts = (Multipart) received.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        Part text = parts.getBodyPart(0);
        Part html = parts.getBodyPart(1);
        assertThat(text.isMimeType("text/plain")).isTrue();
        assertThat(text.getContentType()).containsIgnoringCase("charset=UTF-8");
        assertThat(((String) text.getContent()).replace("\r\n", "\n"))
                .isEqualTo("We intend to replace the roof.\n\nRead the notice (https://example.com/s20).");
        assertThat(html.isMimeType("text/html")).isTrue();
        assertThat(html.getContentType()).containsIgnoringCase("charset=UTF-8");
        assertThat((String) html.getContent()).contains(Messages.BODY, "<meta charset=\"UTF-8\">");
    }

    @Test
    void polishAndGreekNamesAndSubjectsRoundTrip() throws Exception {
        String subject = "Zawiadomienie o pracach — Ειδοποίηση εργασιών";
        OutgoingMessage polish = Messages.withBody(messages.to("Zofia Wiśniewska-Łęcka", "zofia@example.com"), subject,
                "<p>Szanowna Pani Łęcka, Ευχαριστούμε.</p>");
        OutgoingMessage greek = Messages.withBody(messages.to("Γιώργος Παπαδόπουλος", "giorgos@example.com"), subject,
                "<p>Αγαπητέ κύριε Παπαδόπουλε.</p>");

        assertThat(channel().deliver(List.of(polish, greek))).extracting(DeliveryOutcome::kind).containsOnly(Kind.ACCEPTED);

        Map<String, MimeMessage> byAddress = byRecipient();
        MimeMessage toZofia = byAddress.get("zofia@example.com");
        MimeMessage toGiorgos = byAddress.get("giorgos@example.com");
        assertThat(((InternetAddress) toZofia.getRecipients(Message.RecipientType.TO)[0]).getPersonal())
                .isEqualTo("Zofia Wiśniewska-Łęcka");
        assertThat(((InternetAddress) toGiorgos.getRecipients(Message.RecipientType.TO)[0]).getPersonal())
                .isEqualTo("Γιώργος Παπαδόπουλος");
        assertThat(toZofia.getSubject()).isEqualTo(subject);
        assertThat(toGiorgos.getSubject()).isEqualTo(subject);
        assertThat(toZofia.getHeader("To")[0]).as("encoded for the wire, not raw UTF-8").startsWith("=?UTF-8?");
        assertThat(textPart(toZofia)).isEqualTo("Szanowna Pani Łęcka, Ευχαριστούμε.");
        assertThat(textPart(toGiorgos)).isEqualTo("Αγαπητέ κύριε Παπαδόπουλε.");
        assertThat((String) ((Multipart) toGiorgos.getContent()).getBodyPart(1).getContent())
                .contains("<p>Αγαπητέ κύριε Παπαδόπουλε.</p>");
    }

    @Test
    void aRetryCarriesTheSameMessageIdSoTheRepeatCanBeDropped() throws Exception {
        OutgoingMessage first = messages.to(1);
        SmtpEmailChannel channel = channel();

        DeliveryOutcome before = channel.deliver(List.of(first)).get(0);
        DeliveryOutcome after = channel.deliver(List.of(Messages.retry(first))).get(0);
        DeliveryOutcome fromAnotherInstance = channel().deliver(List.of(Messages.retry(first))).get(0);

        assertThat(before.providerMessageId()).isEqualTo("<" + first.idempotencyKey() + "@mail.harbour-estates.co.uk>");
        assertThat(after.providerMessageId()).isEqualTo(before.providerMessageId());
        assertThat(fromAnotherInstance.providerMessageId()).isEqualTo(before.providerMessageId());
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(3);
        for (MimeMessage m : received) {
            assertThat(m.getMessageID()).isEqualTo(before.providerMessageId());
        }
    }

    @Test
    void aKeyThatCannotStandInAMessageIdIsHashedTheSameWayEachTime() throws Exception {
        OutgoingMessage odd = Messages.withKey(messages.to(1), "key with spaces <and> brackets@");

        String id = channel().deliver(List.of(odd)).get(0).providerMessageId();
        String again = channel().deliver(List.of(Messages.retry(odd))).get(0).providerMessageId();

        assertThat(id).matches("<sha256\\.[0-9a-f]{64}@mail\\.harbour-estates\\.co\\.uk>").isEqualTo(again);
        assertThat(greenMail.getReceivedMessages()).extracting(MimeMessage::getMessageID).containsOnly(id);
    }

    @Test
    void aBatchOfFiftyIsAllAcceptedEachWithItsOwnMessageId() throws Exception {
        List<OutgoingMessage> batch = messages.batch(50);

        List<DeliveryOutcome> outcomes = channel().deliver(batch);

        assertThat(outcomes).hasSize(50).extracting(DeliveryOutcome::kind).containsOnly(Kind.ACCEPTED);
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(50);
        Map<String, String> receivedIdByRecipient = new java.util.HashMap<>();
        for (MimeMessage m : received) {
            receivedIdByRecipient.put(m.getHeader("X-Recipient-Id")[0], m.getMessageID());
        }
        for (DeliveryOutcome outcome : outcomes) {
            assertThat(receivedIdByRecipient.get(outcome.recipientId().toString())).isEqualTo(outcome.providerMessageId());
        }
        assertThat(outcomes).extracting(DeliveryOutcome::providerMessageId).doesNotHaveDuplicates();
    }

    @Test
    void batchesFromSeveralThreadsAtOnceAllArrive() throws Exception {
        SmtpEmailChannel channel = channel();
        List<List<OutgoingMessage>> batches = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            batches.add(new Messages().batch(10));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<DeliveryOutcome>>> results = new ArrayList<>();
            for (List<OutgoingMessage> batch : batches) {
                results.add(pool.submit(() -> channel.deliver(batch)));
            }
            for (Future<List<DeliveryOutcome>> result : results) {
                assertThat(result.get()).hasSize(10).extracting(DeliveryOutcome::kind).containsOnly(Kind.ACCEPTED);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(greenMail.getReceivedMessages()).hasSize(40);
    }

    @Test
    void aMessageWithoutABodyIsPlainTextAndEmpty() throws Exception {
        OutgoingMessage bare = Messages.withBody(messages.to(1), "AGM on 12 May", null);

        assertThat(channel().deliver(List.of(bare))).extracting(DeliveryOutcome::kind).containsExactly(Kind.ACCEPTED);

        MimeMessage received = onlyReceived();
        assertThat(received.isMimeType("text/plain")).isTrue();
        assertThat(((String) received.getContent()).strip()).isEmpty();
        assertThat(received.getSubject()).isEqualTo("AGM on 12 May");
    }

    @Test
    void aRecipientWithoutANameIsAddressedByAddressAlone() throws Exception {
        channel().deliver(List.of(messages.to(null, "unit-9@example.com")));

        MimeMessage received = onlyReceived();
        InternetAddress to = (InternetAddress) received.getRecipients(Message.RecipientType.TO)[0];
        assertThat(to.getPersonal()).isNull();
        assertThat(received.getHeader("To")[0]).isEqualTo("unit-9@example.com");
    }

    @Test
    void aLineBreakInASubjectNameOrIdCannotStartAHeaderOfItsOwn() throws Exception {
        OutgoingMessage m = Messages.withBody(messages.to("Ann\r\nBcc: victim@example.com", "ann@example.com"),
                "Roof works\r\nBcc: victim@example.com", Messages.BODY);
        OutgoingMessage sneaky = new OutgoingMessage("harbour\r\nBcc: victim@example.com", m.communicationId(),
                m.recipientId(), m.idempotencyKey(), 1, m.channel(), m.type(), m.subject(), m.bodyHtml(), m.unitId(),
                m.recipientName(), m.recipientEmail());

        assertThat(channel().deliver(List.of(sneaky))).extracting(DeliveryOutcome::kind).containsExactly(Kind.ACCEPTED);

        MimeMessage received = onlyReceived();
        assertThat(received.getHeader("Bcc")).isNull();
        assertThat(received.getSubject()).isEqualTo("Roof works Bcc: victim@example.com");
        assertThat(received.getHeader("X-Organisation-Id")).containsExactly("harbour Bcc: victim@example.com");
        assertThat(((InternetAddress) received.getRecipients(Message.RecipientType.TO)[0]).getPersonal())
                .isEqualTo("Ann Bcc: victim@example.com");
    }

    @Test
    void aMessageCarriesItsCorrelationTokenInAHeaderOfItsOwn() throws Exception {
        String token = "cc1.aGFyYm91ci1lc3RhdGVz.q3N0bHhBz0Yp3Tt2n1cJ9b4x7QeYk5sVw0aR8dLmUoPiGfHjKc6ZxNvBtEy2W1A";
        OutgoingMessage carrying = Messages.withToken(messages.to("Ann Ellis", "ann@example.com"), token);
        OutgoingMessage sneaky = Messages.withToken(messages.to("Bob Brown", "bob@example.com"),
                "cc1.x\r\nBcc: victim@example.com");
        OutgoingMessage without = messages.to("Carol Chen", "carol@example.com");

        assertThat(channel().deliver(List.of(carrying, sneaky, without))).extracting(DeliveryOutcome::kind)
                .containsOnly(Kind.ACCEPTED);

        Map<String, MimeMessage> byAddress = byRecipient();
        assertThat(byAddress.get("ann@example.com").getHeader("X-Correlation-Token")).containsExactly(token);
        assertThat(byAddress.get("bob@example.com").getHeader("X-Correlation-Token"))
                .as("a line break cannot start a header of its own").containsExactly("cc1.x Bcc: victim@example.com");
        assertThat(byAddress.get("bob@example.com").getHeader("Bcc")).isNull();
        assertThat(byAddress.get("carol@example.com").getHeader("X-Correlation-Token")).as("no token, no header").isNull();
    }

    @Test
    void theTokenThatArrivesIsTheOneAProvidersWebhookGivesBack() throws Exception {
        InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory();
        directory.addUnit(Messages.ORGANISATION, "block-1", "flat-1", "Ann Ellis", "ann@example.com");
        MutableClock clock = MutableClock.at(NOW);
        CommunicationCentre centre = CommunicationCentre.builder().store(new InMemoryCommunicationStore())
                .directory(directory).clock(clock).deliveryChannel("email", channel()).build();
        Caller admin = Caller.admin(Messages.ORGANISATION, "admin-1");
        Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, Messages.SUBJECT)
                .bodyHtml(Messages.BODY).channel("email").build());
        centre.addRecipients(admin, c.id(), List.of("flat-1"));
        centre.send(admin, c.id());
        centre.dispatchDue(Messages.ORGANISATION);
        String token = onlyReceived().getHeader("X-Correlation-Token")[0];
        clock.advance(Duration.ofMinutes(1));

        List<DeliveryEvent.Result> results = centre.applyDeliveryEvents(DeliveryProvider.named("smtp-relay"),
                List.of(DeliveryEvent.byToken("evt-1", token, DeliveryStatus.DELIVERED, NOW.plusSeconds(30), null)));

        assertThat(results).extracting(DeliveryEvent.Result::outcome).containsExactly(DeliveryEvent.Outcome.APPLIED);
        assertThat(centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first()).items())
                .extracting(Recipient::deliveryStatus).containsExactly(DeliveryStatus.DELIVERED);
    }

    @Test
    void aRecipientWithoutAnEmailAddressIsUnreachable() {
        SmtpEmailChannel channel = channel();

        assertThat(channel.unreachableReason(messages.to("Ann", null))).isEqualTo("no email address");
        assertThat(channel.unreachableReason(messages.to("Ann", "  "))).isEqualTo("no email address");
        assertThat(channel.unreachableReason(messages.to("Ann", "ann@example.com"))).isNull();
    }

    private static MimeMessage onlyReceived() {
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        return received[0];
    }

    private static Map<String, MimeMessage> byRecipient() {
        return Arrays.stream(greenMail.getReceivedMessages())
                .collect(Collectors.toMap(SmtpEmailChannelGreenMailTest::toAddress, Function.identity()));
    }

    private static String toAddress(MimeMessage m) {
        try {
            return ((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getAddress();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String textPart(MimeMessage m) throws MessagingException, IOException {
        return ((String) ((Multipart) m.getContent()).getBodyPart(0).getContent()).replace("\r\n", "\n");
    }
}
