package io.github.commscentre.reliability.races;

import io.github.commscentre.AddRecipientsResult;
import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.Page;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import io.github.commscentre.testkit.MutableClock;
import io.github.commscentre.spi.CommunicationStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Many threads writing the same few communications at once, through one facade, against a real store. Each store
 * has a subclass of a few lines: the in-memory store, H2 and PostgreSQL. Afterwards every rule must still hold: no sent communication changed
 * after sending, no recipient added after the sent event, no unit twice on a communication, every error a
 * {@code CONFLICT} or {@code NOT_FOUND}, an intact audit chain with exactly one event per successful change.
 *
 * <p>Randomised with a seed that is printed and put into every failure message; replay with
 * {@code -Dcommscentre.seed=<seed>}.
 */
abstract class FacadeRaceTestBase {

    /** @return the store under test; may be the same instance for every test */
    abstract CommunicationStore store();

    private static final int THREADS = 8;
    private static final int UNITS = 40;
    private static final String BLOCK = "block-race";

    private InMemoryPropertyDirectory directory;
    private CommunicationCentre centre;
    private String org;
    private Caller admin;
    private long seed;
    private final Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    private final List<String> addedAfterClosing = new ArrayList<>();

    @BeforeEach
    void setUpRace() {
        seed = Long.getLong("commscentre.seed", new Random().nextLong());
        System.out.println(getClass().getSimpleName() + " seed " + seed + " (replay with -Dcommscentre.seed=" + seed + ")");
        directory = new InMemoryPropertyDirectory();
        MutableClock clock = MutableClock.at(Instant.parse("2031-01-02T03:04:05.678901234Z"));
        // every read moves the clock, so each call gets its own instant and the order of events is visible in time
        clock.tickOnEveryRead(Duration.ofNanos(1_001));
        centre = CommunicationCentre.builder().store(store()).directory(directory).clock(clock).build();
        org = "org-" + UUID.randomUUID();
        admin = Caller.admin(org, "admin-race");
        for (int i = 0; i < UNITS; i++) {
            directory.addUnit(org, BLOCK, unit(i), "Leaseholder " + i, i % 7 == 0 ? null : "l" + i + "@example.com");
        }
    }

    private static String unit(int i) {
        return "u" + i;
    }

    @Test
    void mixedWritesOnTheSameCommunicationsKeepEveryRule() {
        withSeed(() -> {
            for (int round = 0; round < 4; round++) {
                mixedRound(round);
            }
            assertNoRecipientAddedAfterClosing();
        });
    }

