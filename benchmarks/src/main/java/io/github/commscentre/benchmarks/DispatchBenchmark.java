package io.github.commscentre.benchmarks;

import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DispatchReport;
import io.github.commscentre.NewCommunication;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Dispatching one communication of {@link Sizes#DISPATCH_RECIPIENTS} recipients with a channel that accepts everything
 * at once: the library's {@code dispatchDue} (claims of 500 with leases, the hand-over on the channel's thread, the
 * outcomes recorded by claim with one {@code dispatch_batch} event each, linked into the chain, and the finish with its
 * digests), against raw JDBC doing the database's share of the same: the same claiming statement in batches of 500, one
 * JDBC batch of outcome updates and one audit insert per batch, and the communication marked sent. One dispatch per
 * measured iteration; each iteration sends a fresh communication, prepared (and checked afterwards) outside the timing.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
@State(Scope.Benchmark)
public class DispatchBenchmark {

    /** The database. */
    @Param({"h2", "postgresql"})
    public String db;

    private BenchDatabase database;
    private CommunicationCentre centre;
    private Caller admin;
    private UUID communicationId;

    /** Opens the database and builds the facade with its accepting channel, in an organisation of this trial's own. */
    @Setup(Level.Trial)
    public void open() {
        database = BenchDatabase.open(db);
        centre = Facades.dispatchingCentre(database.store());
        admin = Caller.admin(Datasets.transientOrganisation("dispatch"), "user-1");
    }

    /** A fresh communication with every recipient pending, sending: what each contender then dispatches. */
    @Setup(Level.Iteration)
    public void freshCommunication() throws SQLException {
        communicationId = prepare(centre, admin, Sizes.DISPATCH_RECIPIENTS);
        // Each iteration leaves 100,000 dead row versions behind (every recipient claimed, then given its outcome):
        // vacuumed before the next one, as autovacuum would, so that no contender pays for the one before it.
        Datasets.vacuum(database);
    }

    /** Fails the run unless every recipient was accepted and the communication sent. */
    @TearDown(Level.Iteration)
    public void checkAllSent() throws SQLException {
        check(database, admin.organisationId(), communicationId, Sizes.DISPATCH_RECIPIENTS);
    }

    /** Closes everything. */
    @TearDown(Level.Trial)
    public void close() {
        database.close();
    }

    /** @return the round's report: every recipient handed over and recorded, the communication sent */
    @Benchmark
    public DispatchReport facade() {
        return centre.dispatchDue(admin.organisationId());
    }

    /** @return recipients recorded: the same claims, outcome batches and audit rows in plain JDBC */
    @Benchmark
    public int rawJdbc() throws SQLException {
        return rawDispatch(database, admin.organisationId(), communicationId);
    }

    // ---- shared with StatementCounts and MemoryCheck ----------------------------------------------------------

    /** @return a sending communication of {@code recipients} recipients, all pending */
    static UUID prepare(CommunicationCentre centre, Caller admin, int recipients) {
        UUID id = centre.create(admin, NewCommunication.builder(CommunicationType.AGM_NOTICE, "AGM notice")
                .bodyHtml("<p>The annual general meeting is on 12 June at 7pm in the community hall.</p>")
                .channel("email").build()).id();
        centre.addRecipients(admin, id, BenchDirectory.unitIds(recipients));
        centre.send(admin, id);
        return id;
    }

