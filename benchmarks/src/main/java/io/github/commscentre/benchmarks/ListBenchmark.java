package io.github.commscentre.benchmarks;

import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.Page;
import io.github.commscentre.PageRequest;
import io.github.commscentre.spi.CommunicationKey;
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
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * list over 1,000,000 communications of one organisation among many, filtered by block and status: the first page
 * and the page 10,000 rows deep (by keyset cursor), against the same pages by a hand-written SQL keyset query, and
 * OFFSET at the same depth for contrast.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ListBenchmark {

    /** The database. */
    @Param({"h2", "postgresql"})
    public String db;

    static final CommunicationFilter FILTER = CommunicationFilter.builder()
            .blockId(BenchDirectory.blockId(7)).status(CommunicationStatus.SENT).build();

    private static final String HAND_SQL = "select " + Sql.SUMMARY_COLUMNS + " from cc_communication"
            + " where organisation_id = ? and block_id = ? and status = ?";
    /**
     * The hand-written queries order by the block index's columns from the first, as anyone tuning this query by hand
     * on H2 would: with only {@code order by created_at desc, id desc} H2 sorts all 50,000 rows of the block for every
     * page (2.2 s a page in the first measured run), which would make any library look fast. PostgreSQL plans both
     * spellings alike.
     */
    private static final String HAND_ORDER = " order by organisation_id, block_id, created_at desc, id desc";

    private BenchDatabase database;
    private CommunicationCentre centre;
    private Caller member;
    private PageRequest deepPage;
    private CommunicationKey deepKey;

    /** Loads the dataset if needed, finds the deep cursor by paging, and checks every contender returns the same rows. */
    @Setup(Level.Trial)
    public void open() throws SQLException {
        database = BenchDatabase.open(db);
        Datasets.ensure(database, Datasets.Dataset.LIST);
        centre = Facades.centre(database.store());
        member = Caller.member(Datasets.LIST_ORG, "user-2");
        String cursor = null;
        CommunicationSummary last = null;
        int seen = 0;
        while (seen < Sizes.DEEP_ROWS) {
            int limit = Math.min(100, Sizes.DEEP_ROWS - seen);
            Page<CommunicationSummary> page = centre.list(member, FILTER,
                    cursor == null ? PageRequest.first(limit) : PageRequest.after(cursor, limit));
            seen += page.items().size();
            last = page.items().get(page.items().size() - 1);
            cursor = page.nextCursor();
        }
        deepPage = PageRequest.after(cursor, Sizes.PAGE_SIZE);
        deepKey = new CommunicationKey(last.createdAt(), last.id());

        if (facadeDeepPage().items().size() != Sizes.PAGE_SIZE) {
            throw new IllegalStateException("the deep page is not a full page: too few matching rows in the dataset");
        }
        requireSame("first page", ids(facadeFirstPage().items()), ids(sqlFirstPage()));
        requireSame("deep page", ids(facadeDeepPage().items()), ids(sqlDeepPage()));
        requireSame("deep page by OFFSET", ids(facadeDeepPage().items()), ids(sqlOffsetDeepPage()));
    }

    /** Closes the database. */
    @TearDown(Level.Trial)
    public void close() {
        database.close();
    }

    /** @return the first page through the facade */
    @Benchmark
    public Page<CommunicationSummary> facadeFirstPage() {
        return centre.list(member, FILTER, PageRequest.first(Sizes.PAGE_SIZE));
    }

    /** @return the page after 10,000 rows through the facade, by its cursor */
    @Benchmark
    public Page<CommunicationSummary> facadeDeepPage() {
        return centre.list(member, FILTER, deepPage);
    }

    /** @return the first page by hand-written SQL */
    @Benchmark
    public List<CommunicationSummary> sqlFirstPage() throws SQLException {
        return keyset(null);
    }

    /** @return the page after 10,000 rows by a hand-written keyset query */
    @Benchmark
    public List<CommunicationSummary> sqlDeepPage() throws SQLException {
        return keyset(deepKey);
    }

    /** @return the page after 10,000 rows by OFFSET */
    @Benchmark
    public List<CommunicationSummary> sqlOffsetDeepPage() throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement(HAND_SQL + HAND_ORDER + " limit ? offset ?")) {
            bindFilter(ps);
            ps.setInt(4, Sizes.PAGE_SIZE + 1);
            ps.setInt(5, Sizes.DEEP_ROWS);
            return rows(ps);
        }
    }

    /** Fetches one more row than the page, as the facade does, to know whether a next page exists. */
    private List<CommunicationSummary> keyset(CommunicationKey after) throws SQLException {
        String sql = HAND_SQL + (after == null ? "" : " and (created_at, id) < (?, ?)") + HAND_ORDER + " limit ?";
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bindFilter(ps);
            int index = 4;
            if (after != null) {
                Sql.setInstant(ps, index++, after.createdAt());
                ps.setObject(index++, after.id());
            }
            ps.setInt(index, Sizes.PAGE_SIZE + 1);
            return rows(ps);
        }
    }

    private static void bindFilter(PreparedStatement ps) throws SQLException {
        ps.setString(1, Datasets.LIST_ORG);
        ps.setString(2, FILTER.blockId());
        ps.setString(3, FILTER.status().wireName());
    }

    private static List<CommunicationSummary> rows(PreparedStatement ps) throws SQLException {
        List<CommunicationSummary> rows = new ArrayList<>(Sizes.PAGE_SIZE + 1);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(Sql.summary(rs));
            }
        }
        return rows;
    }

    private static List<UUID> ids(List<CommunicationSummary> rows) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < Math.min(Sizes.PAGE_SIZE, rows.size()); i++) {
            ids.add(rows.get(i).id());
        }
        return ids;
    }

    static void requireSame(String what, Object library, Object baseline) {
        if (!Objects.equals(library, baseline)) {
            throw new IllegalStateException(what + ": the library and its baseline disagree, so the comparison would be "
                    + "meaningless:\n library:  " + library + "\n baseline: " + baseline);
        }
    }
}
