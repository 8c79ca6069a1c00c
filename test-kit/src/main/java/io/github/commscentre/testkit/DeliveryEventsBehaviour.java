package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.DeliveryEvent;
import io.github.commscentre.DeliveryEvent.Outcome;
import io.github.commscentre.DeliveryEvent.Result;
import io.github.commscentre.DeliveryProvider;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.github.commscentre.DeliveryStatus.BOUNCED;
import static io.github.commscentre.DeliveryStatus.DELIVERED;
import static io.github.commscentre.DeliveryStatus.FAILED;
import static io.github.commscentre.DeliveryStatus.OPENED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Provider events applied in batches: matched by correlation token or by provider message id within an organisation,
 * each answered on its own (applied, duplicate, stale, unknown), recorded at the provider's instant within bounds, and
 * each applied change in the audit trail with the provider and its event id; a batch delivered twice and shuffled
 * leaves the same record as the same events once and in order.
 */
abstract class DeliveryEventsBehaviour extends DeliveryEventsFixture {

    @Test
    void anEventByTokenMovesTheRecipientAtTheProvidersInstantAndIsAudited() {
        Sent a1 = sentTo("a1").get("a1");
        Instant happened = a1.recipient().updatedAt().plusNanos(1_234_567);
        Instant received = now();

        List<AuditEvent> appended = appendedBy(() -> assertThat(apply(byToken("evt-1", a1, DELIVERED, happened)))
                .containsExactly(new Result(0, "evt-1", Outcome.APPLIED, a1.id(), null)));

        Recipient after = stored(a1);
        assertThat(after.deliveryStatus()).isEqualTo(DELIVERED);
        assertThat(after.deliveredAt()).as("the provider's instant, in microseconds").isEqualTo(micros(happened));
        assertThat(after.updatedAt()).as("when it was received").isEqualTo(received);
        assertThat(after).usingRecursiveComparison().ignoringFields("deliveryStatus", "deliveredAt", "updatedAt")
                .isEqualTo(a1.recipient());
        assertThat(appended).hasSize(1);
        AuditEvent e = appended.get(0);
        assertThat(e.type()).isEqualTo(AuditEventType.RECIPIENT_STATUS_CHANGED);
        assertThat(e.actorUserId()).isEqualTo("provider:postmark");
        assertThat(e.organisationId()).isEqualTo(org);
        assertThat(e.communicationId()).isEqualTo(a1.recipient().communicationId());
        assertThat(e.recipientId()).isEqualTo(a1.id());
        assertThat(e.occurredAt()).as("the audit event is when it was received").isEqualTo(received);
        assertThat(e.details()).containsOnlyKeys("unitId", "from", "to", "provider", "providerEventId", "occurredAt",
                "receivedAt").containsEntry("unitId", "a1").containsEntry("from", "accepted").containsEntry("to", "delivered")
                .containsEntry("provider", "postmark").containsEntry("providerEventId", "evt-1");
        assertThat(instantDetail(e, "occurredAt")).isEqualTo(micros(happened));
        assertThat(instantDetail(e, "receivedAt")).isEqualTo(received);
        assertVerifies();
    }

    @Test
    void anEventByProviderMessageIdIsFoundWithinTheNamedOrganisation() {
        Map<String, Sent> sent = sentTo("a1", "a2");
        Sent a1 = sent.get("a1");
        Sent a2 = sent.get("a2");
        Instant happened = a1.recipient().updatedAt().plusMillis(1);

        List<Result> results = apply(
                DeliveryEvent.byProviderMessageId("evt-1", org, a1.messageId(), DELIVERED, happened, null),
                DeliveryEvent.byProviderMessageId("evt-2", otherOrg, a2.messageId(), DELIVERED, happened, null));
        List<Result> forOrg = centre.applyDeliveryEvents(POSTMARK.forOrganisation(org), List.of(
                DeliveryEvent.byProviderMessageId("evt-3", null, a2.messageId(), BOUNCED, happened, "mailbox full")));

        assertThat(outcomes(results)).containsExactly(Outcome.APPLIED, Outcome.UNKNOWN);
        assertThat(results.get(1).recipientId()).isNull();
        assertThat(results.get(1).detail()).as("never looked up in another organisation").contains(a2.messageId());
        assertThat(forOrg).containsExactly(new Result(0, "evt-3", Outcome.APPLIED, a2.id(), null));
        assertThat(stored(a1).deliveryStatus()).isEqualTo(DELIVERED);
        assertThat(stored(a2).deliveryStatus()).isEqualTo(BOUNCED);
        assertThat(stored(a2).failureReason()).isEqualTo("mailbox full");
        assertThat(changesOf(a2).get(0).details()).containsEntry("reason", "mailbox full").containsEntry("to", "bounced");
        assertVerifies();
    }

