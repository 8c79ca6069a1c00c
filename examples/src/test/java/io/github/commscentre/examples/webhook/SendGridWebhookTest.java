package io.github.commscentre.examples.webhook;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryProvider;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.inmemory.InMemoryCommunicationStore;
import io.github.commscentre.spi.OutgoingMessage;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import io.github.commscentre.testkit.MutableClock;
import io.github.commscentre.testkit.RecordingDeliveryChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The SendGrid webhook over real HTTP, on a facade over the in-memory store, with SendGrid's own signature scheme. */
class SendGridWebhookTest {

    private static final String ORG = "harbour-estates";
    private static final Instant START = Instant.parse("2026-03-04T08:00:00Z");

    private final HttpClient http = HttpClient.newHttpClient();
    private final MutableClock clock = MutableClock.at(START);
    private final RecordingDeliveryChannel email = RecordingDeliveryChannel.acceptingAll();
    private final Caller alice = Caller.admin(ORG, "alice");
    private KeyPair sendGridKeys;
    private CommunicationCentre centre;
    private SendGridWebhook webhook;
    private Communication demand;

    @BeforeEach
    void sendADemandAndStartTheWebhook() throws Exception {
        InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory();
        directory.addUnit(ORG, "riverside-court", "RC-1", "Margaret Ellis", "m.ellis@example.org");
        directory.addUnit(ORG, "riverside-court", "RC-2", "Priya Shah", "priya.shah@example.net");
        directory.addUnit(ORG, "riverside-court", "RC-4", "Wei Chen", "wei.chen@example.org");
        centre = CommunicationCentre.builder().store(new InMemoryCommunicationStore()).directory(directory).clock(clock)
                .deliveryChannel("email", email).build();
        demand = centre.create(alice, NewCommunication.builder(CommunicationType.DEMAND_LETTER, "Service charge demand")
                .bodyHtml("<p>Due now.</p>").channel("email").build());
        centre.addRecipients(alice, demand.id(), List.of("RC-1", "RC-2", "RC-4"));
        centre.send(alice, demand.id());
        centre.dispatchDue(ORG);
        clock.advance(Duration.ofMinutes(30));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        sendGridKeys = generator.generateKeyPair();
        String published = Base64.getEncoder().encodeToString(sendGridKeys.getPublic().getEncoded());
        // A webhook URL of one organisation: events without a token are looked up there, and a token of another
        // organisation is refused.
        webhook = SendGridWebhook.start(centre, DeliveryProvider.named("sendgrid").forOrganisation(ORG),
                SendGridWebhook.verificationKey(published), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() {
        webhook.close();
    }

    @Test
    void aSignedBatchIsAppliedAndItsRepeatIsDuplicates() throws Exception {
        String batch = "[" + String.join(",",
                event("sg-1", "RC-1", "delivered", START.plusSeconds(60), null),
                event("sg-2", "RC-1", "open", START.plusSeconds(600), null),
                event("sg-3", "RC-4", "bounce", START.plusSeconds(120), "550 5.1.1 mailbox unavailable"),
                event("sg-4", "RC-2", "deferred", START.plusSeconds(30), null),
                "{\"event\":\"delivered\",\"sg_event_id\":\"sg-5\",\"timestamp\":1772611300,\"cc_token\":\"cc1.forged.token\"}",
                byMessageId("sg-6", "RC-2", "delivered", START.plusSeconds(90))) + "]";

        HttpResponse<String> first = post(batch, true);
        HttpResponse<String> again = post(batch, true);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("{\"applied\":4,\"duplicate\":0,\"stale\":0,\"unknown\":0,\"rejected\":1,\"ignored\":1}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo("{\"applied\":0,\"duplicate\":4,\"stale\":0,\"unknown\":0,\"rejected\":1,\"ignored\":1}");
        Map<String, Recipient> byUnit = recipients();
        assertThat(byUnit.get("RC-1").deliveryStatus()).isEqualTo(DeliveryStatus.OPENED);
        assertThat(byUnit.get("RC-1").deliveredAt()).isEqualTo(START.plusSeconds(60));
        assertThat(byUnit.get("RC-1").openedAt()).isEqualTo(START.plusSeconds(600));
        assertThat(byUnit.get("RC-2").deliveryStatus()).as("matched by SendGrid's message id").isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(byUnit.get("RC-4").deliveryStatus()).isEqualTo(DeliveryStatus.BOUNCED);
        assertThat(byUnit.get("RC-4").failureReason()).isEqualTo("550 5.1.1 mailbox unavailable");
        assertThat(centre.auditTrail(alice, demand.id())).filteredOn(e -> "sendgrid".equals(e.details().get("provider")))
                .hasSize(4).allSatisfy(e -> assertThat(e.actorUserId()).isEqualTo("provider:sendgrid"));
        assertThat(centre.verifyAuditTrail(alice).intact()).isTrue();
    }

    @Test
    void anUnsignedOrWronglySignedBatchIsRefusedAndChangesNothing() throws Exception {
        String batch = "[" + event("sg-1", "RC-1", "delivered", START.plusSeconds(60), null) + "]";

        HttpResponse<String> unsigned = post(batch, false);
        HttpResponse<String> tampered = send(HttpRequest.newBuilder(webhook.uri())
                .header(SendGridWebhook.TIMESTAMP, "1772611200").header(SendGridWebhook.SIGNATURE, sign("1772611200", "[]"))
                .POST(HttpRequest.BodyPublishers.ofString(batch)).build());

        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(tampered.statusCode()).isEqualTo(401);
        assertThat(recipients().get("RC-1").deliveryStatus()).isEqualTo(DeliveryStatus.ACCEPTED);
    }

    @Test
    void aBodyThatIsNotABatchIsABadRequestAndOnlyPostIsAllowed() throws Exception {
        assertThat(post("{\"event\":\"delivered\"}", true).statusCode()).isEqualTo(400);
        assertThat(post("[{\"event\":", true).body()).contains("not JSON");
        HttpResponse<String> get = send(HttpRequest.newBuilder(webhook.uri()).GET().build());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");
    }

    @Test
    void aLargeBatchIsAppliedAThousandAtATime() throws Exception {
        OutgoingMessage rc1 = message("RC-1");
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 2_500; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"event\":\"open\",\"sg_event_id\":\"open-").append(i)
                    .append("\",\"timestamp\":").append(START.getEpochSecond() + 60).append(",\"cc_token\":\"")
                    .append(rc1.correlationToken()).append("\"}");
        }
        HttpResponse<String> response = post(batch.append(']').toString(), true);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("{\"applied\":1,\"duplicate\":0,\"stale\":2499,");
    }

    private String event(String id, String unit, String type, Instant at, String reason) {
        return "{\"email\":\"x@example.org\",\"timestamp\":" + at.getEpochSecond() + ",\"event\":\"" + type
                + "\",\"sg_event_id\":\"" + id + "\",\"sg_message_id\":\"unused.filter0001.1\""
                + (reason == null ? "" : ",\"reason\":\"" + reason + "\"")
                + ",\"cc_token\":\"" + message(unit).correlationToken() + "\"}";
    }

    /** An event without the custom argument, as from a message sent before the host set it. */
    private String byMessageId(String id, String unit, String type, Instant at) {
        String recorded = recipients().get(unit).providerMessageId();
        return "{\"timestamp\":" + at.getEpochSecond() + ",\"event\":\"" + type + "\",\"sg_event_id\":\"" + id
                + "\",\"sg_message_id\":\"" + recorded + ".filter0001.16648.5515E0B88.0\"}";
    }

    private OutgoingMessage message(String unit) {
        return email.messages().stream().filter(m -> m.unitId().equals(unit)).findFirst().orElseThrow();
    }

    private Map<String, Recipient> recipients() {
        return centre.listRecipients(alice, demand.id(), RecipientFilter.all(), PageRequest.first(10)).items().stream()
                .collect(Collectors.toMap(Recipient::unitId, Function.identity()));
    }

    private HttpResponse<String> post(String body, boolean signed) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(webhook.uri()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signed) {
            String timestamp = String.valueOf(clock.instant().getEpochSecond());
            request.header(SendGridWebhook.TIMESTAMP, timestamp).header(SendGridWebhook.SIGNATURE, sign(timestamp, body));
        }
        return send(request.build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** As SendGrid signs: ECDSA P-256 with SHA-256 over the timestamp followed by the body, base64 of DER. */
    private String sign(String timestamp, String body) throws GeneralSecurityException {
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initSign(sendGridKeys.getPrivate());
        ecdsa.update((timestamp + body).getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(ecdsa.sign());
    }
}
