package io.github.commscentre.reliability.dispatch;

import io.github.commscentre.AuditEventType;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.DispatchReport;
import io.github.commscentre.DispatchSettings;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.DeliveryOutcome;
import io.github.commscentre.spi.OutgoingMessage;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import io.github.commscentre.testkit.MutableClock;
import io.github.commscentre.testkit.RecordingDeliveryChannel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Channels that never deliver: one throws, one hangs past its timeout, one answers try later forever. Within the
 * retry budget each recipient is handed over again after its pause (never before), with the same idempotency key and
 * the next attempt number; then it fails ("gave up after 3 attempts"), the communication fails, nothing is lost or
 * recorded twice, and the chain verifies. A second test gives a seeded flaky channel (accepting, rejecting, asking for
 * later, leaving messages unanswered, throwing) and checks that the trail records exactly what it answered. Subclasses
 * supply the store.
 */
abstract class FailingChannelsTestBase {

    private static final int RECIPIENTS = 6;
    private static final Instant T0 = Instant.parse("2030-05-01T07:00:00Z");
    private static final Duration CHANNEL_TIMEOUT = Duration.ofMillis(250);
    /** Small numbers: batches of 4 (two per communication), pauses of 10 s then 15 s, three attempts. */
    private static final DispatchSettings SETTINGS = DispatchSettings.builder().batchSize(4).maxAttempts(3)
            .firstRetryAfter(Duration.ofSeconds(10)).longestRetryPause(Duration.ofSeconds(15))
            .channelTimeout(CHANNEL_TIMEOUT).lease(Duration.ofMinutes(1)).build();

    /** @return where the test runs, for the printed figures */
    abstract String ground();

    /** @return the store; PostgreSQL subclasses skip when it is not configured */
    abstract CommunicationStore store();

    private final String org = "org-failing-" + UUID.randomUUID();
    private final Caller admin = Caller.admin(org, "admin-1");
    private final InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory();
    private final MutableClock clock = MutableClock.at(T0);