    @Test
    void openedWithoutDeliveredRecordsBothAtTheProvidersInstantAndALaterBounceKeepsThem() {
        Map<String, Sent> sent = sentTo("a1", "a2");
        Sent a1 = sent.get("a1");
        Instant opened = a1.recipient().updatedAt().plusMillis(1);

        assertThat(outcomes(apply(byToken("evt-1", a1, OPENED, opened)))).containsExactly(Outcome.APPLIED);

        assertThat(stored(a1).openedAt()).isEqualTo(opened);
        assertThat(stored(a1).deliveredAt()).isEqualTo(opened);
        Sent a2 = sent.get("a2");
        apply(byToken("evt-2", a2, DELIVERED, opened), byToken("evt-3", a2, FAILED, opened.plusMillis(1)));
        assertThat(stored(a2).deliveryStatus()).isEqualTo(FAILED);
        assertThat(stored(a2).deliveredAt()).isEqualTo(opened);
        assertThat(stored(a2).failureReason()).isNull();
    }

    @Test
    void theProvidersInstantIsBoundedByTheReceiveTimeAndTheRecipientsAddedAt() {
        Map<String, Sent> sent = sentTo("a1", "a2");
        Sent ahead = sent.get("a1");
        Sent behind = sent.get("a2");
        Instant received = now();
        Instant future = received.plus(Duration.ofHours(3));
        Instant past = behind.recipient().addedAt().minus(Duration.ofDays(2));

        apply(byToken("evt-1", ahead, DELIVERED, future), byToken("evt-2", behind, OPENED, past));

        assertThat(stored(ahead).deliveredAt()).as("a provider's clock ahead: the receive time").isEqualTo(received);
        assertThat(stored(behind).openedAt()).as("before it was added: when it was added").isEqualTo(behind.recipient().addedAt());
        AuditEvent aheadEvent = changesOf(ahead).get(0);
        assertThat(instantDetail(aheadEvent, "occurredAt")).isEqualTo(received);
        assertThat(instantDetail(aheadEvent, "providerOccurredAt")).as("what the provider said is kept").isEqualTo(future);
        AuditEvent behindEvent = changesOf(behind).get(0);
        assertThat(instantDetail(behindEvent, "occurredAt")).isEqualTo(behind.recipient().addedAt());
        assertThat(instantDetail(behindEvent, "providerOccurredAt")).isEqualTo(past);
        assertVerifies();
    }

    @Test
    void anEventIdSeenBeforeIsADuplicateThatChangesNothing() {
        Map<String, Sent> sent = sentTo("a1", "a2");
        Sent a1 = sent.get("a1");
        Instant at = a1.recipient().updatedAt().plusMillis(1);
        apply(byToken("evt-1", a1, DELIVERED, at));
        State before = state();

        List<Result> again = apply(byToken("evt-1", a1, DELIVERED, at), byToken("evt-1", a1, OPENED, at.plusMillis(1)));

        assertThat(again).extracting(Result::outcome, Result::recipientId)
                .containsExactly(tuple(Outcome.DUPLICATE, a1.id()),
                        tuple(Outcome.DUPLICATE, a1.id()));
        assertThat(again.get(0).detail()).contains("evt-1");
        assertThat(state()).as("no change, no audit event").isEqualTo(before);

        Sent a2 = sent.get("a2");
        List<Result> twiceInOne = apply(byToken("evt-2", a2, DELIVERED, at), byToken("evt-2", a2, DELIVERED, at));
        assertThat(outcomes(twiceInOne)).containsExactly(Outcome.APPLIED, Outcome.DUPLICATE);
        assertThat(changesOf(a2)).hasSize(1);
    }

    @Test
    void eventIdsAreSeenPerProvider() {
        Sent a1 = sentTo("a1").get("a1");
        Instant at = a1.recipient().updatedAt().plusMillis(1);
        apply(byToken("evt-1", a1, DELIVERED, at));

        List<Result> sendgrid = centre.applyDeliveryEvents(DeliveryProvider.named("sendgrid"),
                List.of(byToken("evt-1", a1, OPENED, at.plusMillis(1))));

        assertThat(outcomes(sendgrid)).as("another provider's evt-1 is another event").containsExactly(Outcome.APPLIED);
        assertThat(changesOf(a1)).extracting(e -> e.details().get("provider")).containsExactly("postmark", "sendgrid");
        assertThat(changesOf(a1).get(1).actorUserId()).isEqualTo("provider:sendgrid");
    }

