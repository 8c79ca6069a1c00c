package io.github.commscentre.email;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.commscentre.PostalAddress;
import io.github.commscentre.letters.Letterhead;
import io.github.commscentre.letters.PdfLetterRenderer;
import io.github.commscentre.spi.DeliveryOutcome;
import io.github.commscentre.spi.DeliveryOutcome.Kind;
import io.github.commscentre.spi.Letter;
import io.github.commscentre.spi.LetterRenderer;
import io.github.commscentre.spi.OutgoingMessage;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The letter PDF attached to each email, as a real SMTP server (GreenMail) receives it: read back, compared byte for
 * byte with what the renderer makes for that recipient, and its SHA-256 in the outcome.
 */
class SmtpEmailChannelLetterTest {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static final PdfLetterRenderer RENDERER = PdfLetterRenderer.builder()
            .letterhead(Letterhead.builder("Harbour Estates Ltd")
                    .address("Harbour House", "1 Quay Street", "Bristol", "BS1 4AA")
                    .footer("Harbour Estates Ltd, registered in England and Wales no. 01234567.")
                    .build())
            .build();

    static final PostalAddress ADDRESS = PostalAddress.uk("Bristol", "BS1 5TR", "Flat 3, Riverside Court", "12 Mill Lane");
    /** 23:30 on 4 June in UTC is 00:30 on 5 June in London (BST): the letter's date is 5 June. */
    static final Instant SENDING_STARTED = Instant.parse("2026-06-04T23:30:00Z");
    private static final Instant NOW = Instant.parse("2026-06-05T08:00:00Z");

    private final Messages messages = new Messages();

    private SmtpEmailChannel channel(LetterRenderer renderer) {
        return SmtpEmailChannel.builder()
                .host("127.0.0.1").port(greenMail.getSmtp().getPort()).security(SmtpSecurity.NONE)
                .from("notices@harbour-estates.co.uk", "Harbour Estates")
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .attachLetters(renderer)
                .build();
    }

    private OutgoingMessage letterTo(String name, String email) {
        return Messages.withLetterFields(messages.to(name, email), ADDRESS, SENDING_STARTED);
    }

