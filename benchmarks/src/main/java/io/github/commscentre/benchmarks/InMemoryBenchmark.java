package io.github.commscentre.benchmarks;

import io.github.commscentre.AddRecipientsResult;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.CommunicationDetails;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.Page;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.inmemory.InMemoryCommunicationStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The same calls as the database scenarios, on the in-memory store a host's unit tests use, with the same data
 * (loaded through the SPI). Shows hosts what their tests cost.
 */
@Fork(1)
public class InMemoryBenchmark {

    /** A store and facade, and a fresh communication per iteration, for addRecipients. */
    @State(Scope.Benchmark)
    public static class AddState {
        CommunicationCentre centre;
        Caller admin;
        List<String> unitIds;
        UUID communicationId;

        /** Builds the store and the unit ids. */
        @Setup(Level.Trial)
        public void open() {
            centre = Facades.centre(new InMemoryCommunicationStore());
            admin = Caller.admin("tmp-add", "user-1");
            unitIds = BenchDirectory.unitIds(Sizes.ADD_UNITS);
        }

        /** Every call adds to a communication of its own. */
        @Setup(Level.Iteration)
        public void freshCommunication() {
            communicationId = centre.create(admin, NewCommunication.builder(CommunicationType.CIRCULAR, "Recipients").build()).id();
        }
    }

    /** The listing organisation's communications, and the deep cursor. */
    @State(Scope.Benchmark)
    public static class ListState {
        CommunicationCentre centre;
        Caller member;
        PageRequest deepPage;

        /** Loads the communications and pages to the deep cursor. */
        @Setup(Level.Trial)
        public void open() {
            InMemoryCommunicationStore store = new InMemoryCommunicationStore();
            Datasets.loadList(store);
            centre = Facades.centre(store);
            member = Caller.member(Datasets.LIST_ORG, "user-2");
            String cursor = null;
            int seen = 0;
            while (seen < Sizes.DEEP_ROWS) {
                int limit = Math.min(100, Sizes.DEEP_ROWS - seen);
                Page<CommunicationSummary> page = centre.list(member, ListBenchmark.FILTER,
                        cursor == null ? PageRequest.first(limit) : PageRequest.after(cursor, limit));
                seen += page.items().size();
                cursor = page.nextCursor();
            }
            deepPage = PageRequest.after(cursor, Sizes.PAGE_SIZE);
        }
    }

    /** The communication with many recipients. */
    @State(Scope.Benchmark)
    public static class StatsState {
        CommunicationCentre centre;
        Caller member;

        /** Loads it. */
        @Setup(Level.Trial)
        public void open() {
            InMemoryCommunicationStore store = new InMemoryCommunicationStore();
            Datasets.loadStats(store);
            centre = Facades.centre(store);
            member = Caller.member(Datasets.STATS_ORG, "user-2");
        }
    }

    /** The audit chain of 1,000,000 events. */
    @State(Scope.Benchmark)
    public static class AuditState {
        CommunicationCentre centre;
        Caller member;

        /** Loads it. */
        @Setup(Level.Trial)
        public void open() {
            InMemoryCommunicationStore store = new InMemoryCommunicationStore();
            centre = Facades.centre(store);
            Datasets.loadAudit(store, centre);
            member = Caller.member(Datasets.AUDIT_ORG, "user-2");
        }
    }

    /** The organisation of the status updates; its chain must verify at the end. */
    @State(Scope.Benchmark)
    public static class StatusState {
        CommunicationCentre centre;
        Caller admin;
        final AtomicLong expectedEvents = new AtomicLong();

        /** Builds the store. */
        @Setup(Level.Trial)
        public void open() {
            centre = Facades.centre(new InMemoryCommunicationStore());
            admin = Caller.admin("tmp-status", "user-1");
            centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "Opening the chain").build());
            expectedEvents.set(1);
        }

        /** Fails loudly when the chain does not verify. */
        @TearDown(Level.Trial)
        public void verifyChain() {
            centre.linkPendingAuditEvents(); // what calls left to a running linker, as a host's scheduler would
            AuditVerification v = centre.verifyAuditTrail(Caller.member(admin.organisationId(), "user-2"));
            if (!v.intact() || v.eventsChecked() != expectedEvents.get()) {
                throw new IllegalStateException("AUDIT CHAIN BROKEN after the status updates: " + v
                        + " (expected " + expectedEvents.get() + " intact events)");
            }
        }
    }

    /** One thread's pending recipients. */
    @State(Scope.Thread)
    public static class StatusLane {
        List<Recipient> pending;

        /** A fresh communication with one pending recipient per call of the coming iteration. */
        @Setup(Level.Iteration)
        public void prepare(StatusState state) {
            Communication c = state.centre.create(state.admin,
                    NewCommunication.builder(CommunicationType.NOTICE, "Delivery tracking").build());
            state.centre.addRecipients(state.admin, c.id(), BenchDirectory.unitIds(Sizes.STATUS_BATCH));
            String cursor = null;
            pending = new ArrayList<>();
            do {
                Page<Recipient> page = state.centre.listRecipients(state.admin, c.id(), RecipientFilter.all(),
                        cursor == null ? PageRequest.first(100) : PageRequest.after(cursor, 100));
                pending.addAll(page.items());
                cursor = page.nextCursor();
            } while (cursor != null);
            state.expectedEvents.addAndGet(2);
        }
    }

    /** @param s state @return the result */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 6)
    @Measurement(iterations = 10)
    public AddRecipientsResult addRecipients(AddState s) {
        return s.centre.addRecipients(s.admin, s.communicationId, s.unitIds);
    }

    /** @param s state @return the page */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public Page<CommunicationSummary> listFirstPage(ListState s) {
        return s.centre.list(s.member, ListBenchmark.FILTER, PageRequest.first(Sizes.PAGE_SIZE));
    }

    /** @param s state @return the page */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public Page<CommunicationSummary> listDeepPage(ListState s) {
        return s.centre.list(s.member, ListBenchmark.FILTER, s.deepPage);
    }

    /** @param s state @return the details */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public CommunicationDetails getById(StatsState s) {
        return s.centre.getById(s.member, Datasets.STATS_COMMUNICATION);
    }

    /** @param s state @param lane this thread's recipients @return the last recipient */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3)
    @Measurement(iterations = 7)
    @Threads(1)
    public Recipient updateRecipientStatus1(StatusState s, StatusLane lane) {
        return updateAll(s, lane);
    }

    /** @param s state @param lane this thread's recipients @return the last recipient */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3)
    @Measurement(iterations = 7)
    @Threads(8)
    public Recipient updateRecipientStatus8(StatusState s, StatusLane lane) {
        return updateAll(s, lane);
    }

    /** @param s state @return the verification */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 3)
    public AuditVerification verifyAuditTrail(AuditState s) {
        AuditVerification v = s.centre.verifyAuditTrail(s.member);
        if (!v.intact() || v.eventsChecked() != Sizes.AUDIT_EVENTS) {
            throw new IllegalStateException("the audit dataset does not verify: " + v);
        }
        return v;
    }

    private static Recipient updateAll(StatusState s, StatusLane lane) {
        Recipient last = null;
        for (Recipient r : lane.pending) {
            last = s.centre.updateRecipientStatus(s.admin, r.id(), DeliveryStatus.DELIVERED);
        }
        s.expectedEvents.addAndGet(lane.pending.size());
        return last;
    }
}
