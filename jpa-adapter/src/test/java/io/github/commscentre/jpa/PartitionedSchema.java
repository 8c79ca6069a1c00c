package io.github.commscentre.jpa;

import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL schema of its own ({@code cc_part_<random>}, dropped on close) holding the shipped V1 with only
 * {@code PARTITION BY HASH (organisation_id)} added to each table, and hash partitions {@code <table>_p<remainder>}:
 * how a host would rehearse distributing the tables by organisation. Skips the calling test class, with the reason
 * printed, when no PostgreSQL is configured.
 */
final class PartitionedSchema implements AutoCloseable {

    private static final String V1 = "db/communication-centre/postgresql/V1__communication_centre.sql";

    /** The counters compared before and after a workload, in this order. */
    private static final String COUNTERS = "seq_scan, coalesce(idx_scan, 0), n_tup_ins, n_tup_upd, n_tup_del";

    private final String name;
    private final int partitions;
    private final List<String> tables;
    private final PGSimpleDataSource dataSource;

    private PartitionedSchema(String name, int partitions, List<String> tables, PGSimpleDataSource dataSource) {
        this.name = name;
        this.partitions = partitions;
        this.tables = tables;
        this.dataSource = dataSource;
    }

    static PartitionedSchema create(int partitions, List<String> tables) {
        String url = System.getenv(TestDatabase.POSTGRES_URL_VARIABLE);
        if (url == null || url.isBlank()) {
            String reason = TestDatabase.POSTGRES_URL_VARIABLE + " is not set: skipping the partitioned schema test";
            System.out.println("SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
        String name = "cc_part_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection connection = dataSourceOn(url).getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("create schema " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        PartitionedSchema schema = new PartitionedSchema(name, partitions, tables,
                dataSourceOn(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name));
        schema.applyPartitionedV1();
        return schema;
    }

    String name() {
        return name;
    }

    PGSimpleDataSource dataSource() {
        return dataSource;
    }

    private void applyPartitionedV1() {
        String v1 = resource(V1);
        for (String table : tables) {
            int start = v1.indexOf("create table " + table + " (");
            int end = v1.indexOf("\n);", start);
            assertThat(start).as("V1 creates %s", table).isNotNegative();
            v1 = v1.substring(0, end) + "\n) partition by hash (organisation_id);" + v1.substring(end + 3);
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(v1);
            for (String table : tables) {
                for (int remainder = 0; remainder < partitions; remainder++) {
                    statement.execute("create table " + table + "_p" + remainder + " partition of " + table
                            + " for values with (modulus " + partitions + ", remainder " + remainder + ")");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the partitioned V1", e);
        }
    }

    /** @return the partition of the table that holds, or would hold, the organisation's rows */
    String partitionOf(String table, String organisationId) {
        return partitionsOf(table, organisationId, true).get(0);
    }

    /** @return a partition of the table that does not hold the organisation's rows */
    String anotherPartitionThan(String table, String organisationId) {
        return partitionsOf(table, organisationId, false).get(0);
    }

    private List<String> partitionsOf(String table, String organisationId, boolean holding) {
        // Asks PostgreSQL's own hash partitioning function: no row needs to exist, and no table is read.
        String sql = "select c.oid::regclass::text from pg_partition_tree(cast(? as regclass)) t join pg_class c on c.oid = t.relid"
                + " where t.isleaf and satisfies_hash_partition(cast(? as regclass), ?,"
                + " cast(substring(pg_get_expr(c.relpartbound, c.oid) from 'remainder (\\d+)') as int), cast(? as varchar)) = ?"
                + " order by 1";
        List<Object> found = new DirectSql(dataSource).column(sql, table, table, partitions, organisationId, holding);
        assertThat(found).as("partitions of %s", table).isNotEmpty();
        return found.stream().map(String::valueOf).toList();
    }

    /**
     * @return {@value #COUNTERS} of every leaf partition, once PostgreSQL's statistics have stopped changing: sessions
     *         flush their counters when they end or go idle, not when a statement ends
     */
    Map<String, long[]> settledTableStatistics() {
        Map<String, long[]> previous = tableStatistics();
        int stableReads = 0;
        for (int attempt = 0; attempt < 150 && stableReads < 4; attempt++) {
            sleep(200);
            Map<String, long[]> current = tableStatistics();
            stableReads = sameCounters(previous, current) ? stableReads + 1 : 0;
            previous = current;
        }
        assertThat(stableReads).as("statistics settled").isEqualTo(4);
        return previous;
    }

    private Map<String, long[]> tableStatistics() {
        String sql = "select s.relname, " + COUNTERS + " from pg_stat_user_tables s"
                + " where s.relid in (select t.relid from unnest(cast(? as regclass[])) as root(r),"
                + " lateral pg_partition_tree(root.r) as t where t.isleaf)";
        Map<String, long[]> counters = new TreeMap<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", tables.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long[] row = new long[5];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rs.getLong(i + 2);
                    }
                    counters.put(rs.getString(1), row);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return counters;
    }

    private static boolean sameCounters(Map<String, long[]> a, Map<String, long[]> b) {
        return a.keySet().equals(b.keySet()) && a.keySet().stream().allMatch(k -> Arrays.equals(a.get(k), b.get(k)));
    }

    @Override
    public void close() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + name + " cascade");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop " + name, e);
        }
    }

    private static PGSimpleDataSource dataSourceOn(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        return ds;
    }

    private static String resource(String path) {
        try (InputStream in = PartitionedSchema.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
