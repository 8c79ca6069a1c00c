package io.github.commscentre.benchmarks;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.internal.AuditChain;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * verifyAuditTrail over an organisation's chain of 1,000,000 events (goal: at least 200,000 events per second),
 * beside two raw JDBC baselines that show where the time goes: streaming the rows alone (the database's share),
 * and streaming them while recomputing every hash with the library's canonical encoding (the inherent work).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(1)
@State(Scope.Benchmark)
public class VerifyAuditTrailBenchmark {

    /** The database. */
    @Param({"h2", "postgresql"})
    public String db;

    private static final String SCAN = "select " + Sql.AUDIT_COLUMNS + " from cc_audit_event where organisation_id = ?"
            + " order by sequence";

    private BenchDatabase database;
    private CommunicationCentre centre;
    private Caller member;

    /** Loads the chain if needed. */
    @Setup(Level.Trial)
    public void open() {
        database = BenchDatabase.open(db);
        Datasets.ensure(database, Datasets.Dataset.AUDIT);
        centre = Facades.centre(database.store());
        member = Caller.member(Datasets.AUDIT_ORG, "user-2");
    }

    /** Closes the database. */
    @TearDown(Level.Trial)
    public void close() {
        database.close();
    }

    /** @return the verification, which must be intact and cover every event */
    @Benchmark
    public AuditVerification facade() {
        AuditVerification v = centre.verifyAuditTrail(member);
        if (!v.intact() || v.eventsChecked() != Sizes.AUDIT_EVENTS) {
            throw new IllegalStateException("the audit dataset does not verify: " + v);
        }
        return v;
    }

    /** @return the events read, streaming every column of every row and nothing else */
    @Benchmark
    public long rawJdbcScan() throws SQLException {
        long[] count = {0};
        long checksum = scan(rs -> {
            count[0]++;
            return rs.getString(12).length() + rs.getString(9).length() + rs.getString(10).length();
        });
        return count[0] + checksum;
    }

    /** @return the events whose hash was recomputed and linked, by hand-written code with the library's encoding */
    @Benchmark
    public long rawJdbcScanAndHash() throws SQLException {
        String[] previous = {AuditEvent.GENESIS_HASH};
        long checked = scan(rs -> {
            AuditEvent e = new AuditEvent(rs.getObject(2, UUID.class), rs.getString(1), rs.getLong(3),
                    rs.getObject(4, UUID.class), rs.getObject(5, UUID.class), AuditEventType.fromWireName(rs.getString(6)),
                    rs.getString(7), Sql.instant(rs, 8), parseDetails(rs.getString(9)), parseList(rs.getString(10)),
                    rs.getString(11), rs.getString(12));
            if (!e.previousHash().equals(previous[0]) || !AuditChain.expectedHash(e).equals(e.hash())) {
                throw new IllegalStateException("broken at " + e.sequence());
            }
            previous[0] = e.hash();
            return 1;
        });
        if (checked != Sizes.AUDIT_EVENTS) {
            throw new IllegalStateException("checked " + checked + " events");
        }
        return checked;
    }

    @FunctionalInterface
    private interface RowWork {
        long apply(ResultSet rs) throws SQLException;
    }

    /** Streams the organisation's events in sequence order, 1,000 rows per fetch. */
    private long scan(RowWork work) throws SQLException {
        long total = 0;
        try (Connection c = database.connection()) {
            c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try (PreparedStatement ps = c.prepareStatement(SCAN)) {
                ps.setFetchSize(1_000);
                ps.setString(1, Datasets.AUDIT_ORG);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        total += work.apply(rs);
                    }
                }
            }
            c.commit();
        }
        return total;
    }

    /** Reads the plain-text subset of the adapter's details encoding the datasets hold. */
    static Map<String, String> parseDetails(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        List<String> parts = parseStrings(text, '{', '}');
        for (int i = 0; i + 1 < parts.size(); i += 2) {
            map.put(parts.get(i), parts.get(i + 1));
        }
        return map;
    }

    static List<String> parseList(String text) {
        return parseStrings(text, '[', ']');
    }

    private static List<String> parseStrings(String text, char open, char close) {
        if (text.charAt(0) != open || text.charAt(text.length() - 1) != close || text.indexOf('\\') >= 0) {
            throw new IllegalStateException("not plain " + open + close + " text: " + text);
        }
        List<String> strings = new ArrayList<>();
        int i = 1;
        while (i < text.length() - 1) {
            int start = text.indexOf('"', i);
            if (start < 0) {
                break;
            }
            int end = text.indexOf('"', start + 1);
            strings.add(text.substring(start + 1, end));
            i = end + 1;
        }
        return strings;
    }
}