    @Test
    void aChannelThatThrowsTimesOutOrSaysTryLaterForeverFailsEveryRecipientAfterTheBudgetAndLosesNothing()
            throws InterruptedException {
        directory.addUnits(org, "block-1", "unit-", RECIPIENTS);
        AtomicInteger interrupted = new AtomicInteger();
        Map<String, RecordingDeliveryChannel> channels = new LinkedHashMap<>();
        channels.put("throwing", RecordingDeliveryChannel.scripted(batch -> {
            throw new IllegalStateException("provider API down");
        }));
        channels.put("hanging", RecordingDeliveryChannel.scripted(batch -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            }
            return List.of();
        }));
        channels.put("busy", RecordingDeliveryChannel.answering(m -> DeliveryOutcome.tryLater(m.recipientId(), "421 mailbox busy")));
        Map<String, String> expectedReason = Map.of(
                "throwing", "the channel failed: java.lang.IllegalStateException: provider API down",
                "hanging", "the channel did not answer within " + CHANNEL_TIMEOUT,
                "busy", "421 mailbox busy");
        var centreBuilder = CommunicationCentre.builder().store(store()).directory(directory).clock(clock).dispatchSettings(SETTINGS);
        channels.forEach(centreBuilder::deliveryChannel);
        CommunicationCentre centre = centreBuilder.build();
        Map<String, Communication> byChannel = new LinkedHashMap<>();
        for (String channel : channels.keySet()) {
            Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.DEMAND_LETTER, "Service charge " + channel)
                    .channel(channel).build());
            centre.addRecipients(admin, c.id(), directory.unitIds(org));
            centre.send(admin, c.id());
            byChannel.put(channel, c);
        }

        int communications = channels.size();
        for (int attempt = 1; attempt <= SETTINGS.maxAttempts(); attempt++) {
            Instant at = clock.peek();
            DispatchReport round = centre.dispatchDue(org);
            assertThat(round.batches()).as("batches of round %d", attempt).isEqualTo(communications * 2L);
            assertThat(round.lostClaims()).isZero();
            boolean last = attempt == SETTINGS.maxAttempts();
            assertThat(round.retried()).as("retried in round %d", attempt).isEqualTo(last ? 0 : communications * RECIPIENTS);
            assertThat(round.failed()).as("failed in round %d", attempt).isEqualTo(last ? communications * RECIPIENTS : 0);
            assertThat(round.finished()).isEqualTo(last ? communications : 0);
            if (last) {
                break;
            }
            Duration pause = SETTINGS.retryPause(attempt);
            for (Communication c : byChannel.values()) {
                int tried = attempt;
                assertThat(DispatchTrail.recipients(centre, admin, c.id())).allSatisfy(r -> {
                    assertThat(r.deliveryStatus()).isEqualTo(DeliveryStatus.PENDING);
                    assertThat(r.dispatchAttempts()).isEqualTo(tried);
                    assertThat(r.nextAttemptAt()).isEqualTo(at.plus(pause));
                });
            }
            assertThat(centre.dispatchDue(org).batches()).as("nothing is handed over again at once").isZero();
            clock.advance(pause.minusNanos(1_000));
            assertThat(centre.dispatchDue(org).batches()).as("nor a microsecond before its pause is over").isZero();
            clock.advance(Duration.ofNanos(1_000));
        }

        for (Map.Entry<String, Communication> entry : byChannel.entrySet()) {
            String channel = entry.getKey();
            Communication c = centre.getById(admin, entry.getValue().id()).communication();
            assertThat(c.status()).as("status of the %s channel's communication", channel).isEqualTo(CommunicationStatus.FAILED);
            assertThat(c.failureReason()).contains("every one of the " + RECIPIENTS + " recipients failed");
            List<Recipient> recipients = DispatchTrail.recipients(centre, admin, c.id());
            assertThat(recipients).hasSize(RECIPIENTS).allSatisfy(r -> {
                assertThat(r.deliveryStatus()).as("%s on %s", r.unitId(), channel).isEqualTo(DeliveryStatus.FAILED);
                assertThat(r.failureReason()).isEqualTo("gave up after 3 attempts: " + expectedReason.get(channel));
                assertThat(r.dispatchAttempts()).isEqualTo(3);
                assertThat(r.nextAttemptAt()).isNull();
                assertThat(r.providerMessageId()).isNull();
            });
            Map<UUID, List<OutgoingMessage>> handed = channels.get(channel).messages().stream()
                    .collect(Collectors.groupingBy(OutgoingMessage::recipientId));
            assertThat(handed).as("recipients handed to the %s channel", channel).hasSize(RECIPIENTS);
            handed.forEach((id, messages) -> {
                assertThat(messages).extracting(OutgoingMessage::attempt).containsExactly(1, 2, 3);
                assertThat(messages).extracting(OutgoingMessage::idempotencyKey).containsOnly(id.toString());
            });
            DispatchTrail trail = DispatchTrail.of(centre, admin, c.id());
            assertThat(trail.countSum).isEqualTo(3L * RECIPIENTS);
            assertThat(trail.lettersByUnit).hasSize(RECIPIENTS).allSatisfy((unit, letters) -> assertThat(letters).isEqualTo("ttg"));
            assertThat(trail.count(AuditEventType.FAILED)).isEqualTo(1);
            assertThat(trail.count(AuditEventType.SENT)).isZero();
        }
        // The hanging channel's calls were all interrupted when they timed out: no channel thread is left waiting.
        RecordingDeliveryChannel hanging = channels.get("hanging");
        for (int i = 0; i < 500 && interrupted.get() < hanging.batches().size(); i++) {
            Thread.sleep(10);
        }
        assertThat(interrupted.get()).as("hanging calls interrupted").isEqualTo(hanging.batches().size()).isEqualTo(6);

        clock.advance(Duration.ofHours(1));
        assertThat(centre.dispatchDue(org)).as("nothing is left").isEqualTo(DispatchReport.NOTHING);
        assertVerifies(centre);
        System.out.printf("RELIABILITY failing channels on %s: throwing, hanging (%s timeout) and try-later channels,"
                        + " %d recipients each, handed over 3 times each with one key, all failed after the budget; lost: 0%n",
                ground(), CHANNEL_TIMEOUT, RECIPIENTS);
    }

    @Test
    void aFlakyChannelsAnswersAreRecordedExactlyAsGiven() throws InterruptedException {
        long seed = Long.getLong("reliability.dispatch.seed", new Random().nextLong());
        try {
            flaky(seed);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("the flaky channel on " + ground() + " failed with seed " + seed
                    + " (replay: -Dreliability.dispatch.seed=" + seed + "): " + e.getMessage(), e);
        }
    }

    /**
     * The channel decides each batch's fate from the seed: thrown (10%), or per message accepted (45%), rejected (10%),
     * try later (35%) or left unanswered (10%). It writes down the letter each decision must leave in the trail; every
     * tenth unit has no email address and must be failed as unreachable without being handed over.
     */
    private void flaky(long seed) {
        int units = 40;
        directory.addUnits(org, "block-1", "unit-", units);
        Random random = new Random(seed);
        Map<UUID, StringBuilder> expected = new ConcurrentHashMap<>();
        RecordingDeliveryChannel flaky = RecordingDeliveryChannel.scripted(batch -> {
            synchronized (random) {
                if (random.nextInt(10) == 0) {
                    batch.forEach(m -> expect(expected, m, later(m)));
                    throw new IllegalStateException("connection reset");
                }
                List<DeliveryOutcome> answers = new ArrayList<>();
                for (OutgoingMessage m : batch) {
                    int roll = random.nextInt(100);
                    if (roll < 45) {
                        answers.add(DeliveryOutcome.accepted(m.recipientId(), "id-" + m.idempotencyKey()));
                        expect(expected, m, 'a');
                    } else if (roll < 55) {
                        answers.add(DeliveryOutcome.rejected(m.recipientId(), "550 no such mailbox"));
                        expect(expected, m, 'r');
                    } else if (roll < 90) {
                        answers.add(DeliveryOutcome.tryLater(m.recipientId(), "451 greylisted"));
                        expect(expected, m, later(m));
                    } else {
                        expect(expected, m, later(m));
                    }
                }
                return answers;
            }
        }).needingEmail();
        CommunicationCentre centre = CommunicationCentre.builder().store(store()).directory(directory).clock(clock)
                .deliveryChannel("email", flaky).dispatchSettings(SETTINGS).build();
        Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "Flaky").channel("email").build());
        centre.addRecipients(admin, c.id(), directory.unitIds(org));
        centre.send(admin, c.id());

        int rounds = 0;
        while (centre.getById(admin, c.id()).communication().status() == CommunicationStatus.SENDING) {
            assertThat(rounds++).as("rounds; the budget is %d attempts", SETTINGS.maxAttempts()).isLessThan(SETTINGS.maxAttempts());
            assertThat(centre.dispatchDue(org).lostClaims()).isZero();
            clock.advance(SETTINGS.longestRetryPause());
        }

        List<Recipient> recipients = DispatchTrail.recipients(centre, admin, c.id());
        DispatchTrail trail = DispatchTrail.of(centre, admin, c.id());
        int accepted = 0;
        for (Recipient r : recipients) {
            String letters = expected.containsKey(r.id()) ? expected.get(r.id()).toString() : "u";
            if (!expected.containsKey(r.id())) {
                assertThat(r.recipientEmail()).as("only a recipient without an email is never handed over").isNull();
            }
            assertThat(trail.lettersByUnit.get(r.unitId())).as("outcomes of %s", r.unitId()).isEqualTo(letters);
            assertThat(r.dispatchAttempts()).as("attempts of %s", r.unitId()).isEqualTo(letters.length());
            assertThat(r.nextAttemptAt()).isNull();
            char last = letters.charAt(letters.length() - 1);
            switch (last) {
                case 'a' -> {
                    accepted++;
                    assertThat(r.deliveryStatus()).isEqualTo(DeliveryStatus.ACCEPTED);
                    assertThat(r.providerMessageId()).isEqualTo("id-" + r.id());
                }
                case 'r' -> assertThat(r.failureReason()).isEqualTo("rejected by the provider: 550 no such mailbox");
                case 'u' -> assertThat(r.failureReason()).isEqualTo("unreachable on this channel: no email address");
                case 'g' -> assertThat(r.failureReason()).startsWith("gave up after 3 attempts: ");
                default -> throw new AssertionError("a recipient still waiting: " + r.unitId() + " " + letters);
            }
            if (last != 'a') {
                assertThat(r.deliveryStatus()).isEqualTo(DeliveryStatus.FAILED);
                assertThat(r.providerMessageId()).isNull();
            }
        }
        assertThat(trail.countSum).isEqualTo(trail.lettersByUnit.values().stream().mapToInt(String::length).sum());
        Communication finished = centre.getById(admin, c.id()).communication();
        assertThat(finished.status()).isEqualTo(accepted > 0 ? CommunicationStatus.SENT : CommunicationStatus.FAILED);
        assertThat(trail.count(AuditEventType.SENT) + trail.count(AuditEventType.FAILED)).isEqualTo(1);
        assertVerifies(centre);
        System.out.printf("RELIABILITY flaky channel on %s: seed %d, %d recipients, %d batches in %d rounds, %d accepted,"
                        + " every answer recorded as given%n",
                ground(), seed, units, flaky.batches().size(), rounds, accepted);
    }

    private static char later(OutgoingMessage m) {
        return m.attempt() >= SETTINGS.maxAttempts() ? 'g' : 't';
    }

    private static void expect(Map<UUID, StringBuilder> expected, OutgoingMessage m, char letter) {
        expected.computeIfAbsent(m.recipientId(), id -> new StringBuilder()).append(letter);
    }

    private void assertVerifies(CommunicationCentre centre) {
        centre.linkPendingAuditEvents();
        AuditVerification v = centre.verifyAuditTrail(admin);
        assertThat(v.intact()).as("verification: %s", v.findings()).isTrue();
        assertThat(v.pendingEventCount()).isZero();
    }
}