    @Test
    void theSameStatusAgainOrABackwardMoveIsStaleAndItsRepeatADuplicate() {
        Sent a1 = sentTo("a1").get("a1");
        Instant at = a1.recipient().updatedAt().plusMillis(1);
        apply(byToken("evt-1", a1, DELIVERED, at), byToken("evt-2", a1, OPENED, at.plusMillis(1)));
        State before = state();

        List<Result> late = apply(byToken("evt-3", a1, OPENED, at.plusMillis(2)), byToken("evt-4", a1, DELIVERED, at),
                byToken("evt-5", a1, BOUNCED, at.plusMillis(3)));
        List<Result> repeated = apply(byToken("evt-4", a1, DELIVERED, at));

        assertThat(outcomes(late)).containsExactly(Outcome.STALE, Outcome.STALE, Outcome.STALE);
        assertThat(late).allSatisfy(r -> assertThat(r.recipientId()).isEqualTo(a1.id()));
        assertThat(late.get(0).detail()).contains("already opened");
        assertThat(late.get(1).detail()).contains("opened").contains("delivered");
        assertThat(outcomes(repeated)).as("a stale event was seen all the same").containsExactly(Outcome.DUPLICATE);
        assertThat(state()).as("ignored: no change, no audit event").isEqualTo(before);
    }

