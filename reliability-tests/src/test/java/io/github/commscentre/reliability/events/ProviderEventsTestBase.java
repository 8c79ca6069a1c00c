package io.github.commscentre.reliability.events;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryEvent;
import io.github.commscentre.DeliveryEvent.Outcome;
import io.github.commscentre.DeliveryProvider;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.OutgoingMessage;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import io.github.commscentre.testkit.MutableClock;
import io.github.commscentre.testkit.RecordingDeliveryChannel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Provider events under the conditions webhooks bring: every event delivered twice and shuffled (seeded), two
 * batches on the same recipients at once, and forged or cross-organisation tokens; on a real store. The statuses and
 * the trail must be those of the events applied once and in order, no change lost or doubled, the chain intact.
 */
abstract class ProviderEventsTestBase {

    private static final int UNITS = 60;
    private static final DeliveryStatus[] STORY = {DeliveryStatus.DELIVERED, DeliveryStatus.OPENED, DeliveryStatus.BOUNCED};
    private static final byte[] KEY = "a correlation key of 32 bytes...".getBytes(StandardCharsets.US_ASCII);

    abstract CommunicationStore store();

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-04T08:00:00Z"));
    private final InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory();
    private final RecordingDeliveryChannel channel = RecordingDeliveryChannel.acceptingAll();
    private CommunicationCentre centre;
    private String org;
    private String otherOrg;

    @BeforeEach
    void facade() {
        org = "org-" + UUID.randomUUID();
        otherOrg = "org-" + UUID.randomUUID();
        for (int i = 0; i < UNITS; i++) {
            directory.addUnit(org, "block", "u" + i, "Leaseholder " + i, "u" + i + "@example.com");
            directory.addUnit(otherOrg, "block", "u" + i, "Tenant " + i, "t" + i + "@example.org");
        }
        centre = CommunicationCentre.builder().store(store()).directory(directory).clock(clock)
                .deliveryChannel("email", channel).correlationKey(KEY).build();
    }

