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
import io.github.commscentre.CommunicationDetails;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.Page;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application instances on one set of data (on a database: two stores, each with its own entity manager
 * factory and connection pool; in memory: two facades on one store), eight threads between them, mixed calls on
 * shared communications for a few seconds. Every call's outcome is recorded; afterwards the store must tell exactly
 * the story the successful calls tell: nothing lost, nothing rewritten, nothing sent changed, the chain unforked
 * and intact. The losers of races may only get {@code CONFLICT} (or {@code NOT_FOUND} once a communication was
 * deleted).
 */
abstract class MixedCallsRaceTestBase {

    private static final int THREADS = 8;
    private static final int MAX_OPERATIONS = 4_000;
    private static final Duration MAX_TIME = Duration.ofSeconds(8);
    private static final int UNITS = 60;

    /** @return where the race runs, for the printed figures: the database's kind, or the in-memory store */
    abstract String ground();

    /**
     * @return the store of one more application instance on the race's data; the subclass closes what it opens,
     *         and PostgreSQL subclasses skip when it is not configured
     */
    abstract CommunicationStore newInstance();

    // ---- what the threads saw -----------------------------------------------------------------------------

    private record Update(String actor, UUID communication, String field, String value, long version) {
    }

    private record Added(String actor, UUID communication, int added) {
    }

    private record StatusSet(UUID recipient, DeliveryStatus status) {
    }

    private final List<Update> updates = new CopyOnWriteArrayList<>();
    private final List<Added> adds = new CopyOnWriteArrayList<>();
    private final List<StatusSet> statusSets = new CopyOnWriteArrayList<>();
    private final Map<UUID, Communication> finishedAsReturned = new ConcurrentHashMap<>();
    private final Map<UUID, List<Long>> versionsReturned = new ConcurrentHashMap<>();
    private final Set<UUID> deleted = ConcurrentHashMap.newKeySet();
    private final List<UUID> everCreated = new CopyOnWriteArrayList<>();
    private final List<UUID> pool = new CopyOnWriteArrayList<>();
    private final Map<String, Map<AuditEventType, AtomicLong>> expectedEvents = new ConcurrentHashMap<>();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private final List<UUID> notFound = new CopyOnWriteArrayList<>();
    private final Map<String, Long> slowest = new ConcurrentHashMap<>();
    private final AtomicInteger operations = new AtomicInteger();
    private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();

    private void expectEvent(String actor, AuditEventType type) {
        expectedEvents.computeIfAbsent(actor, a -> new ConcurrentHashMap<>()).computeIfAbsent(type, t -> new AtomicLong()).incrementAndGet();
    }