    @Test
    void eachEmailCarriesTheRecipientsLetterBesideItsTextAndHtml() throws Exception {
        OutgoingMessage message = letterTo("Zofia Wiśniewska-Łęcka", "zofia@example.com");

        List<DeliveryOutcome> outcomes = channel(RENDERER).deliver(List.of(message));

        byte[] expected = RENDERER.render(Letter.of(message, ZoneId.of("Europe/London")));
        assertThat(outcomes).containsExactly(DeliveryOutcome.accepted(message.recipientId(),
                "<" + message.recipientId() + "@harbour-estates.co.uk>", EmailMessages.sha256Hex(expected)));

        MimeMessage received = onlyReceived();
        assertThat(received.isMimeType("multipart/mixed")).isTrue();
        Multipart mixed = (Multipart) received.getContent();
        assertThat(mixed.getCount()).isEqualTo(2);

        Part body = mixed.getBodyPart(0);
        assertThat(body.isMimeType("multipart/alternative")).isTrue();
        Multipart alternative = (Multipart) body.getContent();
        assertThat(alternative.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat(((String) alternative.getBodyPart(0).getContent()).replace("\r\n", "\n"))
                .isEqualTo("We intend to replace the roof.\n\nRead the notice (https://example.com/s20).");
        assertThat(alternative.getBodyPart(1).isMimeType("text/html")).isTrue();
        assertThat((String) alternative.getBodyPart(1).getContent()).contains(Messages.BODY);

        Part pdf = mixed.getBodyPart(1);
        assertThat(pdf.isMimeType("application/pdf")).isTrue();
        assertThat(pdf.getDisposition()).isEqualTo(Part.ATTACHMENT);
        assertThat(pdf.getFileName()).isEqualTo("2026-06-05-Section-20-notice-of-intention-roof-works.pdf");
        assertThat(pdf.getHeader("Content-Transfer-Encoding")).containsExactly("base64");
        byte[] attached = bytes(pdf);
        assertThat(attached).isEqualTo(expected);
        assertThat(text(attached)).contains("Zofia Wiśniewska-Łęcka", "Flat 3, Riverside Court", "BS1 5TR",
                "5 June 2026", "We intend to replace the roof.");
    }

    @Test
    void eachRecipientGetsTheirOwnLetterAndItsDigest() throws Exception {
        List<OutgoingMessage> batch = List.of(letterTo("Ann Ellis", "ann@example.com"),
                letterTo("Γιώργος Παπαδόπουλος", "giorgos@example.com"), letterTo("Bob Brown", "bob@example.com"));

        List<DeliveryOutcome> outcomes = channel(RENDERER).deliver(batch);

        assertThat(outcomes).extracting(DeliveryOutcome::kind).containsOnly(Kind.ACCEPTED);
        assertThat(outcomes).extracting(DeliveryOutcome::contentSha256).doesNotHaveDuplicates();
        Map<String, MimeMessage> byAddress = byRecipient();
        for (int i = 0; i < batch.size(); i++) {
            OutgoingMessage m = batch.get(i);
            byte[] attached = attachment(byAddress.get(m.recipientEmail()));
            assertThat(text(attached)).contains(m.recipientName());
            assertThat(EmailMessages.sha256Hex(attached)).isEqualTo(outcomes.get(i).contentSha256());
        }
    }

    @Test
    void aRetryAttachesTheSameBytes() throws Exception {
        OutgoingMessage first = letterTo("Ann Ellis", "ann@example.com");
        OutgoingMessage retry = new OutgoingMessage(first.organisationId(), first.communicationId(), first.recipientId(),
                first.idempotencyKey(), first.correlationToken(), 2, first.channel(), first.type(), first.subject(),
                first.bodyHtml(), first.unitId(), first.recipientName(), first.recipientEmail(), first.postalAddress(),
                first.sendingStartedAt());

        DeliveryOutcome before = channel(RENDERER).deliver(List.of(first)).get(0);
        DeliveryOutcome after = channel(RENDERER).deliver(List.of(retry)).get(0);

        assertThat(after.contentSha256()).isEqualTo(before.contentSha256());
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(attachment(received[1])).isEqualTo(attachment(received[0]));
    }

    @Test
    void aCharacterNoFontCanShowFailsThatRecipientAloneWithTheRenderersReason() throws Exception {
        OutgoingMessage ann = letterTo("Ann Ellis", "ann@example.com");
        OutgoingMessage wang = letterTo("王小明", "wang@example.com");
        OutgoingMessage bob = letterTo("Bob Brown", "bob@example.com");

        List<DeliveryOutcome> outcomes = channel(RENDERER).deliver(List.of(ann, wang, bob));

        assertThat(outcomes).extracting(DeliveryOutcome::kind).containsExactly(Kind.ACCEPTED, Kind.REJECTED, Kind.ACCEPTED);
        assertThat(outcomes.get(1).reason()).isEqualTo("the letter to attach cannot be rendered: recipientName contains"
                + " U+738B '王' (CJK UNIFIED IDEOGRAPHS 738B), which no font of the letter renderer can show: register a"
                + " font that covers it");
        assertThat(outcomes.get(1).contentSha256()).isNull();
        assertThat(byRecipient()).as("never sent without its letter").containsOnlyKeys("ann@example.com", "bob@example.com");
    }

    @Test
    void aRendererThatFailsOtherwiseLeavesThatMessageToBeTriedLater() throws Exception {
        OutgoingMessage ann = letterTo("Ann Ellis", "ann@example.com");
        OutgoingMessage bob = letterTo("Bob Brown", "bob@example.com");
        LetterRenderer failingForBob = letter -> {
            if (letter.recipientId().equals(bob.recipientId())) {
                throw new IllegalStateException("font cache unreadable");
            }
            return RENDERER.render(letter);
        };

        List<DeliveryOutcome> outcomes = channel(failingForBob).deliver(List.of(ann, bob));

        assertThat(outcomes).extracting(DeliveryOutcome::kind).containsExactly(Kind.ACCEPTED, Kind.TRY_LATER);
        assertThat(outcomes.get(1).reason())
                .isEqualTo("the letter to attach could not be rendered: IllegalStateException: font cache unreadable");
        assertThat(byRecipient()).containsOnlyKeys("ann@example.com");
    }

    @Test
    void aRendererThatGivesNoBytesIsTriedLaterRatherThanSendingAnEmptyAttachment() throws Exception {
        OutgoingMessage ann = letterTo("Ann Ellis", "ann@example.com");

        List<DeliveryOutcome> outcomes = channel(letter -> new byte[0]).deliver(List.of(ann));

        assertThat(outcomes).extracting(DeliveryOutcome::kind).containsExactly(Kind.TRY_LATER);
        assertThat(outcomes.get(0).reason()).contains("the renderer returned no bytes");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aMessageWithoutASendingDateIsTriedLaterNotSentUndated() throws Exception {
        AtomicInteger renders = new AtomicInteger();
        OutgoingMessage undated = Messages.withLetterFields(messages.to("Ann Ellis", "ann@example.com"), ADDRESS, null);

        List<DeliveryOutcome> outcomes = channel(letter -> {
            renders.incrementAndGet();
            return RENDERER.render(letter);
        }).deliver(List.of(undated));

        assertThat(outcomes).extracting(DeliveryOutcome::kind).containsExactly(Kind.TRY_LATER);
        assertThat(outcomes.get(0).reason()).contains("sendingStartedAt");
        assertThat(renders).hasValue(0);
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aRecipientWithoutAPostalAddressIsEmailedTheLetterAddressedByName() throws Exception {
        OutgoingMessage noAddress = Messages.withLetterFields(messages.to("Ann Ellis", "ann@example.com"), null,
                SENDING_STARTED);

        List<DeliveryOutcome> outcomes = channel(RENDERER).deliver(List.of(noAddress));

        assertThat(outcomes).extracting(DeliveryOutcome::kind).containsExactly(Kind.ACCEPTED);
        byte[] attached = attachment(onlyReceived());
        assertThat(attached).isEqualTo(RENDERER.render(Letter.of(noAddress, ZoneId.of("Europe/London"))));
        assertThat(text(attached)).contains("Ann Ellis").doesNotContain("Riverside Court");
    }

    @Test
    void aMessageWithoutABodyIsAnEmptyTextAndTheLetter() throws Exception {
        OutgoingMessage bare = Messages.withLetterFields(Messages.withBody(messages.to("Ann Ellis", "ann@example.com"),
                "AGM on 12 May", null), ADDRESS, SENDING_STARTED);

        assertThat(channel(RENDERER).deliver(List.of(bare))).extracting(DeliveryOutcome::kind)
                .containsExactly(Kind.ACCEPTED);

        MimeMessage received = onlyReceived();
        Multipart mixed = (Multipart) received.getContent();
        assertThat(mixed.getCount()).isEqualTo(2);
        assertThat(mixed.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat(((String) mixed.getBodyPart(0).getContent()).strip()).isEmpty();
        assertThat(mixed.getBodyPart(1).getFileName()).isEqualTo("2026-06-05-AGM-on-12-May.pdf");
        assertThat(text(attachment(received))).contains("AGM on 12 May", "Ann Ellis");
    }

    @Test
    void withoutAttachLettersTheEmailHasNoAttachmentAndTheOutcomeNoDigest() throws Exception {
        OutgoingMessage message = letterTo("Ann Ellis", "ann@example.com");

        List<DeliveryOutcome> outcomes = channel(null).deliver(List.of(message));

        assertThat(outcomes).extracting(DeliveryOutcome::kind).containsExactly(Kind.ACCEPTED);
        assertThat(outcomes.get(0).contentSha256()).isNull();
        assertThat(onlyReceived().isMimeType("multipart/alternative")).isTrue();
    }

    @Test
    void theChannelSaysWhetherItAttachesLetters() {
        assertThat(channel(RENDERER).toString()).endsWith(", letters attached]");
        assertThat(channel(null).toString()).doesNotContain("letters");
    }

    static byte[] attachment(MimeMessage received) {
        try {
            Part pdf = ((Multipart) received.getContent()).getBodyPart(1);
            assertThat(pdf.isMimeType("application/pdf")).isTrue();
            return bytes(pdf);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        }
    }

    static String text(byte[] pdf) {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            return stripper.getText(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MimeMessage onlyReceived() {
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        return received[0];
    }

    private static Map<String, MimeMessage> byRecipient() {
        return Arrays.stream(greenMail.getReceivedMessages())
                .collect(Collectors.toMap(SmtpEmailChannelLetterTest::toAddress, Function.identity()));
    }

    private static String toAddress(MimeMessage m) {
        try {
            return ((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getAddress();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
