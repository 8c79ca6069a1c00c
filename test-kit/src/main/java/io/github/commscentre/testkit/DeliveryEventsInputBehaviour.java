package io.github.commscentre.testkit;

import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.DeliveryEvent;
import io.github.commscentre.DeliveryEvent.Outcome;
import io.github.commscentre.DeliveryEvent.Result;
import io.github.commscentre.DeliveryProvider;
import io.github.commscentre.DeliveryStatus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.github.commscentre.DeliveryStatus.DELIVERED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a provider's batch may not do: a malformed call is refused whole, a bad event is rejected on its own (naming
 * the field) while the rest of the batch is applied, and a correlation token is accepted only unaltered, signed with
 * the facade's correlation key, and naming an organisation the provider serves.
 */
abstract class DeliveryEventsInputBehaviour extends DeliveryEventsFixture {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @Test
    void badEventsAreRejectedNamingTheFieldAndTheOthersOfTheBatchAreApplied() {
        Map<String, Sent> sent = sentTo("a1", "a2");
        Sent a1 = sent.get("a1");
        Instant at = a1.recipient().updatedAt().plusMillis(1);
        String token = a1.token();
        List<DeliveryEvent> events = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        bad(events, fields, "event", null);
        bad(events, fields, "providerEventId", DeliveryEvent.byToken(null, token, DELIVERED, at, null));
        bad(events, fields, "providerEventId", DeliveryEvent.byToken("  ", token, DELIVERED, at, null));
        bad(events, fields, "providerEventId", DeliveryEvent.byToken("e".repeat(201), token, DELIVERED, at, null));
        bad(events, fields, "providerEventId", DeliveryEvent.byToken("evt-\u0000", token, DELIVERED, at, null));
        bad(events, fields, "providerEventId", DeliveryEvent.byToken("evt-\uD800", token, DELIVERED, at, null));
        bad(events, fields, "status", DeliveryEvent.byToken("evt-s", token, null, at, null));
        bad(events, fields, "status", DeliveryEvent.byToken("evt-p", token, DeliveryStatus.PENDING, at, null));
        bad(events, fields, "occurredAt", DeliveryEvent.byToken("evt-o", token, DELIVERED, null, null));
        bad(events, fields, "correlationToken", new DeliveryEvent("evt-n", null, org, null, DELIVERED, at, null));
        bad(events, fields, "providerMessageId", DeliveryEvent.byProviderMessageId("evt-m", org, "", DELIVERED, at, null));
        bad(events, fields, "providerMessageId", DeliveryEvent.byProviderMessageId("evt-l", org, "m".repeat(501),
                DELIVERED, at, null));
        bad(events, fields, "organisationId", DeliveryEvent.byProviderMessageId("evt-g", null, a1.messageId(),
                DELIVERED, at, null));
        bad(events, fields, "organisationId", DeliveryEvent.byProviderMessageId("evt-q", "o".repeat(101),
                a1.messageId(), DELIVERED, at, null));
        bad(events, fields, "correlationToken", DeliveryEvent.byToken("evt-f", "not a token", DELIVERED, at, null));
        int middle = events.size() / 2;
        events.add(middle, byToken("evt-good", a1, DELIVERED, at));
        fields.add(middle, null);
        events.add(byToken("evt-last", sent.get("a2"), DELIVERED, at));
        fields.add(null);

        List<Result> results = centre.applyDeliveryEvents(POSTMARK, events);

        assertThat(results).hasSize(events.size());
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            assertThat(r.index()).isEqualTo(i);
            if (fields.get(i) == null) {
                assertThat(r.outcome()).as("event %d", i).isEqualTo(Outcome.APPLIED);
            } else {
                assertThat(r.outcome()).as("event %d", i).isEqualTo(Outcome.REJECTED);
                assertThat(r.recipientId()).isNull();
                assertThat(r.detail()).as("event %d names %s", i, fields.get(i)).startsWith(fields.get(i) + ":");
            }
        }
        assertThat(results.get(2).providerEventId()).as("given back as given").isEqualTo("  ");
        assertThat(stored(a1).deliveryStatus()).isEqualTo(DELIVERED);
        assertThat(stored(sent.get("a2")).deliveryStatus()).isEqualTo(DELIVERED);
        assertThat(changesOf(a1)).hasSize(1);
        assertVerifies();
    }

    private static void bad(List<DeliveryEvent> events, List<String> fields, String field, DeliveryEvent event) {
        events.add(event);
        fields.add(field);
    }

    @Test
    void aMalformedCallIsRefusedWholeAndChangesNothing() {
        Sent a1 = sentTo("a1").get("a1");
        List<DeliveryEvent> one = List.of(byToken("evt-1", a1, DELIVERED, a1.recipient().updatedAt()));

        badRequest("provider", () -> centre.applyDeliveryEvents(null, one));
        badRequest("provider.name", () -> centre.applyDeliveryEvents(DeliveryProvider.named(" "), one));
        badRequest("provider.name", () -> centre.applyDeliveryEvents(DeliveryProvider.named("p".repeat(91)), one));
        badRequest("provider.organisationId", () -> centre.applyDeliveryEvents(
                DeliveryProvider.named("postmark").forOrganisation(""), one));
        badRequest("events", () -> centre.applyDeliveryEvents(POSTMARK, null));
        badRequest("events", () -> centre.applyDeliveryEvents(POSTMARK, Collections.nCopies(5_001, one.get(0))));
        assertThat(centre.applyDeliveryEvents(POSTMARK, List.of())).isEmpty();
        assertThat(outcomes(centre.applyDeliveryEvents(POSTMARK, Collections.nCopies(5_000, one.get(0)))))
                .as("5,000 is the most a call takes").startsWith(Outcome.APPLIED, Outcome.DUPLICATE).hasSize(5_000);
    }

    @Test
    void aForgedOrAlteredTokenIsRejected() {
        Sent a1 = sentTo("a1").get("a1");
        Sent theirs = sentTo(centre, email, otherAdmin, "x1").get("x1");
        String token = a1.token();
        String[] parts = token.split("\\.");
        assertThat(parts).as("cc1.<organisation>.<recipient and MAC>").hasSize(3);
        byte[] tail = Base64.getUrlDecoder().decode(parts[2]);
        byte[] flipped = tail.clone();
        flipped[20] ^= 1;
        byte[] theirTail = Base64.getUrlDecoder().decode(theirs.token().split("\\.")[2]);
        byte[] otherRecipient = Arrays.copyOf(theirTail, theirTail.length);
        System.arraycopy(tail, 16, otherRecipient, 16, 16);
        String otherOrgPart = B64.encodeToString(otherOrg.getBytes(StandardCharsets.UTF_8));
        Instant at = a1.recipient().updatedAt().plusMillis(1);
        State before = state();

        List<Result> results = apply(
                DeliveryEvent.byToken("evt-1", "cc1." + parts[1] + "." + B64.encodeToString(new byte[32]), DELIVERED, at, null),
                DeliveryEvent.byToken("evt-2", parts[0] + "." + parts[1] + "." + B64.encodeToString(flipped), DELIVERED, at, null),
                DeliveryEvent.byToken("evt-3", parts[0] + "." + otherOrgPart + "." + parts[2], DELIVERED, at, null),
                DeliveryEvent.byToken("evt-4", parts[0] + "." + parts[1] + "." + B64.encodeToString(otherRecipient),
                        DELIVERED, at, null),
                DeliveryEvent.byToken("evt-5", "cc2" + token.substring(3), DELIVERED, at, null),
                DeliveryEvent.byToken("evt-6", token + "A", DELIVERED, at, null),
                DeliveryEvent.byToken("evt-7", token.substring(0, token.length() - 2), DELIVERED, at, null),
                DeliveryEvent.byToken("evt-8", token.repeat(20), DELIVERED, at, null));

        assertThat(results).allSatisfy(r -> {
            assertThat(r.outcome()).as("%s", r).isEqualTo(Outcome.REJECTED);
            assertThat(r.detail()).startsWith("correlationToken:");
            assertThat(r.recipientId()).isNull();
        });
        assertThat(state()).isEqualTo(before);
        assertThat(outcomes(apply(byToken("evt-9", a1, DELIVERED, at)))).as("the real one still works")
                .containsExactly(Outcome.APPLIED);
    }

    @Test
    void aProviderForOneOrganisationCannotTouchAnother() {
        Sent mine = sentTo("a1").get("a1");
        Sent theirs = sentTo(centre, email, otherAdmin, "x1").get("x1");
        Instant at = theirs.recipient().updatedAt().plusMillis(1);
        DeliveryProvider onlyMine = POSTMARK.forOrganisation(org);

        List<Result> results = centre.applyDeliveryEvents(onlyMine, List.of(
                byToken("evt-1", theirs, DELIVERED, at),
                DeliveryEvent.byProviderMessageId("evt-2", otherOrg, theirs.messageId(), DELIVERED, at, null),
                DeliveryEvent.byProviderMessageId("evt-3", null, theirs.messageId(), DELIVERED, at, null),
                byToken("evt-4", mine, DELIVERED, at)));

        assertThat(outcomes(results)).containsExactly(Outcome.REJECTED, Outcome.REJECTED, Outcome.UNKNOWN, Outcome.APPLIED);
        assertThat(results.get(0).detail()).startsWith("correlationToken:").contains("does not serve");
        assertThat(results.get(1).detail()).startsWith("organisationId:").contains("does not serve");
        assertThat(recipients(otherAdmin, theirs.recipient().communicationId(), io.github.commscentre.RecipientFilter.all(), 10))
                .as("their recipient untouched").containsExactly(theirs.recipient());
        assertThat(stored(mine).deliveryStatus()).isEqualTo(DELIVERED);
    }

    @Test
    void aTokenIsAcceptedByEveryFacadeWithTheSameKeyAndNoOther() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        byte[] otherKey = key.clone();
        otherKey[31] = 8;
        RecordingDeliveryChannel channel = RecordingDeliveryChannel.acceptingAll();
        CommunicationCentre signing = keyed(key, channel);
        Map<String, Sent> sent = sentTo(signing, channel, admin, "a1", "a2");
        Instant at = sent.get("a1").recipient().updatedAt().plusMillis(1);

        List<Result> otherKeyed = keyed(otherKey, channel).applyDeliveryEvents(POSTMARK,
                List.of(byToken("evt-1", sent.get("a1"), DELIVERED, at)));
        List<Result> unkeyed = apply(byToken("evt-2", sent.get("a1"), DELIVERED, at));
        List<Result> sameKey = keyed(key.clone(), channel).applyDeliveryEvents(POSTMARK,
                List.of(byToken("evt-3", sent.get("a1"), DELIVERED, at)));
        List<Result> signer = signing.applyDeliveryEvents(POSTMARK, List.of(byToken("evt-4", sent.get("a2"), DELIVERED, at)));

        assertThat(outcomes(otherKeyed)).containsExactly(Outcome.REJECTED);
        assertThat(outcomes(unkeyed)).as("a facade with a random key of its own").containsExactly(Outcome.REJECTED);
        assertThat(outcomes(sameKey)).containsExactly(Outcome.APPLIED);
        assertThat(outcomes(signer)).containsExactly(Outcome.APPLIED);
        assertThatThrownBy(() -> CommunicationCentre.builder().store(store).directory(directory).clock(clock)
                .correlationKey(new byte[31]).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("correlationKey");
    }

    private CommunicationCentre keyed(byte[] key, RecordingDeliveryChannel channel) {
        return CommunicationCentre.builder().store(store).directory(directory).clock(clock)
                .deliveryChannel("email", channel).dispatchSettings(SETTINGS).correlationKey(key).build();
    }
}