    @Test
    void twoInstancesRacingLoseNothingRewriteNothingAndKeepOneChain() throws Exception {
        CommunicationStore storeA = newInstance();
        CommunicationStore storeB = newInstance();
        String org = "org-race-" + UUID.randomUUID();
        InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory();
        List<String> units = new ArrayList<>();
        for (int i = 0; i < UNITS; i++) {
            String unit = "unit-" + i;
            units.add(unit);
            directory.addUnit(org, "race-block", unit, "Leaseholder " + i, i % 4 == 0 ? null : "l" + i + "@example.com");
        }
        CommunicationCentre a = CommunicationCentre.builder().store(storeA).directory(directory).clock(Clock.systemUTC()).build();
        CommunicationCentre b = CommunicationCentre.builder().store(storeB).directory(directory).clock(Clock.systemUTC()).build();
        warmUp(a, directory);
        warmUp(b, directory);
        Caller setup = Caller.admin(org, "setup");
        for (int i = 0; i < 6; i++) {
            Communication c = a.create(setup, NewCommunication.builder(CommunicationType.NOTICE, "shared " + i).blockId("race-block").build());
            expectEvent("setup", AuditEventType.CREATED);
            pool.add(c.id());
            everCreated.add(c.id());
        }
        long seed = new Random().nextLong();
        System.out.println("RELIABILITY races on " + ground() + ": seed " + seed);

        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        Instant deadline = Instant.now().plus(MAX_TIME);
        for (int t = 0; t < THREADS; t++) {
            CommunicationCentre centre = t < THREADS / 2 ? a : b;
            Caller caller = Caller.admin(org, "t" + t);
            Random rnd = new Random(seed + t);
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (operations.incrementAndGet() <= MAX_OPERATIONS && Instant.now().isBefore(deadline)) {
                    operate(centre, caller, rnd, units);
                }
            }, "racer-" + t);
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.MINUTES.toMillis(2));
            assertThat(thread.isAlive()).as("racer still running").isFalse();
        }
        long raced = outcomes.values().stream().mapToLong(AtomicLong::get).sum();
        System.out.println("RELIABILITY races on " + ground() + ": outcomes " + new java.util.TreeMap<>(outcomes)
                + "; slowest call in ms by kind " + slowest);

        assertThat(unexpected).as("only CONFLICT and NOT_FOUND may answer a race").isEmpty();
        assertThat(deleted).as("NOT_FOUND only for deleted communications").containsAll(notFound);
        long lost = checkEverything(org, a, b);
        System.out.println("RELIABILITY races on " + ground() + ": " + raced + " operations by " + THREADS
                + " threads on 2 instances, " + successes() + " succeeded, " + ended(" CONFLICT") + " lost a race with CONFLICT, "
                + ended(" NOT_FOUND") + " found their communication deleted, " + lost + " lost");
        assertThat(lost).isZero();
        // A race that nobody lost proved nothing about racing.
        assertThat(successes()).as("successful calls").isGreaterThanOrEqualTo(100);
        assertThat(outcomes.keySet()).as("some calls lost a race").anyMatch(k -> k.endsWith(" CONFLICT"));
    }

    private long successes() {
        return ended(" ok");
    }

    private long ended(String suffix) {
        return outcomes.entrySet().stream().filter(e -> e.getKey().endsWith(suffix)).mapToLong(e -> e.getValue().get()).sum();
    }

    /**
     * Every kind of call once per instance, in an organisation of its own, before the race: Hibernate compiles
     * each query on first use under a lock, and on a busy machine that would otherwise eat the race's seconds.
     */
    private static void warmUp(CommunicationCentre centre, InMemoryPropertyDirectory directory) {
        String org = "org-warm-up-" + UUID.randomUUID();
        directory.addUnit(org, "b", "u1", "One", null).addUnit(org, "b", "u2", "Two", "two@example.com");
        Caller admin = Caller.admin(org, "warm-up");
        for (int round = 0; round < 3; round++) {
            Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "warm").blockId("b").build());
            centre.update(admin, c.id(), CommunicationChanges.builder().subject("warmer").notes("n").build());
            centre.addRecipients(admin, c.id(), List.of("u1"));
            centre.addBlockRecipients(admin, c.id());
            Recipient r = centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first(1)).items().get(0);
            centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.DELIVERED);
            centre.getById(admin, c.id());
            centre.list(admin, CommunicationFilter.builder().status(CommunicationStatus.DRAFT).build(), PageRequest.first(20));
            Communication copy = centre.duplicate(admin, c.id(), false);
            centre.markSent(admin, c.id());
            centre.markFailed(admin, copy.id(), "warm");
            centre.delete(admin, centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "gone").build()).id());
            centre.auditTrail(admin, c.id());
            centre.verifyAuditTrail(admin);
        }
    }

    // ---- one random call -----------------------------------------------------------------------------------

    private void operate(CommunicationCentre centre, Caller caller, Random rnd, List<String> units) {
        String actor = caller.userId();
        UUID target = pool.get(rnd.nextInt(pool.size()));
        int dice = rnd.nextInt(100);
        String kind = "?";
        long began = System.nanoTime();
        try {
            if (dice < 28) {
                kind = "update";
                String field = rnd.nextBoolean() ? "subject" : "notes";
                String value = actor + "-" + UUID.randomUUID();
                CommunicationChanges changes = field.equals("subject")
                        ? CommunicationChanges.builder().subject(value).build() : CommunicationChanges.builder().notes(value).build();
                Communication c = centre.update(caller, target, changes);
                updates.add(new Update(actor, target, field, value, c.version()));
                versionsReturned.computeIfAbsent(target, k -> new CopyOnWriteArrayList<>()).add(c.version());
                expectEvent(actor, AuditEventType.UPDATED);
            } else if (dice < 52) {
                kind = "addRecipients";
                List<String> ids = new ArrayList<>();
                int n = 1 + rnd.nextInt(5);
                for (int i = 0; i < n; i++) {
                    ids.add(units.get(rnd.nextInt(units.size())));
                }
                AddRecipientsResult r = centre.addRecipients(caller, target, ids);
                adds.add(new Added(actor, target, r.added()));
                if (r.added() > 0) {
                    expectEvent(actor, AuditEventType.RECIPIENTS_ADDED);
                }
            } else if (dice < 68) {
                kind = "updateRecipientStatus";
                Page<Recipient> page = centre.listRecipients(caller, target, RecipientFilter.all(), PageRequest.first(100));
                if (page.items().isEmpty()) {
                    kind = "listRecipients";
                } else {
                    Recipient r = page.items().get(rnd.nextInt(page.items().size()));
                    DeliveryStatus status = DeliveryStatus.values()[1 + rnd.nextInt(4)];
                    if (rnd.nextInt(4) == 0) {
                        status = DeliveryStatus.DELIVERED;
                    }
                    String reason = status == DeliveryStatus.BOUNCED || status == DeliveryStatus.FAILED ? actor + " says no" : null;
                    centre.updateRecipientStatus(caller, r.id(), status, reason);
                    statusSets.add(new StatusSet(r.id(), status));
                }
            } else if (dice < 74) {
                kind = "markSent";
                Communication c = centre.markSent(caller, target);
                finishedAsReturned.put(target, c);
                versionsReturned.computeIfAbsent(target, k -> new CopyOnWriteArrayList<>()).add(c.version());
                expectEvent(actor, AuditEventType.SENT);
                replenish(centre, caller);
            } else if (dice < 77) {
                kind = "markFailed";
                Communication c = centre.markFailed(caller, target, actor + " gave up");
                finishedAsReturned.put(target, c);
                versionsReturned.computeIfAbsent(target, k -> new CopyOnWriteArrayList<>()).add(c.version());
                expectEvent(actor, AuditEventType.FAILED);
                replenish(centre, caller);
            } else if (dice < 80) {
                kind = "delete";
                centre.delete(caller, target);
                deleted.add(target);
                expectEvent(actor, AuditEventType.DELETED);
                replenish(centre, caller);
            } else if (dice < 85) {
                kind = "duplicate";
                Communication copy = centre.duplicate(caller, target, false);
                everCreated.add(copy.id());
                pool.add(copy.id());
                expectEvent(actor, AuditEventType.DUPLICATED);
            } else if (dice < 92) {
                kind = "getById";
                CommunicationDetails d = centre.getById(caller, target);
                if (d.recipientCount() != d.deliveryCounts().values().stream().mapToLong(Long::longValue).sum()) {
                    unexpected.add("getById of " + target + " counts do not add up: " + d);
                }
            } else if (dice < 97) {
                kind = "list";
                centre.list(caller, CommunicationFilter.builder().status(CommunicationStatus.DRAFT).build(), PageRequest.first(20));
            } else {
                kind = "verifyAuditTrail";
                AuditVerification v = centre.verifyAuditTrail(caller);
                if (!v.intact()) {
                    unexpected.add("verifyAuditTrail during the race: " + v);
                }
            }
            outcomes.computeIfAbsent(kind + " ok", k -> new AtomicLong()).incrementAndGet();
            slowest.merge(kind, (System.nanoTime() - began) / 1_000_000, Math::max);
        } catch (CommunicationCentreException e) {
            outcomes.computeIfAbsent(kind + " " + e.code(), k -> new AtomicLong()).incrementAndGet();
            if (e.code() == ErrorCode.NOT_FOUND) {
                // Judged after the race: the deleting thread may not have recorded its success yet.
                notFound.add(target);
            } else if (e.code() != ErrorCode.CONFLICT) {
                unexpected.add(kind + " on " + target + ": " + e + (e.getCause() == null ? "" : " caused by " + e.getCause()));
            }
        } catch (RuntimeException e) {
            unexpected.add(kind + " on " + target + " threw " + e);
        }
    }

    /** A communication that reached sent, failed or deleted is replaced so the race keeps going on editable ones. */
    private void replenish(CommunicationCentre centre, Caller caller) {
        Communication c = centre.create(caller, NewCommunication.builder(CommunicationType.CIRCULAR, "fresh " + caller.userId())
                .blockId("race-block").build());
        everCreated.add(c.id());
        pool.add(c.id());
        expectEvent(caller.userId(), AuditEventType.CREATED);
    }

    // ---- the afterwards ------------------------------------------------------------------------------------

    /** @return how many recorded successes the database no longer shows (must be zero; failures assert) */
    private long checkEverything(String org, CommunicationCentre a, CommunicationCentre b) {
        Caller reader = Caller.member(org, "auditor");
        // Calls that committed while their instance's linker ran left their events to its rounds; the sweeps wait for
        // both instances' linkers and link whatever is left, as hosts' schedulers do.
        a.linkPendingAuditEvents();
        b.linkPendingAuditEvents();
        AuditVerification va = a.verifyAuditTrail(reader);
        AuditVerification vb = b.verifyAuditTrail(reader);
        assertThat(va.intact()).as("chain intact: %s", va).isTrue();
        assertThat(vb).isEqualTo(va);

        // The whole chain, from every communication's trail: one unforked sequence.
        Map<UUID, List<AuditEvent>> trails = new HashMap<>();
        List<AuditEvent> chain = new ArrayList<>();
        for (UUID id : everCreated) {
            List<AuditEvent> trail = a.auditTrail(reader, id);
            trails.put(id, trail);
            chain.addAll(trail);
        }
        chain.sort(Comparator.comparingLong(AuditEvent::sequence));
        for (int i = 0; i < chain.size(); i++) {
            assertThat(chain.get(i).sequence()).isEqualTo(i + 1);
            assertThat(chain.get(i).previousHash()).isEqualTo(i == 0 ? AuditEvent.GENESIS_HASH : chain.get(i - 1).hash());
        }
        assertThat(va.eventsChecked()).isEqualTo(chain.size());

        // Every successful write has exactly its audit events, counted per actor and type.
        Map<String, Map<AuditEventType, Long>> actual = new HashMap<>();
        Map<UUID, List<AuditEvent>> statusEvents = new HashMap<>();
        Map<String, Long> addedByActor = new HashMap<>();
        for (AuditEvent e : chain) {
            if (e.type() == AuditEventType.RECIPIENT_STATUS_CHANGED) {
                statusEvents.computeIfAbsent(e.recipientId(), r -> new ArrayList<>()).add(e);
                continue;
            }
            actual.computeIfAbsent(e.actorUserId(), x -> new EnumMap<>(AuditEventType.class)).merge(e.type(), 1L, Long::sum);
            if (e.type() == AuditEventType.RECIPIENTS_ADDED) {
                addedByActor.merge(e.actorUserId(), Long.parseLong(e.details().get("added")), Long::sum);
            }
        }
        Map<String, Map<AuditEventType, Long>> expected = new HashMap<>();
        expectedEvents.forEach((actor, byType) -> byType.forEach((type, n) ->
                expected.computeIfAbsent(actor, x -> new EnumMap<>(AuditEventType.class)).put(type, n.get())));
        assertThat(actual).as("audit events per actor and type").isEqualTo(expected);
        Map<String, Long> addedExpected = new HashMap<>();
        adds.stream().filter(x -> x.added() > 0).forEach(x -> addedExpected.merge(x.actor(), (long) x.added(), Long::sum));
        assertThat(addedByActor).isEqualTo(addedExpected);

        long lost = 0;
        // No lost update: each successful update is in the trail, in the order of the versions it returned, and the
        // final value of each field is the one the last of them wrote.
        for (UUID id : everCreated) {
            List<Long> versions = versionsReturned.getOrDefault(id, List.of());
            assertThat(new HashSet<>(versions)).as("versions returned for %s", id).hasSize(versions.size());
            List<AuditEvent> trail = trails.get(id);
            List<Update> mine = new ArrayList<>();
            updates.forEach(u -> {
                if (u.communication().equals(id)) {
                    mine.add(u);
                }
            });
            mine.sort(Comparator.comparingLong(Update::version));
            long previousSequence = 0;
            for (Update u : mine) {
                AuditEvent event = trail.stream().filter(e -> e.type() == AuditEventType.UPDATED
                        && u.value().equals(e.details().get(u.field() + ".new"))).findFirst().orElse(null);
                if (event == null) {
                    lost++;
                    continue;
                }
                assertThat(event.actorUserId()).isEqualTo(u.actor());
                assertThat(event.sequence()).as("updates of %s in version order", id).isGreaterThan(previousSequence);
                previousSequence = event.sequence();
            }
            if (deleted.contains(id)) {
                assertThat(trail.get(trail.size() - 1).type()).isEqualTo(AuditEventType.DELETED);
                continue;
            }
            Communication now = a.getById(reader, id).communication();
            assertThat(b.getById(reader, id).communication()).isEqualTo(now);
            assertThat(now.version()).as("version of %s", id).isEqualTo(versions.size());
            for (String field : List.of("subject", "notes")) {
                String last = null;
                for (AuditEvent e : trail) {
                    if (e.type() == AuditEventType.UPDATED && e.details().containsKey(field + ".new")) {
                        last = e.details().get(field + ".new");
                    }
                }
                if (last != null) {
                    assertThat(field.equals("subject") ? now.subject() : now.notes()).as("%s of %s", field, id).isEqualTo(last);
                }
            }

            // Recipients: every successful add is there, each unit at most once, positions 1..n.
            List<Recipient> recipients = new ArrayList<>();
            PageRequest page = PageRequest.first(100);
            while (true) {
                Page<Recipient> p = a.listRecipients(reader, id, RecipientFilter.all(), page);
                recipients.addAll(p.items());
                if (!p.hasNext()) {
                    break;
                }
                page = PageRequest.after(p.nextCursor(), 100);
            }
            long addedTotal = adds.stream().filter(x -> x.communication().equals(id)).mapToLong(Added::added).sum();
            if (recipients.size() != addedTotal) {
                lost += Math.abs(addedTotal - recipients.size());
            }
            List<String> unitIds = new ArrayList<>();
            List<String> fromEvents = new ArrayList<>();
            for (int i = 0; i < recipients.size(); i++) {
                assertThat(recipients.get(i).position()).isEqualTo(i + 1);
                unitIds.add(recipients.get(i).unitId());
            }
            assertThat(new HashSet<>(unitIds)).as("a unit twice on %s", id).hasSize(unitIds.size());
            trail.stream().filter(e -> e.type() == AuditEventType.RECIPIENTS_ADDED).forEach(e -> fromEvents.addAll(e.unitIds()));
            assertThat(unitIds).as("recipients of %s in the order the events added them", id).isEqualTo(fromEvents);

            // Sent or failed: exactly as markSent/markFailed returned it, nothing added or edited after.
            Communication finished = finishedAsReturned.get(id);
            if (now.status() == CommunicationStatus.SENT || now.status() == CommunicationStatus.FAILED) {
                assertThat(finished).as("a finished communication nobody finished: %s", id).isNotNull();
                assertThat(now).isEqualTo(finished);
                Instant at = finished.sentAt() != null ? finished.sentAt() : finished.failedAt();
                AuditEvent finish = trail.stream().filter(e -> e.type() == AuditEventType.SENT || e.type() == AuditEventType.FAILED)
                        .findFirst().orElseThrow();
                assertThat(Long.parseLong(finish.details().get("recipientCount"))).isEqualTo(recipients.size());
                for (AuditEvent e : trail) {
                    if (e.sequence() > finish.sequence()) {
                        assertThat(e.type()).as("after sending %s", id).isEqualTo(AuditEventType.RECIPIENT_STATUS_CHANGED);
                    }
                }
                for (Recipient r : recipients) {
                    assertThat(r.addedAt()).as("recipient %s of %s added after it was finished at %s", r.unitId(), id, at)
                            .isBeforeOrEqualTo(at);
                }
            } else {
                assertThat(finished).isNull();
            }
        }

        // Delivery status: one event per distinct status a successful call set, each a forward move.
        Map<UUID, Set<DeliveryStatus>> targets = new HashMap<>();
        statusSets.forEach(s -> targets.computeIfAbsent(s.recipient(), r -> new HashSet<>()).add(s.status()));
        for (Map.Entry<UUID, Set<DeliveryStatus>> t : targets.entrySet()) {
            List<AuditEvent> events = statusEvents.getOrDefault(t.getKey(), List.of());
            Set<DeliveryStatus> reached = new HashSet<>();
            DeliveryStatus at = DeliveryStatus.PENDING;
            for (AuditEvent e : events) {
                DeliveryStatus from = DeliveryStatus.fromWireName(e.details().get("from"));
                DeliveryStatus to = DeliveryStatus.fromWireName(e.details().get("to"));
                assertThat(from).isEqualTo(at);
                assertThat(at.canMoveTo(to)).as("%s -> %s", at, to).isTrue();
                reached.add(to);
                at = to;
            }
            if (!reached.equals(t.getValue())) {
                lost += Math.abs(t.getValue().size() - reached.size());
                assertThat(reached).as("statuses set on recipient %s", t.getKey()).isEqualTo(t.getValue());
            }
        }
        assertThat(statusEvents.keySet()).isSubsetOf(targets.keySet());
        return lost;
    }
}