    /** @return the messages of a communication of {@code organisationId} to every unit, dispatched and accepted */
    private List<OutgoingMessage> sent(String organisationId) {
        Caller admin = Caller.admin(organisationId, "admin");
        Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "Notice")
                .bodyHtml("<p>x</p>").channel("email").build());
        List<String> units = new ArrayList<>();
        for (int i = 0; i < UNITS; i++) {
            units.add("u" + i);
        }
        centre.addRecipients(admin, c.id(), units);
        centre.send(admin, c.id());
        for (int round = 0; round < 20 && messagesOf(c.id()).size() < UNITS; round++) {
            centre.dispatchDue(organisationId);
        }
        assertThat(messagesOf(c.id())).hasSize(UNITS);
        clock.advance(Duration.ofMinutes(10));
        return messagesOf(c.id());
    }

    private List<OutgoingMessage> messagesOf(UUID communicationId) {
        return channel.messages().stream().filter(m -> m.communicationId().equals(communicationId)).toList();
    }

    private List<Recipient> recipients(Caller admin, UUID communicationId) {
        return centre.listRecipients(admin, communicationId, RecipientFilter.all(), PageRequest.first(100)).items();
    }

    /** Each recipient's story: some events, in the order they happened, a repeat and a late one among them. */
    private static List<DeliveryEvent> story(List<OutgoingMessage> messages, String prefix, Random random, Instant base) {
        List<DeliveryEvent> events = new ArrayList<>();
        for (OutgoingMessage m : messages) {
            int steps = 1 + random.nextInt(STORY.length);
            Instant at = base.plusMillis(random.nextInt(1_000));
            for (int s = 0; s < steps; s++) {
                at = at.plusMillis(1 + random.nextInt(5_000));
                DeliveryStatus status = STORY[random.nextInt(STORY.length)];
                events.add(DeliveryEvent.byToken(prefix + m.recipientId() + "-" + s, m.correlationToken(), status, at,
                        status.acceptsFailureReason() ? "550 mailbox " + s : null));
            }
        }
        return events;
    }

    @Test
    void everyEventTwiceAndShuffledLeavesTheRecordOfTheOrderedOnceOnlyRun() {
        long seed = new Random().nextLong();
        try {
            Caller admin = Caller.admin(org, "admin");
            List<OutgoingMessage> ordered = sent(org);
            List<OutgoingMessage> shuffled = sent(org);
            Instant base = clock.instant().minus(Duration.ofMinutes(5));
            List<DeliveryEvent> once = story(ordered, "o-", new Random(seed), base);
            List<DeliveryEvent> twice = new ArrayList<>(story(shuffled, "s-", new Random(seed), base));
            twice.addAll(story(shuffled, "s-", new Random(seed), base));
            Collections.shuffle(twice, new Random(seed));
            clock.advance(Duration.ofMinutes(10));

            List<DeliveryEvent.Result> onceResults = apply(DeliveryProvider.named("provider"), once);
            List<DeliveryEvent.Result> twiceResults = apply(DeliveryProvider.named("provider"), twice);

            assertThat(count(twiceResults, Outcome.DUPLICATE)).isEqualTo(once.size());
            assertThat(count(twiceResults, Outcome.APPLIED)).isEqualTo(count(onceResults, Outcome.APPLIED));
            assertThat(count(twiceResults, Outcome.STALE)).isEqualTo(count(onceResults, Outcome.STALE));
            assertThat(record(admin, shuffled)).isEqualTo(record(admin, ordered));
            assertThat(centre.verifyAuditTrail(admin).intact()).isTrue();
        } catch (AssertionError e) {
            throw new AssertionError("failed with seed " + seed + " (replay with new Random(" + seed + "L)): "
                    + e.getMessage(), e);
        }
    }

    /** Applied as a webhook does: batches of at most 1,000, each event's story within one batch. */
    private List<DeliveryEvent.Result> apply(DeliveryProvider provider, List<DeliveryEvent> events) {
        assertThat(events.size()).as("one batch keeps each story together").isLessThanOrEqualTo(1_000);
        return centre.applyDeliveryEvents(provider, events);
    }

    private static long count(List<DeliveryEvent.Result> results, Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }

    /** @return by unit: the recipient's delivery fields and its status changes, without ids and receive times */
    private Map<String, List<String>> record(Caller admin, List<OutgoingMessage> messages) {
        UUID communicationId = messages.get(0).communicationId();
        Map<String, List<String>> byUnit = new TreeMap<>();
        for (Recipient r : recipients(admin, communicationId)) {
            byUnit.put(r.unitId(), new ArrayList<>(List.of(r.deliveryStatus().wireName(), String.valueOf(r.deliveredAt()),
                    String.valueOf(r.openedAt()), String.valueOf(r.failureReason()))));
        }
        for (AuditEvent e : centre.auditTrail(admin, communicationId)) {
            if (e.type() == AuditEventType.RECIPIENT_STATUS_CHANGED) {
                Map<String, String> d = e.details();
                byUnit.get(d.get("unitId")).add(d.get("from") + ">" + d.get("to") + "@" + d.get("occurredAt") + " "
                        + d.get("providerEventId").substring(2 + 36) + " " + d.get("reason"));
            }
        }
        return byUnit;
    }

    @Test
    void concurrentBatchesOnTheSameRecipientsLoseNoChangeAndDoubleNone() throws Exception {
        Caller admin = Caller.admin(org, "admin");
        List<OutgoingMessage> messages = sent(org);
        Instant at = clock.instant().minus(Duration.ofMinutes(1));
        List<DeliveryEvent> delivered = new ArrayList<>();
        List<DeliveryEvent> opened = new ArrayList<>();
        for (OutgoingMessage m : messages) {
            delivered.add(DeliveryEvent.byToken("d-" + m.recipientId(), m.correlationToken(), DeliveryStatus.DELIVERED, at, null));
            opened.add(DeliveryEvent.byToken("o-" + m.recipientId(), m.correlationToken(), DeliveryStatus.OPENED,
                    at.plusSeconds(1), null));
        }
        List<List<DeliveryEvent>> batches = List.of(delivered, opened, delivered, opened);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<DeliveryEvent.Result>>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < batches.size(); i++) {
                List<DeliveryEvent> batch = new ArrayList<>(batches.get(i));
                if (i % 2 == 1) {
                    Collections.reverse(batch); // the two threads name the recipients in opposite orders
                }
                futures.add(pool.submit(() -> {
                    start.await();
                    return retryingConflicts(DeliveryProvider.named("provider"), batch);
                }));
            }
            start.countDown();
            for (Future<List<DeliveryEvent.Result>> f : futures) {
                f.get(3, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        List<Recipient> after = recipients(admin, messages.get(0).communicationId());
        assertThat(after).allSatisfy(r -> assertThat(r.deliveryStatus()).isEqualTo(DeliveryStatus.OPENED));
        List<AuditEvent> changes = centre.auditTrail(admin, messages.get(0).communicationId()).stream()
                .filter(e -> e.type() == AuditEventType.RECIPIENT_STATUS_CHANGED).toList();
        // Each recipient moved at most twice (accepted > delivered > opened, or straight to opened when "opened" won
        // the race), never once more: no event applied twice, none lost.
        Map<String, List<String>> moves = new TreeMap<>();
        changes.forEach(e -> moves.computeIfAbsent(e.details().get("unitId"), k -> new ArrayList<>())
                .add(e.details().get("from") + ">" + e.details().get("to")));
        assertThat(moves).hasSize(UNITS).allSatisfy((unit, list) -> assertThat(list).isIn(
                List.of("accepted>delivered", "delivered>opened"), List.of("accepted>opened")));
        assertThat(centre.verifyAuditTrail(admin).intact()).isTrue();
    }

    /** A database may give up a transaction for another (CONFLICT): the webhook answers 503 and the provider retries. */
    private List<DeliveryEvent.Result> retryingConflicts(DeliveryProvider provider, List<DeliveryEvent> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                return centre.applyDeliveryEvents(provider, batch);
            } catch (io.github.commscentre.CommunicationCentreException e) {
                if (e.code() != io.github.commscentre.ErrorCode.CONFLICT || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    @Test
    void forgedAndCrossOrganisationTokensChangeNothing() {
        List<OutgoingMessage> mine = sent(org);
        List<OutgoingMessage> theirs = sent(otherOrg);
        Instant at = clock.instant().minus(Duration.ofMinutes(1));
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        List<DeliveryEvent> attack = new ArrayList<>();
        Random random = new Random(7);
        for (OutgoingMessage m : theirs) {
            String[] parts = m.correlationToken().split("\\.");
            byte[] tail = Base64.getUrlDecoder().decode(parts[2]);
            byte[] forged = Arrays.copyOf(tail, tail.length);
            random.nextBytes(forged);
            System.arraycopy(tail, 0, forged, 0, 16); // their recipient, a made-up MAC
            String ownOrg = b64.encodeToString(org.getBytes(StandardCharsets.UTF_8));
            attack.add(DeliveryEvent.byToken("x1-" + m.recipientId(), parts[0] + "." + parts[1] + "." + b64.encodeToString(forged),
                    DeliveryStatus.BOUNCED, at, "forged"));
            attack.add(DeliveryEvent.byToken("x2-" + m.recipientId(), parts[0] + "." + ownOrg + "." + parts[2],
                    DeliveryStatus.BOUNCED, at, "renamed organisation"));
            attack.add(DeliveryEvent.byToken("x3-" + m.recipientId(), m.correlationToken(), DeliveryStatus.BOUNCED, at,
                    "a real token of another organisation"));
            attack.add(DeliveryEvent.byProviderMessageId("x4-" + m.recipientId(), null, "provider-" + m.idempotencyKey(),
                    DeliveryStatus.BOUNCED, at, "their message id"));
        }
        Caller them = Caller.admin(otherOrg, "admin");
        List<Recipient> before = recipients(them, theirs.get(0).communicationId());

        List<DeliveryEvent.Result> results = centre.applyDeliveryEvents(
                DeliveryProvider.named("provider").forOrganisation(org), attack);

        assertThat(results).allSatisfy(r -> assertThat(r.outcome()).isIn(Outcome.REJECTED, Outcome.UNKNOWN));
        assertThat(count(results, Outcome.UNKNOWN)).as("their message ids, looked up in ours only").isEqualTo(UNITS);
        assertThat(recipients(them, theirs.get(0).communicationId())).isEqualTo(before);
        assertThat(recipients(Caller.admin(org, "admin"), mine.get(0).communicationId()))
                .allSatisfy(r -> assertThat(r.deliveryStatus()).isEqualTo(DeliveryStatus.ACCEPTED));
        assertThat(centre.verifyAuditTrail(them).intact()).isTrue();
    }
}
