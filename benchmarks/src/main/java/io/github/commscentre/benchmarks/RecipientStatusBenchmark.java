package io.github.commscentre.benchmarks;

import io.github.commscentre.AuditVerification;
import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.Page;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * updateRecipientStatus (pending to delivered, with its audit event and chain link) from one thread and from eight
 * threads, each thread on a communication of its own in one organisation, against raw JDBC doing the same UPDATE
 * and INSERT in one transaction per call. Each measured invocation makes {@link Sizes#STATUS_BATCH} calls in a row
 * (statuses only move forward, so every call needs a fresh pending recipient, prepared before the iteration);
 * the report divides by that. After the trial the organisation's chain must still verify, or the run fails.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// Steady state (C2 done compiling the library's path), in two forks: the code C2 settles on differs between forks.
@Warmup(iterations = 12)
@Measurement(iterations = 10)
@Fork(2)
public class RecipientStatusBenchmark {

    /** What every thread shares: the database, the facade and the organisations. */
    @State(Scope.Benchmark)
    public static class Env {

        /** The database. */
        @Param({"h2", "postgresql"})
        public String db;

        BenchDatabase database;
        CommunicationCentre centre;
        Caller facadeAdmin;
        Caller rawAdmin;
        /** Events the facade must have appended: two per prepared communication, one per status change. */
        final AtomicLong expectedEvents = new AtomicLong();
        /** The lanes that wrote in organisations of their own, whose chains are verified at the end too. */
        final List<Lane> ownOrganisationLanes = java.util.Collections.synchronizedList(new ArrayList<>());

        /** Opens the store and picks fresh organisations. */
        @Setup(Level.Trial)
        public void open() {
            database = BenchDatabase.open(db);
            // Each contender's fork starts from the same vacuumed tables: without it the one that runs second found the
            // first one's dead rows (this machine's PostgreSQL does not vacuum by itself).
            try {
                Datasets.vacuum(database);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("could not vacuum before the trial", e);
            }
            centre = Facades.centre(database.store());
            facadeAdmin = Caller.admin(Datasets.transientOrganisation("status"), "user-1");
            rawAdmin = Caller.admin(Datasets.transientOrganisation("status-raw"), "user-1");
            // An organisation's first write creates its chain head; on H2 eight threads racing to create it can get
            // CONFLICT (the contract allows it: the loser of a race retries). That is not what this measures, so the
            // organisations get their first event here, single-threaded.
            centre.create(facadeAdmin, NewCommunication.builder(CommunicationType.NOTICE, "Opening the chain").build());
            centre.create(rawAdmin, NewCommunication.builder(CommunicationType.NOTICE, "Opening the chain").build());
            expectedEvents.set(1);
        }

        /** The chain must still verify after the concurrent updates, with every event in it: fail loudly if not. */
        @TearDown(Level.Trial)
        public void verifyChain() {
            try {
                // Under contention a call leaves its events to the organisation's running linker; the sweep waits for
                // it and links what is left, as a host's scheduler would, before the chain is counted.
                centre.linkPendingAuditEvents();
                if (expectedEvents.get() > 0) {
                    AuditVerification v = centre.verifyAuditTrail(Caller.member(facadeAdmin.organisationId(), "user-2"));
                    if (!v.intact() || v.eventsChecked() != expectedEvents.get()) {
                        throw new IllegalStateException("AUDIT CHAIN BROKEN after the status updates: " + v
                                + " (expected " + expectedEvents.get() + " intact events)");
                    }
                    Datasets.log("audit chain of " + db + " verified after the status updates: " + v.eventsChecked() + " events intact");
                }
                for (Lane lane : ownOrganisationLanes) {
                    lane.verifyOwnChain();
                }
                if (!ownOrganisationLanes.isEmpty()) {
                    Datasets.log(ownOrganisationLanes.size() + " audit chains of " + db + " (an organisation per thread) verified");
                }
            } finally {
                if (database != null) {
                    database.close();
                }
            }
        }
    }

    /** One thread's supply of pending recipients, on a communication of its own. */
    @State(Scope.Thread)
    public static class Lane {
        List<Recipient> pending;
        Caller admin;
        /** For {@link #facade8OwnOrganisations}: this thread's organisation, and the events its chain must hold. */
        Caller ownAdmin;
        long ownExpectedEvents;
        private CommunicationCentre centre;

