package io.github.commscentre.benchmarks;

import io.github.commscentre.jpa.JpaCommunicationStore;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceConfiguration;
import jakarta.persistence.PersistenceUnitTransactionType;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceProvider;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * One of the two databases the benchmarks run on, with its connection pool.
 * <ul>
 *   <li>H2: a file database under {@code benchmarks/target/bench-data/} (so that every JMH fork, and the next run,
 *       reuses the million rows loaded once), at H2's defaults.</li>
 *   <li>PostgreSQL: the server named by {@code COMMS_TEST_POSTGRES_URL}, in a schema of its own,
 *       {@code cc_bench}, which Flyway creates on first use; {@code reWriteBatchedInserts=true} as the adapter's
 *       documentation asks.</li>
 * </ul>
 * The schema always comes from the migrations shipped in the adapter's jar, applied by Flyway as a host would.
 */
final class BenchDatabase implements AutoCloseable {

    /** The environment variable naming the PostgreSQL server. */
    static final String POSTGRES_URL_VARIABLE = "COMMS_TEST_POSTGRES_URL";
    /** The PostgreSQL schema that holds everything the benchmarks store. */
    static final String POSTGRES_SCHEMA = "cc_bench";

    enum Kind { H2, POSTGRESQL }

    final Kind kind;
    final String jdbcUrl;
    final BenchPool pool;
    private JpaCommunicationStore store;

    private BenchDatabase(Kind kind, String jdbcUrl, int poolSize) {
        this.kind = kind;
        this.jdbcUrl = jdbcUrl;
        this.pool = new BenchPool(() -> DriverManager.getConnection(jdbcUrl), poolSize);
    }

    /**
     * @param name {@code h2} or {@code postgresql}
     * @return the database, migrated
     */
    static BenchDatabase open(String name) {
        BenchDatabase db = switch (name) {
            case "h2" -> new BenchDatabase(Kind.H2, h2Url(), 16);
            case "postgresql" -> new BenchDatabase(Kind.POSTGRESQL, postgresUrl(), 16);
            default -> throw new IllegalArgumentException("unknown database " + name + ": use h2 or postgresql");
        };
        db.migrate();
        return db;
    }

    /** @return whether PostgreSQL is configured */
    static boolean postgresConfigured() {
        String url = System.getenv(POSTGRES_URL_VARIABLE);
        return url != null && !url.isBlank();
    }

    static Path dataDirectory() {
        String configured = System.getProperty("bench.dataDir");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        try {
            // benchmarks/target/benchmarks.jar (or benchmarks/target/classes) -> benchmarks/target/bench-data
            Path codeSource = Path.of(BenchDatabase.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return codeSource.getParent().resolve("bench-data").toAbsolutePath();
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("bench-data").toAbsolutePath();
        }
    }

    private static String h2Url() {
        File dir = dataDirectory().toFile();
        if (!dir.isDirectory() && !dir.mkdirs()) {
            throw new IllegalStateException("cannot create " + dir);
        }
        // LOCK_TIMEOUT: eight writers queue on one organisation's chain head in the status scenario.
        // OPTIMIZE_REUSE_RESULTS=FALSE: H2 otherwise hands an auto-commit query the previous result of the same
        // statement when no table changed since; the baselines run in auto-commit and would be timed doing nothing
        // (measured: 0.1 ms for an aggregate that costs 20 ms), while the library's reads run in transactions.
        // CACHE_SIZE (KB): H2's default 16 MB page cache thrashes on a file of several GB; the benchmark JVMs give it
        // 256 MB, the memory check (heap capped at 256 MB, cache included) keeps H2's default.
        return "jdbc:h2:file:" + new File(dir, "ccbench").getAbsolutePath() + ";LOCK_TIMEOUT=60000;OPTIMIZE_REUSE_RESULTS=FALSE"
                + ";CACHE_SIZE=" + Integer.getInteger("bench.h2CacheKb", 262_144);
    }

    private static String postgresUrl() {
        if (!postgresConfigured()) {
            throw new IllegalStateException(POSTGRES_URL_VARIABLE + " is not set: cannot run on PostgreSQL "
                    + "(set it to e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres)");
        }
        String url = System.getenv(POSTGRES_URL_VARIABLE);
        String withSchema = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + POSTGRES_SCHEMA;
        return withSchema.toLowerCase(Locale.ROOT).contains("rewritebatchedinserts") ? withSchema
                : withSchema + "&reWriteBatchedInserts=true";
    }

    private void migrate() {
        Flyway flyway = Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/communication-centre/" + (kind == Kind.H2 ? "h2" : "postgresql"))
                .schemas(kind == Kind.H2 ? new String[0] : new String[]{POSTGRES_SCHEMA})
                .load();
        try {
            flyway.migrate();
        } catch (FlywayValidateException e) {
            // The shipped scripts changed since the datasets were loaded (a version 1 still being written): the
            // benchmark database is only a cache of generated rows, so it is rebuilt rather than patched.
            Datasets.log("the " + this + " benchmark database was made by other migrations; dropping it and loading again");
            try {
                execute(kind == Kind.H2 ? "drop all objects" : "drop schema " + POSTGRES_SCHEMA + " cascade");
            } catch (SQLException dropFailure) {
                throw new IllegalStateException("could not drop the outdated benchmark database", dropFailure);
            }
            flyway.migrate();
        }
    }

    /** @return a pooled connection in auto-commit mode */
    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** @return the library's store over this database's pool, as a host without JPA would build it */
    synchronized JpaCommunicationStore store() {
        if (store == null) {
            store = JpaCommunicationStore.standalone(pool);
        }
        return store;
    }

    /**
     * The persistence unit of a typical host that maps {@code cc_recipient} itself: Hibernate's defaults, no JDBC
     * batching, no insert ordering.
     */
    EntityManagerFactory typicalHostFactory() {
        PersistenceConfiguration configuration = new PersistenceConfiguration("typical-host")
                .provider(HibernatePersistenceProvider.class.getName())
                .transactionType(PersistenceUnitTransactionType.RESOURCE_LOCAL)
                .managedClass(HostRecipient.class)
                .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, pool)
                .property(AvailableSettings.HBM2DDL_AUTO, "none");
        return new HibernatePersistenceProvider().createEntityManagerFactory(configuration);
    }

    void execute(String sql) throws SQLException {
        try (Connection c = connection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
        }
        pool.close();
    }

    @Override
    public String toString() {
        return kind == Kind.H2 ? "h2" : "postgresql";
    }
}