    @Test
    void addingRecipientsWhileSendingEitherFinishesFirstOrConflicts() {
        withSeed(() -> {
            Random random = new Random(seed);
            for (int round = 0; round < 12; round++) {
                Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "Round " + round).build());
                centre.addRecipients(admin, c.id(), List.of(unit(0)));
                int sender = random.nextInt(THREADS);
                Map<Integer, List<String>> unitsOf = new ConcurrentHashMap<>();
                Map<Integer, Object> outcomes = new ConcurrentHashMap<>();
                runConcurrently(THREADS, t -> () -> {
                    if (t == sender) {
                        outcomes.put(t, centre.markSent(admin, c.id()));
                        return;
                    }
                    List<String> mine = List.of(unit(1 + t * 4), unit(2 + t * 4), unit(3 + t * 4));
                    unitsOf.put(t, mine);
                    try {
                        outcomes.put(t, centre.addRecipients(admin, c.id(), mine));
                    } catch (CommunicationCentreException e) {
                        expectCode(e, ErrorCode.CONFLICT);
                        outcomes.put(t, e);
                    }
                });
                assertThat(outcomes.get(sender)).as("the only sender succeeds").isInstanceOf(Communication.class);
                Communication sent = (Communication) outcomes.get(sender);
                List<Recipient> recipients = allRecipients(c.id());
                Set<String> present = recipients.stream().map(Recipient::unitId).collect(Collectors.toSet());
                int expectedCount = 1;
                for (Map.Entry<Integer, List<String>> entry : unitsOf.entrySet()) {
                    Object outcome = outcomes.get(entry.getKey());
                    if (outcome instanceof AddRecipientsResult) {
                        assertThat((AddRecipientsResult) outcome).isEqualTo(new AddRecipientsResult(3, 0, 0));
                        assertThat(present).containsAll(entry.getValue());
                        expectedCount += 3;
                    } else {
                        assertThat(present).as("a refused call added nothing").doesNotContainAnyElementsOf(entry.getValue());
                    }
                }
                assertThat(recipients).hasSize(expectedCount);
                recordAddedAfterClosing(recipients, sent.sentAt(), AuditEventType.SENT);
                assertSentCommunicationUnchanged(c.id(), sent);
            }
            assertChainIntact();
            assertNoRecipientAddedAfterClosing();
        });
    }

    @Test
    void concurrentAddsOfOverlappingUnitsAddEachUnitOnce() {
        withSeed(() -> {
            Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.CIRCULAR, "Overlap").build());
            long before = eventCount();
            Queue<AddRecipientsResult> results = new ConcurrentLinkedQueue<>();
            Set<String> requested = ConcurrentHashMap.newKeySet();
            runConcurrently(THREADS, t -> () -> {
                Random random = new Random(seed + t);
                for (int i = 0; i < 6; i++) {
                    List<String> ids = new ArrayList<>();
                    for (int k = 0; k < 8; k++) {
                        ids.add(unit(random.nextInt(24)));
                    }
                    ids.add("not-ours-" + t);
                    try {
                        AddRecipientsResult r = centre.addRecipients(admin, c.id(), ids);
                        results.add(r);
                        requested.addAll(ids);
                        int distinct = (int) ids.stream().distinct().count();
                        assertThat(r.added() + r.skippedAlreadyRecipients() + r.skippedNotInOrganisation()).isEqualTo(distinct);
                        assertThat(r.skippedNotInOrganisation()).isEqualTo(1);
                    } catch (CommunicationCentreException e) {
                        expectCode(e, ErrorCode.CONFLICT);
                    }
                }
            });
            List<Recipient> recipients = allRecipients(c.id());
            assertThat(recipients).extracting(Recipient::unitId).doesNotHaveDuplicates();
            assertThat(recipients).extracting(Recipient::position)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, recipients.size()).mapToObj(i -> (long) i).collect(Collectors.toList()));
            int added = results.stream().mapToInt(AddRecipientsResult::added).sum();
            assertThat(recipients).hasSize(added);
            Set<String> ours = requested.stream().filter(u -> !u.startsWith("not-ours")).collect(Collectors.toSet());
            assertThat(recipients).extracting(Recipient::unitId).containsExactlyInAnyOrderElementsOf(ours);
            List<AuditEvent> trail = centre.auditTrail(admin, c.id());
            int addedInEvents = trail.stream().filter(e -> e.type() == AuditEventType.RECIPIENTS_ADDED)
                    .mapToInt(e -> Integer.parseInt(e.details().get("added"))).sum();
            assertThat(addedInEvents).isEqualTo(added);
            assertThat(trail.stream().filter(e -> e.type() == AuditEventType.RECIPIENTS_ADDED).flatMap(e -> e.unitIds().stream()))
                    .doesNotHaveDuplicates().hasSize(added);
            long withAdds = results.stream().filter(r -> r.added() > 0).count();
            assertThat(eventCount() - before).isEqualTo(withAdds);
        });
    }

    @Test
    void concurrentStatusUpdatesOnlyMoveForward() {
        withSeed(() -> {
            Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "Tracking").build());
            centre.addRecipients(admin, c.id(), List.of(unit(1), unit(2), unit(3), unit(4)));
            centre.markSent(admin, c.id());
            List<Recipient> recipients = allRecipients(c.id());
            long before = eventCount();
            Set<List<Object>> states = ConcurrentHashMap.newKeySet();
            DeliveryStatus[] targets = {DeliveryStatus.DELIVERED, DeliveryStatus.OPENED, DeliveryStatus.BOUNCED, DeliveryStatus.FAILED};
            runConcurrently(THREADS, t -> () -> {
                Random random = new Random(seed * 31 + t);
                for (int i = 0; i < 20; i++) {
                    Recipient r = recipients.get(random.nextInt(recipients.size()));
                    DeliveryStatus to = targets[random.nextInt(targets.length)];
                    try {
                        Recipient after = centre.updateRecipientStatus(admin, r.id(), to, to.acceptsFailureReason() ? "r" + t : null);
                        assertThat(after.deliveryStatus()).isEqualTo(to);
                        states.add(List.of(after.id(), after.deliveryStatus(), after.updatedAt()));
                    } catch (CommunicationCentreException e) {
                        expectCode(e, ErrorCode.CONFLICT);
                    }
                }
            });
            assertThat(eventCount() - before).as("one event per real change").isEqualTo(states.size());
            assertStatusChains(c.id());
        });
    }

    @Test
    void concurrentCreatesNeverForkTheChain() {
        withSeed(() -> {
            Queue<UUID> created = new ConcurrentLinkedQueue<>();
            runConcurrently(THREADS, t -> () -> {
                for (int i = 0; i < 12; i++) {
                    try {
                        created.add(centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "T" + t + "-" + i).build()).id());
                    } catch (CommunicationCentreException e) {
                        expectCode(e, ErrorCode.CONFLICT);
                    }
                }
            });
            assertThat(created).isNotEmpty();
            // Calls that committed while another linked the organisation left their events to that linker's next
            // round; the sweep waits for it and links whatever is left, as a host's scheduler does.
            centre.linkPendingAuditEvents();
            List<AuditEvent> chain = new ArrayList<>();
            for (UUID id : created) {
                chain.addAll(centre.auditTrail(admin, id));
            }
            chain.sort(Comparator.comparingLong(AuditEvent::sequence));
            assertThat(chain).extracting(AuditEvent::sequence).containsExactlyElementsOf(
                    IntStream.rangeClosed(1, created.size()).mapToObj(i -> (long) i).collect(Collectors.toList()));
            for (int i = 1; i < chain.size(); i++) {
                assertThat(chain.get(i).previousHash()).isEqualTo(chain.get(i - 1).hash());
            }
            assertThat(centre.count(admin, CommunicationFilter.all())).isEqualTo(created.size());
            assertThat(eventCount()).isEqualTo(created.size());
        });
    }

    // ---- the mixed round ------------------------------------------------------------------------

    private void mixedRound(int round) {
        List<Communication> communications = new ArrayList<>();
        Random setup = new Random(seed + round);
        for (int i = 0; i < 4; i++) {
            Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "Round " + round + " #" + i)
                    .bodyHtml("<p>Body " + i + "</p>").build());
            centre.addRecipients(admin, c.id(), List.of(unit(setup.nextInt(UNITS)), unit(setup.nextInt(UNITS)), unit(setup.nextInt(UNITS))));
            communications.add(c);
        }
        long before = eventCount();
        Map<UUID, Communication> sent = new ConcurrentHashMap<>();
        Map<UUID, Communication> failed = new ConcurrentHashMap<>();
        Map<UUID, AtomicInteger> updates = new ConcurrentHashMap<>();
        Map<UUID, AtomicInteger> deletes = new ConcurrentHashMap<>();
        Map<UUID, AtomicInteger> addCalls = new ConcurrentHashMap<>();
        Set<List<Object>> statusStates = ConcurrentHashMap.newKeySet();
        for (Communication c : communications) {
            updates.put(c.id(), new AtomicInteger());
            deletes.put(c.id(), new AtomicInteger());
            addCalls.put(c.id(), new AtomicInteger());
        }
        DeliveryStatus[] targets = {DeliveryStatus.DELIVERED, DeliveryStatus.OPENED, DeliveryStatus.BOUNCED, DeliveryStatus.FAILED};

        runConcurrently(THREADS, t -> () -> {
            Random random = new Random(seed ^ (round * 1_000_003L + t));
            for (int i = 0; i < 30; i++) {
                UUID id = communications.get(random.nextInt(communications.size())).id();
                int dice = random.nextInt(100);
                try {
                    if (dice < 4) {
                        Communication result = centre.markSent(admin, id);
                        assertThat(sent.putIfAbsent(id, result)).as("sent only once").isNull();
                        assertThat(failed).as("sent after failed").doesNotContainKey(id);
                    } else if (dice < 6) {
                        Communication result = centre.markFailed(admin, id, "failed by " + t);
                        assertThat(failed.putIfAbsent(id, result)).as("failed only once").isNull();
                        assertThat(sent).as("failed after sent").doesNotContainKey(id);
                    } else if (dice < 7) {
                        centre.delete(admin, id);
                        deletes.get(id).incrementAndGet();
                    } else if (dice < 35) {
                        centre.update(admin, id, CommunicationChanges.builder().subject("Subject " + round + "/" + t + "/" + i).build());
                        updates.get(id).incrementAndGet();
                    } else if (dice < 65) {
                        List<String> ids = new ArrayList<>();
                        int n = 1 + random.nextInt(5);
                        for (int k = 0; k < n; k++) {
                            ids.add(unit(random.nextInt(UNITS)));
                        }
                        AddRecipientsResult r = centre.addRecipients(admin, id, ids);
                        if (r.added() > 0) {
                            addCalls.get(id).incrementAndGet();
                        }
                    } else if (dice < 90) {
                        List<Recipient> page = centre.listRecipients(admin, id, RecipientFilter.all(), PageRequest.first(100)).items();
                        if (!page.isEmpty()) {
                            Recipient r = page.get(random.nextInt(page.size()));
                            DeliveryStatus to = targets[random.nextInt(targets.length)];
                            Recipient after = centre.updateRecipientStatus(admin, r.id(), to, to.acceptsFailureReason() ? "why " + t : null);
                            statusStates.add(List.of(after.id(), after.deliveryStatus(), after.updatedAt()));
                        }
                    } else {
                        centre.getById(admin, id);
                        centre.auditTrail(admin, id);
                    }
                } catch (CommunicationCentreException e) {
                    expectCode(e, ErrorCode.CONFLICT, ErrorCode.NOT_FOUND);
                }
            }
        });

        long expectedEvents = sent.size() + failed.size() + statusStates.size()
                + updates.values().stream().mapToInt(AtomicInteger::get).sum()
                + deletes.values().stream().mapToInt(AtomicInteger::get).sum()
                + addCalls.values().stream().mapToInt(AtomicInteger::get).sum();
        assertThat(eventCount() - before).as("round %d: one event per successful change", round).isEqualTo(expectedEvents);

        for (Communication c : communications) {
            UUID id = c.id();
            List<AuditEvent> trail = centre.auditTrail(admin, id);
            List<AuditEventType> types = trail.stream().map(AuditEvent::type).collect(Collectors.toList());
            long terminal = types.stream().filter(t -> t == AuditEventType.SENT || t == AuditEventType.FAILED
                    || t == AuditEventType.DELETED).count();
            assertThat(terminal).as("at most one of sent, failed, deleted: %s", types).isLessThanOrEqualTo(1);
            assertThat(Collections.frequency(types, AuditEventType.UPDATED)).isEqualTo(updates.get(id).get());
            assertThat(Collections.frequency(types, AuditEventType.RECIPIENTS_ADDED)).isEqualTo(1 + addCalls.get(id).get());
            assertThat(Collections.frequency(types, AuditEventType.DELETED)).isEqualTo(deletes.get(id).get());

            if (types.contains(AuditEventType.DELETED)) {
                assertThat(types.get(types.size() - 1)).as("nothing after deletion").isEqualTo(AuditEventType.DELETED);
                Throwable gone = catchThrowable(() -> centre.getById(admin, id));
                assertThat(gone).isInstanceOf(CommunicationCentreException.class);
                assertThat(((CommunicationCentreException) gone).code()).isEqualTo(ErrorCode.NOT_FOUND);
                continue;
            }
            List<Recipient> recipients = allRecipients(id);
            assertThat(recipients).extracting(Recipient::unitId).as("a unit at most once").doesNotHaveDuplicates();
            assertThat(recipients).extracting(Recipient::position).doesNotHaveDuplicates();
            int addedInTrail = trail.stream().filter(e -> e.type() == AuditEventType.RECIPIENTS_ADDED)
                    .mapToInt(e -> Integer.parseInt(e.details().get("added"))).sum();
            assertThat(recipients).hasSize(addedInTrail);

            AuditEventType finalType = types.contains(AuditEventType.SENT) ? AuditEventType.SENT
                    : types.contains(AuditEventType.FAILED) ? AuditEventType.FAILED : null;
            if (finalType != null) {
                int at = types.indexOf(finalType);
                assertThat(types.subList(at + 1, types.size())).as("after %s only delivery tracking", finalType)
                        .allMatch(t -> t == AuditEventType.RECIPIENT_STATUS_CHANGED);
                assertThat(trail.get(at).details().get("recipientCount")).isEqualTo(String.valueOf(recipients.size()));
                Communication result = finalType == AuditEventType.SENT ? sent.get(id) : failed.get(id);
                assertThat(result).as("the %s call that won reported success", finalType).isNotNull();
                assertSentCommunicationUnchanged(id, result);
                Instant closedAt = finalType == AuditEventType.SENT ? result.sentAt() : result.failedAt();
                recordAddedAfterClosing(recipients, closedAt, finalType);
            } else {
                assertThat(sent).doesNotContainKey(id);
                assertThat(failed).doesNotContainKey(id);
            }
            assertStatusChains(id);
        }
        assertChainIntact();
    }

    // ---- checks ---------------------------------------------------------------------------------

    /**
     * A recipient's addedAt after the communication's sentAt (or failedAt) would tell an auditor it was added after
     * sending. Collected rather than asserted at once, so that every other check of the run still reports.
     */
    private void recordAddedAfterClosing(List<Recipient> recipients, Instant closedAt, AuditEventType how) {
        for (Recipient r : recipients) {
            if (r.addedAt().isAfter(closedAt)) {
                addedAfterClosing.add("unit " + r.unitId() + " of communication " + r.communicationId() + " has addedAt "
                        + r.addedAt() + ", after its " + how.wireName() + " instant " + closedAt);
            }
        }
    }

    private void assertNoRecipientAddedAfterClosing() {
        assertThat(addedAfterClosing).as("no recipient has an addedAt after the sentAt/failedAt of its communication").isEmpty();
    }

    private void assertSentCommunicationUnchanged(UUID id, Communication atSending) {
        assertThat(centre.getById(admin, id).communication()).as("unchanged since it was sent or failed").isEqualTo(atSending);
    }

    /** Each recipient's status events form one forward path from pending to its current status. */
    private void assertStatusChains(UUID communicationId) {
        Map<UUID, List<AuditEvent>> byRecipient = new HashMap<>();
        for (AuditEvent e : centre.auditTrail(admin, communicationId)) {
            if (e.type() == AuditEventType.RECIPIENT_STATUS_CHANGED) {
                byRecipient.computeIfAbsent(e.recipientId(), k -> new ArrayList<>()).add(e);
            }
        }
        for (Recipient r : allRecipients(communicationId)) {
            DeliveryStatus status = DeliveryStatus.PENDING;
            for (AuditEvent e : byRecipient.getOrDefault(r.id(), List.of())) {
                DeliveryStatus from = DeliveryStatus.fromWireName(e.details().get("from"));
                DeliveryStatus to = DeliveryStatus.fromWireName(e.details().get("to"));
                assertThat(from).as("event %d continues from the last status", e.sequence()).isEqualTo(status);
                assertThat(from.canMoveTo(to)).as("%s -> %s is forward", from, to).isTrue();
                status = to;
            }
            assertThat(r.deliveryStatus()).as("current status of %s matches its events", r.unitId()).isEqualTo(status);
        }
    }

    private void assertChainIntact() {
        AuditVerification v = centre.verifyAuditTrail(admin);
        assertThat(v.intact()).as("audit chain intact: %s", v.firstProblem().orElse(null)).isTrue();
    }

    /** The linked events, once the calls' linking has ended: a call may leave its events to a running linker's round. */
    private long eventCount() {
        centre.linkPendingAuditEvents();
        AuditVerification v = centre.verifyAuditTrail(admin);
        assertThat(v.intact()).as("audit chain intact: %s", v.firstProblem().orElse(null)).isTrue();
        return v.eventsChecked();
    }

    private List<Recipient> allRecipients(UUID id) {
        List<Recipient> all = new ArrayList<>();
        Page<Recipient> page = centre.listRecipients(admin, id, RecipientFilter.all(), PageRequest.first(100));
        all.addAll(page.items());
        while (page.hasNext()) {
            page = centre.listRecipients(admin, id, RecipientFilter.all(), PageRequest.after(page.nextCursor(), 100));
            all.addAll(page.items());
        }
        return all;
    }

    private void expectCode(CommunicationCentreException e, ErrorCode... allowed) {
        if (!List.of(allowed).contains(e.code())) {
            unexpected.add(e);
        }
    }

    /** Starts {@code threads} tasks together and waits for them; any unexpected error fails the test. */
    private void runConcurrently(int threads, IntFunction<Runnable> task) {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        CyclicBarrier start = new CyclicBarrier(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Runnable work = task.apply(t);
                futures.add(executor.submit(() -> {
                    try {
                        start.await(1, TimeUnit.MINUTES);
                        work.run();
                    } catch (Throwable e) {
                        unexpected.add(e);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
        } catch (Exception e) {
            throw new AssertionError("threads did not finish (a deadlock?)", e);
        } finally {
            executor.shutdownNow();
        }
        if (!unexpected.isEmpty()) {
            AssertionError error = new AssertionError("unexpected errors in threads: " + unexpected.stream()
                    .map(String::valueOf).distinct().limit(10).collect(Collectors.toList()));
            unexpected.forEach(error::addSuppressed);
            throw error;
        }
    }

    private void withSeed(Runnable test) {
        try {
            test.run();
        } catch (AssertionError e) {
            AssertionError withSeed = new AssertionError("seed " + seed + " (replay with -Dcommscentre.seed=" + seed + "): "
                    + e.getMessage(), e);
            throw withSeed;
        }
    }
}
