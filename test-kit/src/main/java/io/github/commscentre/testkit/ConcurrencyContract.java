package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.Communication;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.spi.StoreTransaction;
import io.github.commscentre.testkit.StoreTestData.CommunicationBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static io.github.commscentre.testkit.StoreTestData.auditEvent;
import static io.github.commscentre.testkit.StoreTestData.communication;
import static io.github.commscentre.testkit.StoreTestData.hash;
import static io.github.commscentre.testkit.StoreTestData.recipient;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads at once: writers of one communication under its lock lose no update and never fork the chain,
 * recipients added under the lock get distinct positions, readers always see a consistent view, and dispatchers
 * claiming at once never share a recipient nor wait for each other's.
 */
abstract class ConcurrencyContract extends StoreContractFixture {

    @Test
    void concurrentWritersOfOneCommunicationLoseNoUpdateAndNeverForkTheChain() throws InterruptedException {
        Communication c = communication(org).build();
        insert(c);
        int threads = 6;
        int perThread = 20;

        runConcurrently(threads, worker -> {
            for (int i = 0; i < perThread; i++) {
                String note = worker + "/" + i;
                store().write(org, tx -> {
                    Communication locked = tx.lockCommunication(c.id()).orElseThrow();
                    Communication next = CommunicationBuilder.from(locked).nextVersion().notes(note).build();
                    if (!tx.updateCommunication(next, locked.version())) {
                        throw new AssertionError("compare-and-set failed under the communication's lock: a lost update");
                    }
                    AuditChainHead head = tx.tryLockAuditChain().orElseThrow();
                    long sequence = head.lastSequence() + 1;
                    tx.appendAuditEvents(List.of(auditEvent(org, sequence, c.id()).previousHash(head.lastHash())
                            .hash(hash(head.lastHash() + "|" + sequence)).details(Map.of("note", note)).build()));
                    return null;
                });
            }
        });

        int total = threads * perThread;
        assertThat(find(org, c.id()).orElseThrow().version()).isEqualTo(total);
        List<AuditEvent> events = allEvents(org);
        assertThat(events).extracting(AuditEvent::sequence)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        String previous = AuditEvent.GENESIS_HASH;
        for (AuditEvent event : events) {
            assertThat(event.previousHash()).as("link at %d", event.sequence()).isEqualTo(previous);
            previous = event.hash();
        }
        assertThat(events).extracting(e -> e.details().get("note")).doesNotHaveDuplicates().hasSize(total);
        assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead())).isEqualTo(new AuditChainHead(org, total, previous));
    }

    @Test
    void concurrentRecipientAddsUnderTheCommunicationLockGetDistinctPositions() throws InterruptedException {
        Communication c = communication(org).build();
        insert(c);
        int threads = 4;
        int perThread = 10;
        int batch = 5;

        runConcurrently(threads, worker -> {
            for (int i = 0; i < perThread; i++) {
                int call = i;
                store().write(org, tx -> {
                    tx.lockCommunication(c.id()).orElseThrow();
                    long max = tx.recipientStats(c.id()).maxPosition();
                    List<String> units = IntStream.range(0, batch).mapToObj(k -> "unit-" + worker + "-" + call + "-" + k).toList();
                    // Every worker also offers a unit that all of them share: exactly one may add it.
                    List<String> candidates = new ArrayList<>(units);
                    candidates.add("unit-shared");
                    Set<String> existing = tx.existingRecipientUnitIds(c.id(), candidates);
                    List<Recipient> added = new ArrayList<>();
                    for (String unit : candidates) {
                        if (!existing.contains(unit)) {
                            added.add(recipient(c, unit, max + added.size() + 1).build());
                        }
                    }
                    tx.insertRecipients(added);
                    return null;
                });
            }
        });

        List<Recipient> all = recipientsOf(org, c.id());
        int total = threads * perThread * batch + 1;
        assertThat(all).hasSize(total);
        assertThat(all).extracting(Recipient::position)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        assertThat(all).extracting(Recipient::unitId).doesNotHaveDuplicates().contains("unit-shared");
        assertThat(read(org, (StoreTransaction tx) -> tx.recipientStats(c.id())).total()).isEqualTo(total);
    }

    @Test
    void readersSeeAConsistentViewWhileWritersCommit() throws InterruptedException {
        Communication c = communication(org).build();
        insert(c);
        int writers = 3;
        int perWriter = 25;
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong reads = new AtomicLong();
        CountDownLatch writersDone = new CountDownLatch(writers);

        runConcurrently(writers + 2, worker -> {
            if (worker < writers) {
                try {
                    for (int i = 0; i < perWriter; i++) {
                        store().write(org, tx -> {
                            Communication locked = tx.lockCommunication(c.id()).orElseThrow();
                            assertThat(tx.updateCommunication(CommunicationBuilder.from(locked).nextVersion().build(), locked.version())).isTrue();
                            AuditChainHead head = tx.tryLockAuditChain().orElseThrow();
                            long sequence = head.lastSequence() + 1;
                            tx.appendAuditEvents(List.of(auditEvent(org, sequence, c.id())
                                    .previousHash(head.lastHash()).hash(hash(org + sequence)).build()));
                            return null;
                        });
                    }
                } finally {
                    writersDone.countDown();
                    if (writersDone.getCount() == 0) {
                        writing.set(false);
                    }
                }
                return;
            }
            do {
                store().read(org, tx -> {
                    long version = tx.findCommunication(c.id()).orElseThrow().version();
                    long head = tx.auditChainHead().lastSequence();
                    int events = tx.auditEventsOf(c.id()).size();
                    // Each write moves all three together; a torn view would show them apart.
                    assertThat(head).as("head vs version").isEqualTo(version);
                    assertThat(events).as("events vs version").isEqualTo(version);
                    return null;
                });
                reads.incrementAndGet();
            } while (writing.get());
        });

        assertThat(reads.get()).isPositive();
        assertThat(find(org, c.id()).orElseThrow().version()).isEqualTo(writers * perWriter);
        assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead()).lastSequence()).isEqualTo(writers * perWriter);
        assertThat(new HashSet<>(allEvents(org).stream().map(AuditEvent::hash).toList())).hasSize(writers * perWriter);
    }

    @Test
    void aSecondClaimWhileTheFirstIsOpenTakesOtherRecipientsWithoutWaiting() throws InterruptedException {
        Communication c = sendingWith(org, 10);
        List<Recipient> all = recipientsOf(org, c.id());
        Instant now = DispatchClaimsContract.NOW;
        Instant lease = DispatchClaimsContract.LEASE;
        CountDownLatch firstClaimed = new CountDownLatch(1);
        CountDownLatch secondReturned = new CountDownLatch(1);
        AtomicBoolean secondStarted = new AtomicBoolean();
        AtomicReference<List<Recipient>> second = new AtomicReference<>();
        AtomicReference<Throwable> secondFailure = new AtomicReference<>();
        Thread secondDispatcher = new Thread(() -> {
            try {
                firstClaimed.await();
                second.set(store().write(org, tx -> {
                    secondStarted.set(true);
                    return tx.claimRecipients(c.id(), now, UUID.randomUUID(), lease, 3);
                }));
            } catch (Throwable e) {
                secondFailure.set(e);
            } finally {
                secondReturned.countDown();
            }
        }, "store-contract-second-dispatcher");
        secondDispatcher.start();

        AtomicBoolean concurrent = new AtomicBoolean();
        List<Recipient> first = store().write(org, tx -> {
            List<Recipient> claimed = tx.claimRecipients(c.id(), now, UUID.randomUUID(), lease, 3);
            firstClaimed.countDown();
            // A database store starts the second unit of work at once; a store that runs an organisation's writes one
            // at a time (the in-memory one) queues it behind this one, where it can claim only after this commits.
            concurrent.set(startsWhileThisIsOpen(secondStarted, secondDispatcher));
            if (concurrent.get()) {
                assertThat(awaitQuietly(secondReturned))
                        .as("the second claim returns while the first transaction holds its rows: it skips them, never waits").isTrue();
            }
            return claimed;
        });
        secondDispatcher.join(TimeUnit.MINUTES.toMillis(3));
        assertThat(secondDispatcher.isAlive()).isFalse();
        assertThat(secondFailure.get()).isNull();

        assertThat(first).extracting(Recipient::id).containsExactly(all.get(0).id(), all.get(1).id(), all.get(2).id());
        assertThat(second.get()).as("concurrently: %s", concurrent.get()).extracting(Recipient::id)
                .containsExactly(all.get(3).id(), all.get(4).id(), all.get(5).id());
        assertThat(second.get()).allSatisfy(r -> assertThat(r.dispatchAttempts()).isEqualTo(1));
        List<Recipient> stored = recipientsOf(org, c.id());
        assertThat(stored.subList(0, 6)).extracting(Recipient::nextAttemptAt).containsOnly(lease);
        assertThat(stored.subList(6, 10)).containsExactlyElementsOf(all.subList(6, 10));
    }

    @Test
    void concurrentDispatchersClaimAndRecordEachRecipientOnce() throws InterruptedException {
        int recipients = 60;
        Communication c = sendingWith(org, recipients);
        Instant now = DispatchClaimsContract.NOW;
        List<UUID> claimedIds = Collections.synchronizedList(new ArrayList<>());
        List<UUID> recordedIds = Collections.synchronizedList(new ArrayList<>());

        runConcurrently(4, worker -> {
            while (true) {
                UUID claim = UUID.randomUUID();
                List<Recipient> claimed = store().write(org, tx -> tx.claimRecipients(c.id(), now, claim, DispatchClaimsContract.LEASE, 5));
                if (claimed.isEmpty()) {
                    return;
                }
                claimed.forEach(r -> claimedIds.add(r.id()));
                List<Recipient> outcomes = claimed.stream().map(DispatchClaimsContract::accepted).toList();
                Set<UUID> recorded = store().write(org, tx -> tx.recordDispatchOutcomes(claim, outcomes));
                assertThat(recorded).containsExactlyInAnyOrderElementsOf(outcomes.stream().map(Recipient::id).toList());
                recordedIds.addAll(recorded);
            }
        });

        assertThat(claimedIds).as("no recipient claimed twice").doesNotHaveDuplicates().hasSize(recipients);
        assertThat(recordedIds).containsExactlyInAnyOrderElementsOf(claimedIds);
        List<Recipient> stored = recipientsOf(org, c.id());
        assertThat(stored).extracting(Recipient::deliveryStatus).containsOnly(DeliveryStatus.ACCEPTED);
        assertThat(stored).extracting(Recipient::dispatchAttempts).containsOnly(1);
        assertThat(stored).allSatisfy(r -> assertThat(r.providerMessageId()).isEqualTo("prov-" + r.id()));
    }

    /**
     * @return true once the other unit of work has started (it runs beside this one), false once its thread has
     *         waited, without starting, for a while (the store queues it behind this one)
     */
    private static boolean startsWhileThisIsOpen(AtomicBoolean started, Thread other) {
        long waitingSince = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (started.get()) {
                return true;
            }
            Thread.State state = other.getState();
            boolean waiting = state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED;
            long nowNanos = System.nanoTime();
            if (!waiting) {
                waitingSince = -1;
            } else if (waitingSince < 0) {
                waitingSince = nowNanos;
            } else if (nowNanos - waitingSince > TimeUnit.MILLISECONDS.toNanos(500)) {
                return started.get();
            }
            sleepQuietly();
        }
        return started.get();
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void runConcurrently(int threads, IntConsumer task) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int worker = i;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    task.accept(worker);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "store-contract-worker-" + i);
            thread.start();
            workers.add(thread);
        }
        start.countDown();
        for (Thread thread : workers) {
            // A guard against a deadlocked store hanging the build, not a timing assertion.
            thread.join(TimeUnit.MINUTES.toMillis(3));
            assertThat(thread.isAlive()).as("%s finished (a store deadlock would keep it waiting)", thread.getName()).isFalse();
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError(failures.size() + " of " + threads + " workers failed: " + failures.get(0));
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }
}
