package io.github.commscentre.reliability.dispatch;

import io.github.commscentre.AuditEvent;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two dispatchers (two application instances: on a database two stores with their own connection pools, in memory two
 * facades on one store), two threads each, racing over 20 due communications in two organisations, half already
 * sending and half scheduled and fallen due, each thread calling {@code dispatchDue()} until a round finds nothing.
 * Within one lease no recipient may be handed to both, nor twice to one: every message is handed over exactly once,
 * each outcome recorded once, each scheduled communication started once, all 20 sent, and both chains intact.
 * Subclasses supply the store.
 */
abstract class TwoDispatchersRaceTestBase {

    private static final int COMMUNICATIONS_PER_ORGANISATION = 10;
    private static final int RECIPIENTS = 30;
    private static final int THREADS_PER_INSTANCE = 2;
    private static final Instant T0 = Instant.parse("2030-04-01T08:00:00Z");

    /** @return where the race runs, for the printed figures */
    abstract String ground();

    /** @return the store of one more application instance; PostgreSQL subclasses skip when it is not configured */
    abstract CommunicationStore newInstance();

    @Test
    void twoDispatchersRacingOverTwentyDueCommunicationsHandEachMessageOverOnceAndRecordItOnce() throws Exception {
        long seed = Long.getLong("reliability.dispatch.seed", new Random().nextLong());
        try {
            race(seed);
        } catch (AssertionError | Exception e) {
            throw new AssertionError("the dispatch race on " + ground() + " failed with seed " + seed
                    + " (replay: -Dreliability.dispatch.seed=" + seed + "): " + e.getMessage(), e);
        }
    }

