package io.github.commscentre.benchmarks;

import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationDetails;
import io.github.commscentre.DeliveryStatus;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * getById of a communication with 50,000 recipients (its recipient count, per-status counts and recipients
 * without email) against one hand-written aggregate query over its recipients.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class GetByIdBenchmark {

    /** The database. */
    @Param({"h2", "postgresql"})
    public String db;

    private static final String AGGREGATE = "select count(*),"
            + " sum(case when delivery_status = 'pending' then 1 else 0 end),"
            + " sum(case when delivery_status = 'delivered' then 1 else 0 end),"
            + " sum(case when delivery_status = 'opened' then 1 else 0 end),"
            + " sum(case when delivery_status = 'bounced' then 1 else 0 end),"
            + " sum(case when delivery_status = 'failed' then 1 else 0 end),"
            + " sum(case when recipient_email is null then 1 else 0 end)"
            + " from cc_recipient where organisation_id = ? and communication_id = ?";

    private BenchDatabase database;
    private CommunicationCentre centre;
    private Caller member;

    /** Loads the dataset if needed and checks both contenders count the same. */
    @Setup(Level.Trial)
    public void open() throws SQLException {
        database = BenchDatabase.open(db);
        Datasets.ensure(database, Datasets.Dataset.STATS);
        centre = Facades.centre(database.store());
        member = Caller.member(Datasets.STATS_ORG, "user-2");
        CommunicationDetails details = facade();
        long[] counts = sqlAggregate();
        List<Long> library = List.of(details.recipientCount(), details.deliveryCount(DeliveryStatus.PENDING),
                details.deliveryCount(DeliveryStatus.DELIVERED), details.deliveryCount(DeliveryStatus.OPENED),
                details.deliveryCount(DeliveryStatus.BOUNCED), details.deliveryCount(DeliveryStatus.FAILED),
                details.recipientsWithoutEmail());
        List<Long> baseline = List.of(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6]);
        ListBenchmark.requireSame("recipient figures", library, baseline);
        if (details.recipientCount() != Sizes.STATS_RECIPIENTS) {
            throw new IllegalStateException("expected " + Sizes.STATS_RECIPIENTS + " recipients, found " + details.recipientCount());
        }
    }

    /** Closes the database. */
    @TearDown(Level.Trial)
    public void close() {
        database.close();
    }

    /** @return the communication with its figures through the facade */
    @Benchmark
    public CommunicationDetails facade() {
        return centre.getById(member, Datasets.STATS_COMMUNICATION);
    }

    /** @return the same figures by one hand-written aggregate query */
    @Benchmark
    public long[] sqlAggregate() throws SQLException {
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(AGGREGATE)) {
            ps.setString(1, Datasets.STATS_ORG);
            ps.setObject(2, Datasets.STATS_COMMUNICATION);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long[] counts = new long[7];
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = rs.getLong(i + 1);
                }
                return counts;
            }
        }
    }
}