    @Test
    void anUnknownProviderMessageIdIsReportedAndNothingIsStored() {
        Sent a1 = sentTo("a1").get("a1");
        State before = state();
        DeliveryEvent nowhere = DeliveryEvent.byProviderMessageId("evt-1", org, "no-such-message", DELIVERED,
                a1.recipient().updatedAt(), null);

        List<Result> first = apply(nowhere);
        List<Result> second = apply(nowhere);

        assertThat(first).containsExactly(second.get(0));
        assertThat(first.get(0).outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(first.get(0).recipientId()).isNull();
        assertThat(first.get(0).detail()).contains("no-such-message");
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void aBatchNamingSeveralOrganisationsAppliesEachInItsOwn() {
        Sent mine = sentTo("a1").get("a1");
        Sent theirs = sentTo(centre, email, otherAdmin, "x1").get("x1");
        Instant at = theirs.recipient().updatedAt().plusMillis(1);

        List<Result> results = apply(byToken("evt-1", theirs, DELIVERED, at), byToken("evt-2", mine, OPENED, at));

        assertThat(outcomes(results)).containsExactly(Outcome.APPLIED, Outcome.APPLIED);
        assertThat(results).extracting(Result::index).containsExactly(0, 1);
        assertThat(stored(mine).deliveryStatus()).isEqualTo(OPENED);
        assertThat(recipients(otherAdmin, theirs.recipient().communicationId(), RecipientFilter.all(), 10))
                .extracting(Recipient::deliveryStatus).containsExactly(DELIVERED);
        assertThat(centre.verifyAuditTrail(otherAdmin).intact()).isTrue();
        assertVerifies();
    }

    @Test
    void theChangesAreLinkedIntoTheChainByTheTimeACallWithoutAHostTransactionReturns() {
        Map<String, Sent> sent = sentTo("a1", "a2");
        Instant at = sent.get("a1").recipient().updatedAt().plusMillis(1);

        apply(byToken("evt-1", sent.get("a1"), DELIVERED, at), byToken("evt-2", sent.get("a2"), BOUNCED, at));

        List<AuditEvent> changes = new ArrayList<>(changesOf(sent.get("a1")));
        changes.addAll(changesOf(sent.get("a2")));
        assertThat(changes).hasSize(2).allSatisfy(e -> assertThat(e.isLinked()).as("linked: %s", e).isTrue());
        assertVerifies();
    }

    @Test
    void aBatchDeliveredTwiceAndShuffledLeavesTheRecordOfTheOrderedOnceOnlyBatch() {
        long seed = new Random().nextLong();
        Map<String, Sent> ordered = sentTo("a1", "a2", "b1", "b2");
        Map<String, Sent> shuffled = sentTo("a1", "a2", "b1", "b2");
        Instant base = shuffled.get("a1").recipient().updatedAt();
        List<DeliveryEvent> once = script(ordered, "o-", base);
        List<DeliveryEvent> twice = new ArrayList<>(script(shuffled, "s-", base));
        twice.addAll(script(shuffled, "s-", base));
        Collections.shuffle(twice, new Random(seed));
        clock.advance(Duration.ofSeconds(1)); // every event then happened before either call received it

        List<Result> onceResults = centre.applyDeliveryEvents(POSTMARK, once);
        tick();
        List<Result> twiceResults = centre.applyDeliveryEvents(POSTMARK, twice);

        try {
            Map<String, Outcome> expected = new HashMap<>();
            onceResults.forEach(r -> expected.put(r.providerEventId().substring(2), r.outcome()));
            Map<String, List<Outcome>> got = new HashMap<>();
            twiceResults.forEach(r -> got.computeIfAbsent(r.providerEventId().substring(2), k -> new ArrayList<>())
                    .add(r.outcome()));
            expected.forEach((id, outcome) -> assertThat(got.get(id)).as("outcomes of %s", id).containsExactlyInAnyOrder(
                    outcome, outcome == Outcome.UNKNOWN ? Outcome.UNKNOWN : Outcome.DUPLICATE));
            for (String unit : ordered.keySet()) {
                Recipient a = stored(ordered.get(unit));
                Recipient b = stored(shuffled.get(unit));
                assertThat(List.of(b.deliveryStatus(), String.valueOf(b.deliveredAt()), String.valueOf(b.openedAt()),
                        String.valueOf(b.failureReason()))).as("unit %s", unit).isEqualTo(List.of(a.deliveryStatus(),
                        String.valueOf(a.deliveredAt()), String.valueOf(a.openedAt()), String.valueOf(a.failureReason())));
                assertThat(record(changesOf(shuffled.get(unit)))).as("trail of unit %s", unit)
                        .isEqualTo(record(changesOf(ordered.get(unit))));
            }
            assertThat(expected.values()).contains(Outcome.APPLIED, Outcome.STALE, Outcome.UNKNOWN);
            assertVerifies();
        } catch (AssertionError e) {
            throw new AssertionError("failed with seed " + seed + " (replay with new Random(" + seed + "L)): "
                    + e.getMessage(), e);
        }
    }

    /** Each recipient's story, in the order it happened, with late, repeated and backward events among it. */
    private static List<DeliveryEvent> script(Map<String, Sent> sent, String prefix, Instant base) {
        Instant t = base.plusNanos(123_789);
        List<DeliveryEvent> events = new ArrayList<>();
        events.add(byToken(prefix + "a1-delivered", sent.get("a1"), DELIVERED, t.plusMillis(1)));
        events.add(byToken(prefix + "a2-delivered", sent.get("a2"), DELIVERED, t.plusMillis(1)));
        events.add(byToken(prefix + "b1-bounced", sent.get("b1"), BOUNCED, t.plusMillis(2)));
        events.add(byToken(prefix + "b2-delivered", sent.get("b2"), DELIVERED, t.plusMillis(2)));
        events.add(DeliveryEvent.byToken(prefix + "a2-bounced", sent.get("a2").token(), BOUNCED, t.plusMillis(2),
                "550 mailbox full"));
        events.add(byToken(prefix + "a1-opened", sent.get("a1"), OPENED, t.plusMillis(3)));
        events.add(DeliveryEvent.byToken(prefix + "b1-failed", sent.get("b1").token(), FAILED, t.plusMillis(3), "gone"));
        events.add(byToken(prefix + "b2-delivered-again", sent.get("b2"), DELIVERED, t.plusMillis(3)));
        events.add(byToken(prefix + "a1-delivered-late", sent.get("a1"), DELIVERED, t.plusMillis(4)));
        events.add(byToken(prefix + "a2-opened", sent.get("a2"), OPENED, t.plusMillis(5)));
        events.add(byToken(prefix + "b2-opened", sent.get("b2"), OPENED, t.plusMillis(6)));
        events.add(DeliveryEvent.byProviderMessageId(prefix + "nobody", sent.get("a1").recipient().organisationId(),
                "no-such-message", DELIVERED, t, null));
        return events;
    }

    /** @return what the trail says of each change, without what differs between two runs (ids, receive times) */
    private static List<List<String>> record(List<AuditEvent> changes) {
        return changes.stream().map(e -> List.of(e.details().get("from"), e.details().get("to"),
                e.details().get("providerEventId").substring(2), e.details().get("occurredAt"),
                String.valueOf(e.details().get("reason")), e.actorUserId())).toList();
    }
}
