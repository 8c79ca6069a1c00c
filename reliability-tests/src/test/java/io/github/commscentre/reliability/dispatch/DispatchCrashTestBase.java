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
import io.github.commscentre.NewCommunication;
import io.github.commscentre.Recipient;
import io.github.commscentre.reliability.support.ClassDatabase;
import io.github.commscentre.reliability.support.Databases.Database;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import io.github.commscentre.testkit.MutableClock;
import io.github.commscentre.testkit.RecordingDeliveryChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dispatcher killed with {@code SIGKILL} at a random point (while claiming, while its channel holds a batch, while
 * recording outcomes, while linking the chain: wherever the kill lands) loses nothing: a second dispatcher, once the
 * dead one's leases have lapsed, finishes the communication; every recipient ends with exactly one recorded outcome,
 * accepted with the provider's message id; the trail's {@code dispatch_batch} events account for every recipient once;
 * the chain verifies; and every message handed over twice carried the same idempotency key, so a provider that honours
 * the key sent it once.
 *
 * <p>Each run plans its crash from a seed (batch size, a pause in the channel, and the kill point: after a number of
 * messages handed over, or a delay after the first), starts {@link CrashingDispatcher} in a JVM of its own on the
 * test's database, kills it with {@link Process#destroyForcibly()}, and recovers in this JVM with a clock past the
 * lease. Where exactly the kill lands depends on timing as well as the seed, which the failure message prints.
 * {@code -Dreliability.dispatch.crashRuns=N} runs more (default 3), {@code -Dreliability.dispatch.crashRecipients=N}
 * sizes each (default 300), {@code -Dreliability.dispatch.seed=S} replays a run. Subclasses supply the database, which
 * both JVMs must be able to open.
 */
abstract class DispatchCrashTestBase {

    static final int RUNS = Integer.getInteger("reliability.dispatch.crashRuns", 3);
    static final int RECIPIENTS = Integer.getInteger("reliability.dispatch.crashRecipients", 300);