    /** Throws unless the communication is sent and all {@code recipients} were accepted. */
    static void check(BenchDatabase database, String org, UUID communicationId, int recipients) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("select count(*) from cc_recipient where organisation_id = ?"
                     + " and communication_id = ? and delivery_status = 'accepted' and provider_message_id is not null");
             PreparedStatement status = c.prepareStatement("select status from cc_communication where organisation_id = ? and id = ?")) {
            ps.setString(1, org);
            ps.setObject(2, communicationId);
            status.setString(1, org);
            status.setObject(2, communicationId);
            try (ResultSet rs = ps.executeQuery(); ResultSet st = status.executeQuery()) {
                rs.next();
                st.next();
                if (rs.getLong(1) != recipients || !"sent".equals(st.getString(1))) {
                    throw new IllegalStateException("expected " + recipients + " accepted recipients of a sent communication,"
                            + " found " + rs.getLong(1) + " of a communication " + st.getString(1));
                }
            }
        }
    }

    private static final String RETURNED = Sql.RECIPIENT_COLUMNS + ", provider_message_id, dispatch_attempts, next_attempt_at";

    /**
     * The adapter's claim, as its dialects write it; parameters (org, communication, now, limit), then on PostgreSQL
     * (lease until, claim, org, now) and on H2 (org, now, lease until, claim).
     */
    private static String claim(BenchDatabase.Kind kind) {
        String claimable = "delivery_status = 'pending' and (next_attempt_at is null or next_attempt_at <= ?)";
        String sets = "dispatch_attempts = dispatch_attempts + 1, next_attempt_at = ?, claim_token = ?";
        String candidates = "select %s as candidate from %s where organisation_id = ? and communication_id = ? and "
                + claimable + " %sfetch first ? rows only %s";
        if (kind == BenchDatabase.Kind.POSTGRESQL) {
            return "with candidates as materialized (" + String.format(candidates, "ctid", "cc_recipient", "order by position, id ",
                    "for no key update skip locked") + "), claimed as (update cc_recipient set " + sets + " from candidates"
                    + " where organisation_id = ? and ctid = candidate and " + claimable + " returning " + RETURNED + ")"
                    + " select " + RETURNED + " from claimed order by position, id";
        }
        return "select " + RETURNED + " from final table (merge into cc_recipient r using (" + String.format(candidates, "id",
                "cc_recipient use index (cc_recipient_claim_ix)", "", "for update skip locked") + ") c"
                + " on r.organisation_id = ? and r.id = c.candidate when matched and " + claimable + " then update set " + sets + ")"
                + " order by position, id";
    }

    /** One JDBC batch of single-row updates, as the adapter records outcomes on H2. */
    private static final String RECORD = "update cc_recipient set delivery_status = 'accepted', provider_message_id = ?,"
            + " updated_at = ?, next_attempt_at = null, claim_token = null"
            + " where organisation_id = ? and id = ? and claim_token = ? and delivery_status = 'pending'";

    /** One set-based statement over arrays, as the adapter records outcomes on PostgreSQL; parameters (ids, message ids, at, org, claim). */
    private static final String RECORD_SET = "update cc_recipient r set delivery_status = 'accepted', provider_message_id = u.m,"
            + " updated_at = ?, next_attempt_at = null, claim_token = null from unnest(cast(? as uuid[]), cast(? as text[])) as u(i, m)"
            + " where r.organisation_id = ? and r.id = u.i and r.claim_token = ? and r.delivery_status = 'pending'";

    private static final String FINISH = "update cc_communication set status = 'sent', sent_at = ?, updated_at = ?,"
            + " version = version + 1 where organisation_id = ? and id = ? and status = 'sending'";

    /** A recipient as the raw dispatcher reads it back from its claim: what a message to it needs. */
    private record Claimed(UUID id, String unitId, String name, String email, int attempts) {
    }

    /**
     * Dispatches every pending recipient of the communication: claims of {@link Sizes#DISPATCH_BATCH} (each its own
     * transaction, as the library's), then per batch one JDBC batch of outcomes and one pending audit event in one
     * transaction, then the communication marked sent with its event.
     *
     * @return recipients recorded
     */
    static int rawDispatch(BenchDatabase database, String org, UUID communicationId) throws SQLException {
        int recorded = 0;
        String claimSql = claim(database.kind);
        try (Connection c = database.connection()) {
            while (true) {
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                UUID token = UUID.randomUUID();
                List<Claimed> batch = new ArrayList<>(Sizes.DISPATCH_BATCH);
                c.setAutoCommit(true);
                try (PreparedStatement ps = c.prepareStatement(claimSql)) {
                    ps.setString(1, org);
                    ps.setObject(2, communicationId);
                    Sql.setInstant(ps, 3, now);
                    ps.setInt(4, Sizes.DISPATCH_BATCH);
                    boolean postgres = database.kind == BenchDatabase.Kind.POSTGRESQL;
                    Sql.setInstant(ps, postgres ? 5 : 7, now.plus(5, ChronoUnit.MINUTES));
                    ps.setObject(postgres ? 6 : 8, token);
                    ps.setString(postgres ? 7 : 5, org);
                    Sql.setInstant(ps, postgres ? 8 : 6, now);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            batch.add(new Claimed(rs.getObject(2, UUID.class), rs.getString(4), rs.getString(6), rs.getString(7),
                                    rs.getInt(16)));
                        }
                    }
                }
                if (batch.isEmpty()) {
                    break;
                }
                Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
                c.setAutoCommit(false);
                List<String> units = new ArrayList<>(batch.size());
                for (Claimed r : batch) {
                    units.add(r.unitId());
                }
                recorded += database.kind == BenchDatabase.Kind.POSTGRESQL ? recordSet(c, org, token, batch, at)
                        : recordBatch(c, org, token, batch, at);
                String outcomes = "a".repeat(batch.size());
                insertEvent(c, org, communicationId, "dispatch_batch", at, "{\"accepted\":\"" + batch.size() + "\",\"count\":\""
                        + batch.size() + "\",\"failed\":\"0\",\"outcomes\":\"" + outcomes + "\",\"retried\":\"0\"}", Sql.unitIds(units));
                c.commit();
            }
            Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(FINISH)) {
                Sql.setInstant(ps, 1, at);
                Sql.setInstant(ps, 2, at);
                ps.setString(3, org);
                ps.setObject(4, communicationId);
                if (ps.executeUpdate() != 1) {
                    throw new IllegalStateException("communication " + communicationId + " was not sending");
                }
            }
            insertEvent(c, org, communicationId, "sent", at, "{\"sentAt\":\"" + at + "\"}", "[]");
            c.commit();
        }
        return recorded;
    }

    private static int recordBatch(Connection c, String org, UUID token, List<Claimed> batch, Instant at) throws SQLException {
        int recorded = 0;
        try (PreparedStatement ps = c.prepareStatement(RECORD)) {
            for (Claimed r : batch) {
                ps.setString(1, r.id().toString());
                Sql.setInstant(ps, 2, at);
                ps.setString(3, org);
                ps.setObject(4, r.id());
                ps.setObject(5, token);
                ps.addBatch();
            }
            for (int count : ps.executeBatch()) {
                recorded += count;
            }
        }
        return recorded;
    }

    private static int recordSet(Connection c, String org, UUID token, List<Claimed> batch, Instant at) throws SQLException {
        UUID[] ids = new UUID[batch.size()];
        String[] messageIds = new String[batch.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = batch.get(i).id();
            messageIds[i] = ids[i].toString();
        }
        try (PreparedStatement ps = c.prepareStatement(RECORD_SET)) {
            Sql.setInstant(ps, 1, at);
            ps.setArray(2, c.createArrayOf("uuid", ids));
            ps.setArray(3, c.createArrayOf("text", messageIds));
            ps.setString(4, org);
            ps.setObject(5, token);
            return ps.executeUpdate();
        }
    }

    /** Appends an event pending, as the library's writers do. */
    private static void insertEvent(Connection c, String org, UUID communicationId, String type, Instant at, String details,
                                    String unitIds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(Sql.INSERT_AUDIT_EVENT)) {
            ps.setString(1, org);
            ps.setObject(2, Ids.next());
            ps.setNull(3, Types.BIGINT);
            ps.setObject(4, communicationId);
            ps.setNull(5, Types.OTHER);
            ps.setString(6, type);
            ps.setString(7, "commscentre:dispatcher");
            Sql.setInstant(ps, 8, at);
            ps.setString(9, details);
            ps.setString(10, unitIds);
            ps.setNull(11, Types.VARCHAR);
            ps.setNull(12, Types.VARCHAR);
            ps.executeUpdate();
        }
    }
}