    private void race(long seed) throws Exception {
        Random random = new Random(seed);
        int batchSize = 3 + random.nextInt(8);
        long[] pauseMillis = {random.nextInt(3), random.nextInt(3)};
        DispatchSettings settings = DispatchSettings.builder().batchSize(batchSize).lease(Duration.ofMinutes(5))
                .channelTimeout(Duration.ofMinutes(1)).build();
        MutableClock clock = MutableClock.at(T0);
        clock.tickOnEveryRead(Duration.ofNanos(1_000));
        List<String> orgs = List.of("org-dispatch-race-a-" + UUID.randomUUID(), "org-dispatch-race-b-" + UUID.randomUUID());
        InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory();
        orgs.forEach(org -> directory.addUnits(org, "block-1", "unit-", RECIPIENTS));

        RecordingDeliveryChannel[] channels = new RecordingDeliveryChannel[2];
        CommunicationCentre[] instances = new CommunicationCentre[2];
        for (int i = 0; i < 2; i++) {
            long pause = pauseMillis[i];
            channels[i] = RecordingDeliveryChannel.scripted(batch -> {
                if (pause > 0) {
                    Thread.sleep(pause);
                }
                return batch.stream().map(m -> DeliveryOutcome.accepted(m.recipientId(), "provider-" + m.idempotencyKey())).toList();
            });
            instances[i] = CommunicationCentre.builder().store(newInstance()).directory(directory).clock(clock)
                    .deliveryChannel("email", channels[i]).dispatchSettings(settings).build();
        }

        List<Communication> due = new ArrayList<>();
        List<UUID> scheduled = new ArrayList<>();
        for (String org : orgs) {
            Caller admin = Caller.admin(org, "admin-1");
            for (int k = 0; k < COMMUNICATIONS_PER_ORGANISATION; k++) {
                CommunicationCentre setup = instances[k % 2];
                NewCommunication.Builder input = NewCommunication.builder(CommunicationType.CIRCULAR, "Circular " + k)
                        .bodyHtml("<p>Bin collection moves to Tuesday.</p>").channel("email");
                boolean later = k % 2 == 1;
                if (later) {
                    input.scheduledAt(clock.peek().plus(Duration.ofMinutes(1)));
                }
                Communication c = setup.create(admin, input.build());
                setup.addRecipients(admin, c.id(), directory.unitIds(org));
                if (later) {
                    scheduled.add(c.id());
                } else {
                    setup.send(admin, c.id());
                }
                due.add(c);
            }
        }
        clock.advance(Duration.ofMinutes(2));

        CyclicBarrier together = new CyclicBarrier(2 * THREADS_PER_INSTANCE);
        List<DispatchReport> reports = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2 * THREADS_PER_INSTANCE; t++) {
            CommunicationCentre instance = instances[t % 2];
            Thread thread = new Thread(() -> {
                try {
                    together.await();
                    DispatchReport round;
                    do {
                        round = instance.dispatchDue();
                        reports.add(round);
                    } while (!round.equals(DispatchReport.NOTHING));
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "dispatcher-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            // Guards the build against a deadlock; not a timing assertion.
            thread.join(TimeUnit.MINUTES.toMillis(3));
            assertThat(thread.isAlive()).as("%s finished", thread.getName()).isFalse();
        }
        if (failure.get() != null) {
            throw new AssertionError("a dispatcher failed: " + failure.get(), failure.get());
        }

        // What the channels were handed: each message once, to one dispatcher only.
        List<OutgoingMessage> handedA = channels[0].messages();
        List<OutgoingMessage> handedB = channels[1].messages();
        List<OutgoingMessage> handed = new ArrayList<>(handedA);
        handed.addAll(handedB);
        int total = orgs.size() * COMMUNICATIONS_PER_ORGANISATION * RECIPIENTS;
        assertThat(handed).as("messages handed over").hasSize(total);
        assertThat(handed).extracting(OutgoingMessage::recipientId).as("no recipient handed over twice or to both").doesNotHaveDuplicates();
        assertThat(handed).allSatisfy(m -> {
            assertThat(m.attempt()).isEqualTo(1);
            assertThat(m.idempotencyKey()).isEqualTo(m.recipientId().toString());
        });

        DispatchReport sum = reports.stream().reduce(DispatchReport.NOTHING, DispatchReport::plus);
        assertThat(sum.started()).as("scheduled communications started, each once").isEqualTo(scheduled.size());
        assertThat(sum.accepted()).as("outcomes recorded").isEqualTo(total);
        assertThat(sum.finished()).isEqualTo(due.size());
        assertThat(sum.failed() + sum.retried() + sum.lostClaims()).isZero();

        // What the store and the trail say: each outcome recorded once, each communication started and sent once.
        Map<UUID, Long> handedPerCommunication = handed.stream()
                .collect(Collectors.groupingBy(OutgoingMessage::communicationId, Collectors.counting()));
        for (Communication c : due) {
            Caller admin = Caller.admin(c.organisationId(), "admin-1");
            Communication now = instances[0].getById(admin, c.id()).communication();
            assertThat(now.status()).as("status of %s", c.subject()).isEqualTo(CommunicationStatus.SENT);
            assertThat(handedPerCommunication.get(c.id())).isEqualTo(RECIPIENTS);
            DispatchTrail trail = DispatchTrail.of(instances[1], admin, c.id());
            assertThat(trail.count(AuditEventType.DISPATCH_STARTED)).as("dispatch_started events").isEqualTo(1);
            assertThat(trail.count(AuditEventType.SENT)).as("sent events").isEqualTo(1);
            assertThat(trail.countSum).as("sum of the dispatch_batch counts").isEqualTo(RECIPIENTS);
            assertThat(trail.lettersByUnit).hasSize(RECIPIENTS).allSatisfy((unit, letters) -> assertThat(letters).isEqualTo("a"));
            assertThat(trail.batches()).allSatisfy(b -> assertThat(b.unitIds().size()).isLessThanOrEqualTo(batchSize));
            if (scheduled.contains(c.id())) {
                assertThat(now.sentBy()).isEqualTo(CommunicationCentre.DISPATCHER_USER_ID);
                AuditEvent started = trail.events.stream().filter(e -> e.type() == AuditEventType.DISPATCH_STARTED)
                        .findFirst().orElseThrow();
                assertThat(started.actorUserId()).isEqualTo(CommunicationCentre.DISPATCHER_USER_ID);
            }
            for (Recipient r : DispatchTrail.recipients(instances[0], admin, c.id())) {
                assertThat(r.deliveryStatus()).as("status of %s", r.unitId()).isEqualTo(DeliveryStatus.ACCEPTED);
                assertThat(r.providerMessageId()).isEqualTo("provider-" + r.id());
                assertThat(r.dispatchAttempts()).isEqualTo(1);
            }
        }
        instances[0].linkPendingAuditEvents();
        for (String org : orgs) {
            AuditVerification v = instances[1].verifyAuditTrail(Caller.admin(org, "admin-1"));
            assertThat(v.intact()).as("verification of %s: %s", org, v.findings()).isTrue();
            assertThat(v.pendingEventCount()).isZero();
        }
        assertThat(instances[0].dispatchDue()).as("nothing is left").isEqualTo(DispatchReport.NOTHING);

        System.out.printf("RELIABILITY dispatch race on %s: seed %d, batches of %d, %d due communications (%d scheduled),"
                        + " %,d messages: %,d handed by instance A, %,d by B, %d rounds; none handed twice, each recorded once%n",
                ground(), seed, batchSize, due.size(), scheduled.size(), total, handedA.size(), handedB.size(), reports.size());
    }
}