        /** Prepares a fresh communication with one pending recipient per call of the coming iteration. */
        @Setup(Level.Iteration)
        public void prepare(Env env, BenchmarkParams params) {
            boolean raw = params.getBenchmark().contains("raw");
            boolean own = params.getBenchmark().endsWith("OwnOrganisations");
            centre = env.centre;
            if (own && ownAdmin == null) {
                ownAdmin = Caller.admin(Datasets.transientOrganisation("status-own"), "user-1");
                env.ownOrganisationLanes.add(this);
            }
            admin = raw ? env.rawAdmin : own ? ownAdmin : env.facadeAdmin;
            var c = env.centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "Delivery tracking").build());
            env.centre.addRecipients(admin, c.id(), BenchDirectory.unitIds(Sizes.STATUS_BATCH));
            pending = new ArrayList<>(Sizes.STATUS_BATCH);
            String cursor = null;
            do {
                Page<Recipient> page = env.centre.listRecipients(admin, c.id(), RecipientFilter.all(),
                        cursor == null ? PageRequest.first(100) : PageRequest.after(cursor, 100));
                pending.addAll(page.items());
                cursor = page.nextCursor();
            } while (cursor != null);
            if (own) {
                ownExpectedEvents += 2;
            } else if (!raw) {
                env.expectedEvents.addAndGet(2);
            }
        }

        /** This thread's own chain must verify too, with every event in it. */
        void verifyOwnChain() {
            AuditVerification v = centre.verifyAuditTrail(Caller.member(ownAdmin.organisationId(), "user-2"));
            if (!v.intact() || v.eventsChecked() != ownExpectedEvents) {
                throw new IllegalStateException("AUDIT CHAIN BROKEN after the status updates: " + v
                        + " (expected " + ownExpectedEvents + " intact events)");
            }
        }
    }

    /** @param env shared state @param lane this thread's recipients @return the last recipient */
    @Benchmark
    @Threads(1)
    public Recipient facade1(Env env, Lane lane) {
        return facade(env, lane);
    }

    /** @param env shared state @param lane this thread's recipients @return the last recipient */
    @Benchmark
    @Threads(8)
    public Recipient facade8(Env env, Lane lane) {
        return facade(env, lane);
    }

    /**
     * The same eight threads, each in an organisation of its own: shows what the shared audit chain of one
     * organisation costs, since writers of different organisations never queue for the same chain head.
     *
     * @param env shared state @param lane this thread's recipients @return the last recipient
     */
    @Benchmark
    @Threads(8)
    public Recipient facade8OwnOrganisations(Env env, Lane lane) {
        return facade(env, lane);
    }

    /** @param env shared state @param lane this thread's recipients @return rows changed */
    @Benchmark
    @Threads(1)
    public int rawJdbc1(Env env, Lane lane) throws SQLException {
        return raw(env, lane);
    }

    /** @param env shared state @param lane this thread's recipients @return rows changed */
    @Benchmark
    @Threads(8)
    public int rawJdbc8(Env env, Lane lane) throws SQLException {
        return raw(env, lane);
    }

    private static Recipient facade(Env env, Lane lane) {
        Recipient last = null;
        for (Recipient r : lane.pending) {
            last = env.centre.updateRecipientStatus(lane.admin, r.id(), DeliveryStatus.DELIVERED);
        }
        if (lane.admin == lane.ownAdmin) {
            lane.ownExpectedEvents += lane.pending.size();
        } else {
            env.expectedEvents.addAndGet(lane.pending.size());
        }
        return last;
    }

    private static final String UPDATE = "update cc_recipient set delivery_status = ?, delivered_at = ?, updated_at = ?"
            + " where organisation_id = ? and id = ? and delivery_status = ?";

    /** The same UPDATE and INSERT as the library's, one transaction per call; no locks, no linking. */
    private static int raw(Env env, Lane lane) throws SQLException {
        int changed = 0;
        for (Recipient r : lane.pending) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            try (Connection c = env.database.connection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
                    ps.setString(1, DeliveryStatus.DELIVERED.wireName());
                    Sql.setInstant(ps, 2, now);
                    Sql.setInstant(ps, 3, now);
                    ps.setString(4, r.organisationId());
                    ps.setObject(5, r.id());
                    ps.setString(6, DeliveryStatus.PENDING.wireName());
                    if (ps.executeUpdate() != 1) {
                        throw new IllegalStateException("recipient " + r.id() + " was not pending");
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(Sql.INSERT_AUDIT_EVENT)) {
                    ps.setString(1, r.organisationId());
                    ps.setObject(2, Ids.next());
                    // Pending, as the library's writers append: a made-up sequence would sit at the end of the
                    // organisation's chain, where the library's linker reads where the chain ends.
                    ps.setNull(3, java.sql.Types.BIGINT);
                    ps.setObject(4, r.communicationId());
                    ps.setObject(5, r.id());
                    ps.setString(6, "recipient_status_changed");
                    ps.setString(7, lane.admin.userId());
                    Sql.setInstant(ps, 8, now);
                    ps.setString(9, "{\"from\":\"pending\",\"to\":\"delivered\",\"unitId\":\"" + r.unitId() + "\"}");
                    ps.setString(10, "[]");
                    ps.setNull(11, java.sql.Types.VARCHAR);
                    ps.setNull(12, java.sql.Types.VARCHAR);
                    ps.executeUpdate();
                }
                c.commit();
                changed++;
            }
        }
        return changed;
    }
}
