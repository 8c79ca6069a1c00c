package io.github.commscentre.benchmarks;

import io.github.commscentre.AddRecipientsResult;
import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.UnitRecord;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * addRecipients of 10,000 units to a fresh communication, through the facade, against (a) raw JDBC batch inserts
 * of the same rows into {@code cc_recipient}, the limit, and (b) plain Hibernate persisting one entity at a time
 * without JDBC batching, what a typical host writes. One call per measured iteration (each call is long).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6)
@Measurement(iterations = 10)
@Fork(1)
@State(Scope.Benchmark)
public class AddRecipientsBenchmark {

    /** The database. */
    @Param({"h2", "postgresql"})
    public String db;

    private BenchDatabase database;
    private CommunicationCentre centre;
    private Caller admin;
    private List<String> unitIds;
    private List<UnitRecord> units;
    private EntityManagerFactory typicalHost;
    private UUID communicationId;

    /** Opens the database and builds the facade, the unit ids and the typical host's persistence unit. */
    @Setup(Level.Trial)
    public void open() {
        database = BenchDatabase.open(db);
        centre = Facades.centre(database.store());
        admin = Caller.admin(Datasets.transientOrganisation("add"), "user-1");
        unitIds = BenchDirectory.unitIds(Sizes.ADD_UNITS);
        units = new ArrayList<>(Sizes.ADD_UNITS);
        for (int n = 1; n <= Sizes.ADD_UNITS; n++) {
            units.add(BenchDirectory.unit(n));
        }
        typicalHost = database.typicalHostFactory();
    }

    /** Every call adds to a communication of its own. */
    @Setup(Level.Iteration)
    public void freshCommunication() {
        communicationId = centre.create(admin, NewCommunication.builder(CommunicationType.CIRCULAR, "Recipients").build()).id();
    }

    /** Fails the run if a contender did not store every row. */
    @TearDown(Level.Iteration)
    public void checkAllStored() throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement(
                     "select count(*) from cc_recipient where organisation_id = ? and communication_id = ?")) {
            ps.setString(1, admin.organisationId());
            ps.setObject(2, communicationId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) != Sizes.ADD_UNITS) {
                    throw new IllegalStateException("expected " + Sizes.ADD_UNITS + " recipients, found " + rs.getLong(1));
                }
            }
        }
    }

    /** Closes everything. */
    @TearDown(Level.Trial)
    public void close() {
        typicalHost.close();
        database.close();
    }

    /** @return the library's result: directory look-up, duplicate check, snapshot, insert, audit event */
    @Benchmark
    public AddRecipientsResult facade() {
        return centre.addRecipients(admin, communicationId, unitIds);
    }

    /** @return rows inserted by one JDBC batch statement in one transaction: the limit */
    @Benchmark
    public int rawJdbcBatch() throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(Sql.INSERT_RECIPIENT)) {
                long position = 0;
                for (UnitRecord unit : units) {
                    position++;
                    Sql.bindRecipient(ps, new Recipient(Ids.next(), admin.organisationId(), communicationId, unit.unitId(),
                            position, unit.leaseholderName(), unit.leaseholderEmail(), DeliveryStatus.PENDING, null, null,
                            null, now, now, admin.userId()));
                    ps.addBatch();
                    if (position % 1_000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
        return units.size();
    }

    /** @return rows persisted one by one by Hibernate without JDBC batching, in one transaction */
    @Benchmark
    public int plainHibernate() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        EntityManager em = typicalHost.createEntityManager();
        try {
            em.getTransaction().begin();
            long position = 0;
            for (UnitRecord unit : units) {
                position++;
                HostRecipient r = new HostRecipient();
                r.id = Ids.next();
                r.organisationId = admin.organisationId();
                r.communicationId = communicationId;
                r.unitId = unit.unitId();
                r.position = position;
                r.recipientName = unit.leaseholderName();
                r.recipientEmail = unit.leaseholderEmail();
                r.deliveryStatus = DeliveryStatus.PENDING.wireName();
                r.addedAt = now;
                r.updatedAt = now;
                r.addedBy = admin.userId();
                em.persist(r);
            }
            em.getTransaction().commit();
        } finally {
            em.close();
        }
        return units.size();
    }
}
