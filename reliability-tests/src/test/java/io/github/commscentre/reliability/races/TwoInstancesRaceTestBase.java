package io.github.commscentre.reliability.races;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.jpa.JpaCommunicationStore;
import io.github.commscentre.reliability.support.ClassDatabase;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application instances (two entity manager factories, two connection pools) and eight threads on the same
 * communications of one database: nothing sent ever changes, the audit chain never forks, and every loser of a
 * race gets {@code CONFLICT}. Subclasses supply the database: H2 and PostgreSQL.
 */
abstract class TwoInstancesRaceTestBase {

    static final int THREADS = 8;

    /** @return the database of the test class; PostgreSQL subclasses skip when it is not configured */
    abstract ClassDatabase database();

    private final String org = "org-" + UUID.randomUUID();
    private final Caller admin = Caller.admin(org, "user-race");
    private final InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory().addUnits(org, "block-1", "unit-", 400);
    private final List<JpaCommunicationStore> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopInstances() {
        started.forEach(JpaCommunicationStore::close);
    }

    /** @return two application instances on the test's database: two stores, each with its own connection pool */
    private CommunicationCentre[] instances() {
        return new CommunicationCentre[]{instance(), instance()};
    }

    private CommunicationCentre instance() {
        JpaCommunicationStore store = database().database().newStore();
        started.add(store);
        return CommunicationCentre.builder().store(store).directory(directory).clock(Clock.systemUTC()).build();
    }

