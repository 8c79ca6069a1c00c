package io.github.commscentre.email;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.DispatchReport;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.PostalAddress;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.inmemory.InMemoryCommunicationStore;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import io.github.commscentre.testkit.MutableClock;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through the facade, on the in-memory store: the SHA-256 of each letter attached to an email is what the
 * {@code dispatch_batch} event of the audit trail records for that unit, and the letter the facade renders again later
 * is the one attached, byte for byte. A letter that cannot be rendered fails its recipient alone.
 */
class EmailedLetterAuditTrailTest {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final String ORG = Messages.ORGANISATION;
    private static final Instant MONDAY = Instant.parse("2026-03-02T09:00:00Z");

    private final Caller admin = Caller.admin(ORG, "alice");
    private final Caller member = Caller.member(ORG, "tom");
    private final MutableClock clock = MutableClock.at(MONDAY);
    private final InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory()
            .addUnit(ORG, "riverside-court", "RC-1", "Zofia Wiśniewska-Łęcka", "zofia@example.com")
            .addUnit(ORG, "riverside-court", "RC-2", "王小明", "wang@example.com")
            .addUnit(ORG, "riverside-court", "RC-3", "Γιώργος Παπαδόπουλος", "giorgos@example.com")
            .changePostalAddress(ORG, "RC-1", PostalAddress.uk("Bristol", "BS1 5TR", "Flat 1, Riverside Court",
                    "12 Mill Lane"))
            .changePostalAddress(ORG, "RC-2", PostalAddress.uk("Bristol", "BS1 5TR", "Flat 2, Riverside Court",
                    "12 Mill Lane"));

    private CommunicationCentre centre;

    @BeforeEach
    void buildTheCentre() { // GreenMail has its port only once its extension has started it for the test
        centre = CommunicationCentre.builder()
                .store(new InMemoryCommunicationStore())
                .directory(directory)
                .clock(clock)
                .letterRenderer(SmtpEmailChannelLetterTest.RENDERER)
                .deliveryChannel("email", SmtpEmailChannel.builder()
                        .host("127.0.0.1").port(greenMail.getSmtp().getPort()).security(SmtpSecurity.NONE)
                        .from("notices@harbour-estates.co.uk", "Harbour Estates")
                        .clock(Clock.fixed(MONDAY, ZoneOffset.UTC))
                        .attachLetters(SmtpEmailChannelLetterTest.RENDERER)
                        .build())
                .build();
    }

    @Test
    void theTrailRecordsTheDigestOfEachLetterEmailedAndTheLetterRendersAgainTheSame() throws Exception {
        Communication demand = centre.create(admin, NewCommunication.builder(CommunicationType.DEMAND_LETTER,
                        "Service charge demand: half-year to 30 September 2026")
                .bodyHtml("<p>Your share of the budgeted service charge is now due.</p>")
                .build());
        centre.addRecipients(admin, demand.id(), List.of("RC-1", "RC-2", "RC-3"));
        centre.send(admin, demand.id());

        DispatchReport round = centre.dispatchDue(ORG);

        assertThat(round.accepted()).isEqualTo(2);
        assertThat(round.failed()).isEqualTo(1);
        Map<String, Recipient> byUnit = centre.listRecipients(admin, demand.id(), RecipientFilter.all(),
                PageRequest.first()).items().stream().collect(Collectors.toMap(Recipient::unitId, Function.identity()));
        assertThat(byUnit.get("RC-1").deliveryStatus()).isEqualTo(DeliveryStatus.ACCEPTED);
        assertThat(byUnit.get("RC-3").deliveryStatus()).isEqualTo(DeliveryStatus.ACCEPTED);
        assertThat(byUnit.get("RC-2").deliveryStatus()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(byUnit.get("RC-2").failureReason()).isEqualTo("rejected by the provider: the letter to attach cannot be rendered:"
                + " recipientName contains U+738B '王' (CJK UNIFIED IDEOGRAPHS 738B), which no font of the letter renderer"
                + " can show: register a font that covers it");

        Map<String, MimeMessage> received = Arrays.stream(greenMail.getReceivedMessages())
                .collect(Collectors.toMap(EmailedLetterAuditTrailTest::toAddress, Function.identity()));
        assertThat(received).containsOnlyKeys("zofia@example.com", "giorgos@example.com");
        Map<String, String> attachedDigestByUnit = new HashMap<>();
        attachedDigestByUnit.put("RC-1", EmailMessages.sha256Hex(
                SmtpEmailChannelLetterTest.attachment(received.get("zofia@example.com"))));
        attachedDigestByUnit.put("RC-3", EmailMessages.sha256Hex(
                SmtpEmailChannelLetterTest.attachment(received.get("giorgos@example.com"))));

        AuditEvent batch = centre.auditTrail(member, demand.id()).stream()
                .filter(e -> e.type() == AuditEventType.DISPATCH_BATCH).reduce((a, b) -> {
                    throw new AssertionError("one dispatch batch expected");
                }).orElseThrow();
        List<String> digests = List.of(batch.details().get("contentSha256s").split(","));
        assertThat(digests).hasSameSizeAs(batch.unitIds());
        for (int i = 0; i < batch.unitIds().size(); i++) {
            String unit = batch.unitIds().get(i);
            assertThat(digests.get(i)).as("digest recorded for %s", unit)
                    .isEqualTo(unit.equals("RC-2") ? "-" : attachedDigestByUnit.get(unit));
        }

        // Months later, the letter the facade renders for a tribunal is the one that was emailed.
        clock.advance(Duration.ofDays(120));
        for (String unit : List.of("RC-1", "RC-3")) {
            byte[] again = centre.letter(member, demand.id(), byUnit.get(unit).id());
            assertThat(EmailMessages.sha256Hex(again)).isEqualTo(attachedDigestByUnit.get(unit));
        }
        assertThat(SmtpEmailChannelLetterTest.text(SmtpEmailChannelLetterTest.attachment(
                received.get("zofia@example.com")))).contains("Zofia Wiśniewska-Łęcka", "Flat 1, Riverside Court",
                "2 March 2026", "Your share of the budgeted service charge is now due.");
    }

    private static String toAddress(MimeMessage m) {
        try {
            return ((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getAddress();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