    /** Where the clocks start; the child's starts a minute later, the recovery's past the child's lease. */
    private static final Instant T0 = Instant.parse("2030-03-01T09:00:00Z");
    private static final Instant CHILD_START = T0.plus(Duration.ofMinutes(1));
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);

    /** @return the test class's database; PostgreSQL subclasses skip when it is not configured */
    abstract ClassDatabase database();

    /** What one run saw, for the figures the test prints. */
    private record Run(long seed, Plan plan, int handedByChild, int recordedByChild, int handedTwice,
                       boolean childFinishedFirst, double prepared, double killedAfter, double recoveredAfter, double seconds) {
    }

    @Test
    void aDispatcherKilledAtAnyPointLosesNothingAndTheNextFinishesWithTheSameKeys(@TempDir Path dir) throws Exception {
        long base = Long.getLong("reliability.dispatch.seed", new Random().nextLong());
        long started = System.nanoTime();
        List<Run> runs = new ArrayList<>();
        // Each run's dispatcher JVM starts during the run before, so that the runs do not wait for JVMs to start.
        Child next = Child.start(base, dir.resolve("run-0"), database().database());
        try {
            for (int i = 0; i < RUNS; i++) {
                Child child = next;
                next = i + 1 < RUNS ? Child.start(base + i + 1, dir.resolve("run-" + (i + 1)), database().database()) : null;
                try {
                    runs.add(crashAndRecover(child));
                } catch (AssertionError | Exception e) {
                    throw new AssertionError("dispatch crash run " + i + " on " + database().database().kind() + " failed with seed "
                            + child.seed + " (" + child.plan + "; replay: -Dreliability.dispatch.seed=" + child.seed
                            + " -Dreliability.dispatch.crashRuns=1): " + e.getMessage() + "\nthe killed dispatcher printed:\n"
                            + child.output(), e);
                } finally {
                    child.kill();
                }
            }
        } finally {
            if (next != null) {
                next.kill();
            }
        }
        System.out.printf("RELIABILITY dispatch crash on %s: %d runs of %d recipients (seeds %d..%d) in %.1f s; killed after %s"
                        + " hand-overs (%s recorded by the killed dispatcher); handed twice, same key: %s; finished before the"
                        + " kill: %d; communication prepared in %s s, dispatcher killed after %s s, recovered after %s s more,"
                        + " run with its checks %s s; lost: 0%n",
                database().database().kind(), RUNS, RECIPIENTS, base, base + RUNS - 1, (System.nanoTime() - started) / 1e9,
                join(runs, r -> String.valueOf(r.handedByChild())),
                join(runs, r -> String.valueOf(r.recordedByChild())),
                join(runs, r -> String.valueOf(r.handedTwice())),
                runs.stream().filter(Run::childFinishedFirst).count(),
                join(runs, r -> String.format(Locale.ROOT, "%.1f", r.prepared())),
                join(runs, r -> String.format(Locale.ROOT, "%.1f", r.killedAfter())),
                join(runs, r -> String.format(Locale.ROOT, "%.1f", r.recoveredAfter())),
                join(runs, r -> String.format(Locale.ROOT, "%.1f", r.seconds())));
    }

    private static String join(List<Run> runs, Function<Run, String> figure) {
        return runs.stream().map(figure).collect(Collectors.joining(", "));
    }

    /** A dispatcher JVM of one run, started before its communication exists and waiting for the signal to go. */
    private static final class Child {
        final long seed;
        final Plan plan;
        final String org = "org-crash-" + UUID.randomUUID();
        final Path handOvers;
        final Path go;
        final Path output;
        final Process process;

        private Child(long seed, Path dir, Database db) throws IOException {
            this.seed = seed;
            this.plan = Plan.of(seed);
            Files.createDirectories(dir);
            handOvers = Files.createFile(dir.resolve("hand-overs.txt"));
            go = dir.resolve("go");
            output = dir.resolve("child-output.txt");
            process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-Dorg.jboss.logging.provider=slf4j", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-Dorg.slf4j.simpleLogger.log.org.hibernate=error",
                    "-cp", System.getProperty("java.class.path"), CrashingDispatcher.class.getName(),
                    db.jdbcUrl(), orDash(db.user()), orDash(db.password()), org, CHILD_START.toString(),
                    String.valueOf(plan.batchSize()), String.valueOf(plan.pauseMillis()), handOvers.toString(), go.toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        }

        static Child start(long seed, Path dir, Database db) throws IOException {
            return new Child(seed, dir, db);
        }

        void go() throws IOException {
            Files.createFile(go);
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        String output() {
            try {
                return Files.readString(output, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        }
    }

    /**
     * What a seed decides: the batch size, a pause in the child's channel after each batch (so that kills land in the
     * channel too, after the messages were handed over and before their outcomes are recorded), and when to kill.
     */
    private record Plan(int batchSize, long pauseMillis, boolean killByCount, int killAfterMessages, long killDelayMillis) {

        static Plan of(long seed) {
            Random random = new Random(seed);
            return new Plan(5 + random.nextInt(60), random.nextInt(3) == 0 ? 1 + random.nextInt(10) : 0, random.nextBoolean(),
                    1 + random.nextInt(RECIPIENTS - 1), random.nextInt(400));
        }

        @Override
        public String toString() {
            return "batches of " + batchSize + ", channel pause " + pauseMillis + " ms, kill "
                    + (killByCount ? "after " + killAfterMessages + " messages" : killDelayMillis + " ms after the first message");
        }
    }

    private Run crashAndRecover(Child child) throws Exception {
        long started = System.nanoTime();
        Plan plan = child.plan;
        String org = child.org;
        Caller admin = Caller.admin(org, "admin-1");
        InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory().addUnits(org, "block-1", "unit-", RECIPIENTS);
        MutableClock clock = MutableClock.at(T0);
        clock.tickOnEveryRead(Duration.ofNanos(1_000));
        RecordingDeliveryChannel recovering = RecordingDeliveryChannel.acceptingAll();
        CommunicationCentre centre = CommunicationCentre.builder().store(database().store()).directory(directory).clock(clock)
                .deliveryChannel("email", recovering).dispatchSettings(CrashingDispatcher.settings(plan.batchSize())).build();
        Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "Major works")
                .bodyHtml("<p>Scaffolding goes up on Monday.</p>").channel("email").build());
        centre.addRecipients(admin, c.id(), directory.unitIds(org));
        assertThat(centre.send(admin, c.id()).status()).isEqualTo(CommunicationStatus.SENDING);

        // The dispatcher to kill.
        long going = System.nanoTime();
        child.go();
        boolean killed = killWhenPlanned(child.process, child.handOvers, plan);
        child.kill();
        long killedAt = System.nanoTime();
        if (!killed) {
            assertThat(child.process.exitValue()).as("exit code of the dispatcher, which ended by itself before the kill")
                    .isZero();
            assertThat(child.output()).as("the dispatcher's output").contains("DONE");
        }
        List<HandOver> byChild = read("child", child.handOvers);

        // The recovery: a dispatcher in this JVM whose clock is past the dead one's leases.
        Instant recoveryStart = CHILD_START.plus(CrashingDispatcher.LEASE).plus(Duration.ofMinutes(1));
        clock.set(recoveryStart);
        DispatchReport recovery = DispatchReport.NOTHING;
        long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
        while (centre.getById(admin, c.id()).communication().status() == CommunicationStatus.SENDING) {
            DispatchReport round = centre.dispatchDue(org);
            recovery = recovery.plus(round);
            if (round.equals(DispatchReport.NOTHING)) {
                // Rows the dead session still locks are skipped until the database has noticed it is gone.
                assertThat(System.nanoTime()).as("the recovery finished within %s (%s)", RECOVERY_TIMEOUT, plan)
                        .isLessThan(deadline);
                Thread.sleep(50);
            }
        }
        long recoveredAt = System.nanoTime();
        List<HandOver> bySecond = recovering.messages().stream().map(m -> HandOver.of("second", m)).toList();
        centre.linkPendingAuditEvents();

        // The records: every recipient accepted once, with the provider's id.
        List<Recipient> recipients = DispatchTrail.recipients(centre, admin, c.id());
        assertThat(recipients).hasSize(RECIPIENTS).allSatisfy(r -> {
            assertThat(r.deliveryStatus()).as("status of %s", r.unitId()).isEqualTo(DeliveryStatus.ACCEPTED);
            assertThat(r.providerMessageId()).as("provider message id of %s", r.unitId()).isEqualTo("provider-" + r.id());
            assertThat(r.nextAttemptAt()).as("next attempt of %s", r.unitId()).isNull();
        });
        assertThat(centre.getById(admin, c.id()).communication().status()).isEqualTo(CommunicationStatus.SENT);

        // The trail: each unit in exactly one applied outcome, the counts summing to the recipients, one start, one end.
        DispatchTrail trail = DispatchTrail.of(centre, admin, c.id());
        assertThat(trail.countSum).as("sum of the dispatch_batch counts").isEqualTo(RECIPIENTS);
        assertThat(trail.lettersByUnit).as("outcomes recorded per unit").hasSize(RECIPIENTS).allSatisfy((unit, letters) ->
                assertThat(letters).as("outcomes of %s", unit).isEqualTo("a"));
        assertThat(trail.count(AuditEventType.DISPATCH_STARTED)).isEqualTo(1);
        assertThat(trail.count(AuditEventType.SENT)).isEqualTo(1);
        AuditEvent sent = trail.events.stream().filter(e -> e.type() == AuditEventType.SENT).findFirst().orElseThrow();
        assertThat(sent.details()).containsEntry("recipientCount", String.valueOf(RECIPIENTS)).containsEntry("failedRecipients", "0");
        AuditVerification verification = centre.verifyAuditTrail(admin);
        assertThat(verification.intact()).as("verification: %s", verification.findings()).isTrue();
        assertThat(verification.pendingEventCount()).isZero();

        // The channels' side: which recipients the killed dispatcher got recorded, and what was handed again.
        Map<String, Recipient> byUnit = recipients.stream().collect(Collectors.toMap(Recipient::unitId, Function.identity()));
        Set<UUID> recordedByChild = new HashSet<>();
        for (AuditEvent batch : trail.batches()) {
            if (batch.occurredAt().isBefore(recoveryStart)) {
                batch.unitIds().forEach(unit -> recordedByChild.add(byUnit.get(unit).id()));
            }
        }
        Set<UUID> all = recipients.stream().map(Recipient::id).collect(Collectors.toSet());
        Set<UUID> notRecordedByChild = new HashSet<>(all);
        notRecordedByChild.removeAll(recordedByChild);
        assertThat(bySecond).as("the second dispatcher hands over exactly what the killed one did not get recorded")
                .extracting(HandOver::recipientId).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(notRecordedByChild);
        assertThat(byChild).as("the killed dispatcher handed each message over once").extracting(HandOver::recipientId)
                .doesNotHaveDuplicates().isSubsetOf(all).containsAll(recordedByChild);
        assertThat(recovery.lostClaims()).isZero();
        assertThat(recovery.accepted()).isEqualTo(notRecordedByChild.size());

        List<HandOver> every = new ArrayList<>(byChild);
        every.addAll(bySecond);
        assertThat(every).as("every message carries its recipient's id as its idempotency key")
                .allSatisfy(h -> assertThat(h.idempotencyKey()).isEqualTo(h.recipientId().toString()));
        Map<UUID, List<HandOver>> perRecipient = every.stream().collect(Collectors.groupingBy(HandOver::recipientId));
        int handedTwice = 0;
        for (Recipient r : recipients) {
            List<HandOver> handed = perRecipient.getOrDefault(r.id(), List.of());
            assertThat(handed).as("hand-overs of %s", r.unitId()).isNotEmpty();
            assertThat(handed.stream().map(HandOver::idempotencyKey).distinct()).as("keys of %s", r.unitId()).hasSize(1);
            assertThat(handed.stream().mapToInt(HandOver::attempt).max().orElseThrow())
                    .as("the recorded attempts of %s are those of its last hand-over", r.unitId()).isEqualTo(r.dispatchAttempts());
            if (handed.size() > 1) {
                handedTwice++;
                assertThat(handed.get(1).attempt()).as("attempts of %s", r.unitId()).isGreaterThan(handed.get(0).attempt());
            }
        }
        return new Run(child.seed, plan, byChild.size(), recordedByChild.size(), handedTwice, !killed, (going - started) / 1e9,
                (killedAt - going) / 1e9,
                (recoveredAt - killedAt) / 1e9, (System.nanoTime() - started) / 1e9);
    }

    /**
     * Watches the child's file and kills the child as planned.
     *
     * @return whether it was killed (false: it finished first)
     */
    private static boolean killWhenPlanned(Process child, Path handOvers, Plan plan) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + CHILD_TIMEOUT.toNanos();
        long firstSeen = -1;
        while (child.isAlive()) {
            long lines = completeLines(handOvers);
            if (lines > 0 && firstSeen < 0) {
                firstSeen = System.nanoTime();
            }
            boolean due = plan.killByCount() ? lines >= plan.killAfterMessages()
                    : firstSeen >= 0 && System.nanoTime() - firstSeen >= TimeUnit.MILLISECONDS.toNanos(plan.killDelayMillis());
            if (due) {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
                return true;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the dispatcher to kill handed " + lines + " messages over in " + CHILD_TIMEOUT
                        + " without finishing");
            }
            Thread.sleep(1);
        }
        return false;
    }

    private static long completeLines(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long lines = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }

    /** @return the complete lines of the file as hand-overs; a line cut by the kill (none so far) is not one */
    private static List<HandOver> read(String by, Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        List<HandOver> handed = new ArrayList<>();
        int start = 0;
        for (int end = text.indexOf('\n'); end >= 0; start = end + 1, end = text.indexOf('\n', start)) {
            handed.add(HandOver.parse(by, text.substring(start, end)));
        }
        return handed;
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
