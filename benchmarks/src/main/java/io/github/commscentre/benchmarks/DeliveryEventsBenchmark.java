package io.github.commscentre.benchmarks;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryEvent;
import io.github.commscentre.DeliveryProvider;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.Recipient;
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
import org.openjdk.jmh.annotations.Warmup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * applyDeliveryEvents with a batch of {@link #EVENTS} "delivered" events of one organisation, each naming its
 * recipient by provider message id, against raw JDBC doing the same updates and inserts in one transaction: the
 * recipients' compare-and-set as one batch, the event ids as one batch, the pending audit events as one batch. Each
 * invocation gets {@link #EVENTS} fresh accepted recipients, inserted before the iteration. The library's figure
 * includes what raw JDBC leaves out: the look-up by message id, the lock, the seen ids, and linking the audit events
 * into the chain after commit.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// Steady state, as a webhook endpoint runs: C2 was still compiling the library's path after 60 batches, and which code
// it settled on differed between forks (one fork's batches ran at 90 ms, the next one's at 65), so two forks each.
@Warmup(iterations = 100)
@Measurement(iterations = 30)
@Fork(2)
public class DeliveryEventsBenchmark {

    /** Events per call, as a webhook hands them over. */
    static final int EVENTS = 1_000;

    private static final DeliveryProvider PROVIDER = DeliveryProvider.named("bench-provider");
    private static final String UPDATE = "update cc_recipient set delivery_status = ?, delivered_at = ?, updated_at = ?"
            + " where organisation_id = ? and id = ? and delivery_status = ?";
    private static final String UPDATE_ALL = "update cc_recipient set delivery_status = ?, delivered_at = ?, updated_at = ?"
            + " where organisation_id = ? and id = any(cast(? as uuid[])) and delivery_status = ?";
    /** What the adapter's transactions ask of PostgreSQL's planner before joining arrays (PostgresDialect). */
    private static final String INDEX_PROBES = "select set_config('plan_cache_mode', 'force_generic_plan', true),"
            + " set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)";
    private static final String INSERT_EVENT = "insert into cc_provider_event"
            + " (organisation_id, provider, provider_event_id, recipient_id, received_at) values (?, ?, ?, ?, ?)";

    /** The database, the facade, an organisation for the library and one for raw JDBC, and the batch of the moment. */
    @State(Scope.Benchmark)
    public static class Env {

        /** The database. */
        @Param({"h2", "postgresql"})
        public String db;

        BenchDatabase database;
        CommunicationCentre centre;
        Caller admin;
        Caller rawAdmin;
        Communication communication;
        Communication rawCommunication;
        List<Recipient> recipients;
        List<Recipient> rawRecipients;
        List<DeliveryEvent> events;
        /** When the provider says the batch's events happened, for both contenders' audit rows. */
        Instant occurredAt;
        long position;

        /** Opens the store and makes a communication in each organisation. */
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
            admin = Caller.admin(Datasets.transientOrganisation("events"), "user-1");
            rawAdmin = Caller.admin(Datasets.transientOrganisation("events-raw"), "user-1");
            communication = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "Events").build());
            rawCommunication = centre.create(rawAdmin, NewCommunication.builder(CommunicationType.NOTICE, "Events").build());
        }

        /** {@value #EVENTS} accepted recipients in each organisation, and the events that deliver the library's. */
        @Setup(Level.Iteration)
        public void prepare() {
            recipients = accepted(communication);
            rawRecipients = accepted(rawCommunication);
            Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
            occurredAt = at;
            events = new ArrayList<>(EVENTS);
            for (Recipient r : recipients) {
                events.add(DeliveryEvent.byProviderMessageId("evt-" + r.id(), r.organisationId(), r.providerMessageId(),
                        DeliveryStatus.DELIVERED, at, null));
            }
        }

        private List<Recipient> accepted(Communication c) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            List<Recipient> batch = new ArrayList<>(EVENTS);
            for (int i = 0; i < EVENTS; i++) {
                long p = ++position;
                UUID id = Ids.next();
                batch.add(new Recipient(id, c.organisationId(), c.id(), "unit-" + p, p, "Leaseholder " + p,
                        "unit-" + p + "@example.com", DeliveryStatus.ACCEPTED, null, null, null, now, now, "user-1",
                        "msg-" + id, 1, null));
            }
            database.store().write(c.organisationId(), tx -> {
                tx.insertRecipients(batch);
                return null;
            });
            return batch;
        }

        /** The library's chain must verify after the trial, or the run fails. */
        @TearDown(Level.Trial)
        public void close() {
            if (!centre.verifyAuditTrail(admin).intact()) {
                throw new IllegalStateException("the audit chain of " + admin.organisationId() + " does not verify");
            }
            database.close();
        }
    }

    /** @return how many were applied, which must be all of them */
    @Benchmark
    public int facadeBatchOf1000(Env env) {
        int applied = 0;
        for (DeliveryEvent.Result r : env.centre.applyDeliveryEvents(PROVIDER, env.events)) {
            applied += r.outcome() == DeliveryEvent.Outcome.APPLIED ? 1 : 0;
        }
        if (applied != EVENTS) {
            throw new IllegalStateException("only " + applied + " of " + EVENTS + " events applied");
        }
        return applied;
    }

    /**
     * The same updates and inserts in one transaction, the updates one statement on PostgreSQL and a JDBC batch on H2 as
     * the adapter's, the inserts JDBC batches; no look-ups, no locks, no linking.
     */
    @Benchmark
    public int rawJdbcBatchOf1000(Env env) throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String org = env.rawAdmin.organisationId();
        try (Connection c = env.database.connection()) {
            c.setAutoCommit(false);
            if (env.database.kind == BenchDatabase.Kind.POSTGRESQL) {
                // The adapter's planner settings too: the organisation is younger than the table's statistics, and
                // planned with them the array's look-up read all of its recipients, more with every iteration.
                try (PreparedStatement ps = c.prepareStatement(INDEX_PROBES)) {
                    ps.execute();
                }
                // As the adapter does on PostgreSQL: one set-based statement rather than a batch of single-row updates.
                try (PreparedStatement ps = c.prepareStatement(UPDATE_ALL)) {
                    ps.setString(1, DeliveryStatus.DELIVERED.wireName());
                    Sql.setInstant(ps, 2, now);
                    Sql.setInstant(ps, 3, now);
                    ps.setString(4, org);
                    ps.setArray(5, c.createArrayOf("uuid", env.rawRecipients.stream().map(Recipient::id).toArray()));
                    ps.setString(6, DeliveryStatus.ACCEPTED.wireName());
                    ps.executeUpdate();
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
                    for (Recipient r : env.rawRecipients) {
                        ps.setString(1, DeliveryStatus.DELIVERED.wireName());
                        Sql.setInstant(ps, 2, now);
                        Sql.setInstant(ps, 3, now);
                        ps.setString(4, org);
                        ps.setObject(5, r.id());
                        ps.setString(6, DeliveryStatus.ACCEPTED.wireName());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT)) {
                for (Recipient r : env.rawRecipients) {
                    ps.setString(1, org);
                    ps.setString(2, PROVIDER.name());
                    ps.setString(3, "evt-" + r.id());
                    ps.setObject(4, r.id());
                    Sql.setInstant(ps, 5, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(Sql.INSERT_AUDIT_EVENT)) {
                for (Recipient r : env.rawRecipients) {
                    ps.setString(1, org);
                    ps.setObject(2, Ids.next());
                    ps.setNull(3, java.sql.Types.BIGINT);
                    ps.setObject(4, r.communicationId());
                    ps.setObject(5, r.id());
                    ps.setString(6, "recipient_status_changed");
                    ps.setString(7, "provider:" + PROVIDER.name());
                    Sql.setInstant(ps, 8, now);
                    // The details the library records for the change, key for key, so that both write rows of one size.
                    ps.setString(9, "{\"from\":\"accepted\",\"occurredAt\":\"" + env.occurredAt + "\",\"provider\":\""
                            + PROVIDER.name() + "\",\"providerEventId\":\"evt-" + r.id() + "\",\"receivedAt\":\"" + now
                            + "\",\"to\":\"delivered\",\"unitId\":\"" + r.unitId() + "\"}");
                    ps.setString(10, "[]");
                    ps.setNull(11, java.sql.Types.VARCHAR);
                    ps.setNull(12, java.sql.Types.VARCHAR);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
        return EVENTS;
    }
}
