package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.Communication;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.spi.StoreTransaction;
import io.github.commscentre.testkit.StoreTestData.CommunicationBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
 * recipients added under the lock get distinct positions, and readers always see a consistent view.
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