    /** @return unit-1 to unit-{@code count}, all in the directory's block-1 */
    private static List<String> units(int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            ids.add("unit-" + i);
        }
        return ids;
    }

    @Test
    void eightSendersOfOneCommunicationOnTwoInstancesLeaveOneWinnerAndSevenConflicts() throws Exception {
        CommunicationCentre[] instances = instances();
        for (int round = 0; round < 3; round++) {
            Communication c = instances[0].create(admin, NewCommunication.builder(CommunicationType.NOTICE, "round " + round).build());
            instances[1].addRecipients(admin, c.id(), units(50));
            CyclicBarrier together = new CyclicBarrier(THREADS);
            List<Communication> winners = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger conflicts = new AtomicInteger();

            runConcurrently(worker -> {
                await(together);
                try {
                    winners.add(instances[worker % 2].markSent(admin, c.id()));
                } catch (CommunicationCentreException e) {
                    assertThat(e.code()).as("a loser's code").isEqualTo(ErrorCode.CONFLICT);
                    conflicts.incrementAndGet();
                }
            });

            assertThat(winners).hasSize(1);
            assertThat(conflicts.get()).isEqualTo(THREADS - 1);
            assertThat(instances[1].getById(admin, c.id()).communication()).isEqualTo(winners.get(0));
            assertThat(instances[0].auditTrail(admin, c.id())).extracting(AuditEvent::type)
                    .containsExactly(AuditEventType.CREATED, AuditEventType.RECIPIENTS_ADDED, AuditEventType.SENT);
        }
        assertThat(instances[0].verifyAuditTrail(admin).intact()).isTrue();
    }

    @Test
    void theFirstWritesOfANewOrganisationCreateItsChainHeadOnceWithoutFailing() throws Exception {
        CommunicationCentre[] instances = instances();
        for (int round = 0; round < 3; round++) {
            Caller fresh = Caller.admin("org-" + UUID.randomUUID(), "user-first");
            CyclicBarrier together = new CyclicBarrier(THREADS);
            AtomicInteger created = new AtomicInteger();

            runConcurrently(worker -> {
                await(together);
                instances[worker % 2].create(fresh, NewCommunication.builder(CommunicationType.NOTICE, "first " + worker).build());
                created.incrementAndGet();
            });

            assertThat(created.get()).isEqualTo(THREADS);
            for (CommunicationCentre instance : instances) {
                instance.linkPendingAuditEvents(); // what the instances' linkers had not linked when the calls returned
            }
            AuditVerification verification = instances[1].verifyAuditTrail(fresh);
            assertThat(verification.intact()).as(verification.firstProblem().orElse(null)).isTrue();
            assertThat(verification.eventsChecked()).isEqualTo(THREADS);
        }
    }

    @Test
    void recipientsRacingMarkSentNeverJoinASentCommunication() throws Exception {
        CommunicationCentre[] instances = instances();
        Communication c = instances[0].create(admin, NewCommunication.builder(CommunicationType.CIRCULAR, "racing").build());
        instances[0].addRecipients(admin, c.id(), List.of("unit-1"));
        CyclicBarrier together = new CyclicBarrier(THREADS);
        AtomicInteger added = new AtomicInteger(1);

        runConcurrently(worker -> {
            await(together);
            CommunicationCentre instance = instances[worker % 2];
            try {
                if (worker == 3) {
                    instance.markSent(admin, c.id());
                } else {
                    for (int batch = 0; batch < 5; batch++) {
                        List<String> units = new ArrayList<>();
                        for (int k = 0; k < 8; k++) {
                            units.add("unit-" + (2 + worker * 40 + batch * 8 + k));
                        }
                        added.addAndGet(instance.addRecipients(admin, c.id(), units).added());
                    }
                }
            } catch (CommunicationCentreException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
            }
        });

        Communication sent = instances[1].getById(admin, c.id()).communication();
        assertThat(sent.status()).isEqualTo(CommunicationStatus.SENT);
        AuditEvent sentEvent = instances[1].auditTrail(admin, c.id()).stream()
                .filter(e -> e.type() == AuditEventType.SENT).findFirst().orElseThrow();
        long recipients = instances[1].getById(admin, c.id()).recipientCount();
        assertThat(recipients).as("every added recipient was added before sending")
                .isEqualTo(Long.parseLong(sentEvent.details().get("recipientCount")))
                .isEqualTo(added.get());
        assertThat(instances[0].verifyAuditTrail(admin).intact()).isTrue();
    }

    @Test
    void aRandomMixOfCallsOnSharedCommunicationsLosesNothingAndChangesNothingSent() throws Exception {
        long seed = System.nanoTime();
        try {
            mixedWorkload(seed);
        } catch (AssertionError | Exception e) {
            throw new AssertionError("failed with seed " + seed + " (replay: mixedWorkload(" + seed + "L)): " + e, e);
        }
    }

    private void mixedWorkload(long seed) throws Exception {
        CommunicationCentre[] instances = instances();
        List<UUID> shared = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Communication c = instances[i % 2].create(admin, NewCommunication.builder(CommunicationType.NOTICE, "shared " + i)
                    .blockId("block-1").build());
            instances[(i + 1) % 2].addRecipients(admin, c.id(), units(20));
            shared.add(c.id());
        }
        Map<UUID, Communication> finished = new ConcurrentHashMap<>();
        Set<UUID> copies = ConcurrentHashMap.newKeySet();
        AtomicInteger successes = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        int callsPerThread = 25;

        runConcurrently(worker -> {
            Random random = new Random(seed + worker);
            CommunicationCentre instance = instances[worker % 2];
            for (int call = 0; call < callsPerThread; call++) {
                UUID id = shared.get(random.nextInt(shared.size()));
                try {
                    switch (random.nextInt(7)) {
                        case 0 -> instance.update(admin, id, CommunicationChanges.builder().notes("w" + worker + " c" + call).build());
                        case 1 -> {
                            List<String> units = new ArrayList<>();
                            for (int k = 0; k < 1 + random.nextInt(30); k++) {
                                units.add("unit-" + (1 + random.nextInt(400)));
                            }
                            instance.addRecipients(admin, id, units);
                        }
                        case 2 -> {
                            Communication done = instance.markSent(admin, id);
                            assertThat(finished.put(id, done)).as("finished twice").isNull();
                        }
                        case 3 -> {
                            Communication done = instance.markFailed(admin, id, "worker " + worker + " gave up");
                            assertThat(finished.put(id, done)).as("finished twice").isNull();
                        }
                        case 4 -> copies.add(instance.duplicate(admin, id, random.nextBoolean()).id());
                        case 5 -> {
                            List<Recipient> some = instance.listRecipients(admin, id, RecipientFilter.all(), PageRequest.first(20)).items();
                            if (!some.isEmpty()) {
                                DeliveryStatus[] statuses = DeliveryStatus.values();
                                instance.updateRecipientStatus(admin, some.get(random.nextInt(some.size())).id(),
                                        statuses[1 + random.nextInt(statuses.length - 1)], null);
                            }
                        }
                        default -> instance.getById(admin, id);
                    }
                    successes.incrementAndGet();
                } catch (CommunicationCentreException e) {
                    assertThat(e.code()).as("outcome of a lost race: %s", e.getMessage()).isEqualTo(ErrorCode.CONFLICT);
                    conflicts.incrementAndGet();
                }
            }
        });

        System.out.printf("[%s] mixed workload seed %d: %d calls succeeded, %d conflicts%n",
                database().database().kind(), seed, successes.get(), conflicts.get());
        assertThat(successes.get() + conflicts.get()).isEqualTo(THREADS * callsPerThread);
        for (Map.Entry<UUID, Communication> done : finished.entrySet()) {
            assertThat(instances[0].getById(admin, done.getKey()).communication()).as("a finished communication never changes")
                    .isEqualTo(done.getValue());
        }
        for (UUID id : shared) {
            List<Recipient> all = new ArrayList<>();
            String cursor = null;
            do {
                var page = instances[1].listRecipients(admin, id, RecipientFilter.all(),
                        cursor == null ? PageRequest.first(100) : PageRequest.after(cursor, 100));
                all.addAll(page.items());
                cursor = page.nextCursor();
            } while (cursor != null);
            Set<String> units = new HashSet<>();
            all.forEach(r -> assertThat(units.add(r.unitId())).as("unit %s twice", r.unitId()).isTrue());
            assertThat(all).extracting(Recipient::position).doesNotHaveDuplicates();
        }
        AuditVerification verification = instances[0].verifyAuditTrail(admin);
        assertThat(verification.intact()).as(verification.firstProblem().orElse(null)).isTrue();
        assertThat(instances[1].count(admin, CommunicationFilter.all())).isEqualTo(shared.size() + copies.size());
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void runConcurrently(IntConsumer task) throws InterruptedException {
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            int worker = i;
            Thread thread = new Thread(() -> {
                try {
                    task.accept(worker);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "race-worker-" + i);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            // Guards the build against a deadlock; not a timing assertion.
            thread.join(TimeUnit.MINUTES.toMillis(4));
            assertThat(thread.isAlive()).as("%s finished", thread.getName()).isFalse();
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError(failures.size() + " workers failed, first: " + failures.get(0), failures.get(0));
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }
}
