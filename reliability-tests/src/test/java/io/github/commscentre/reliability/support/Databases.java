package io.github.commscentre.reliability.support;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;

/**
 * Fresh databases with the shipped migrations applied by Flyway, as a host would apply them: an H2 in-memory
 * database of its own, an H2 file database that child JVMs can open too, or a PostgreSQL schema of its own (dropped
 * on close) so that helpers sharing the PostgreSQL server never see each other's rows.
 */
public final class Databases {

    /** The environment variable that points the PostgreSQL tests at a server. */
    public static final String POSTGRES_ENV = "COMMS_TEST_POSTGRES_URL";

    private Databases() {
    }

    /** A migrated database: where it is, and a plain (unpooled) data source to it. */
    public static final class Database implements AutoCloseable {
        private final String kind;
        private final String jdbcUrl;
        private final DataSource dataSource;
        private final String schema;
        private final String adminUrl;
        /** For an H2 file database: a connection that keeps it open (and its server running), and its directory. */
        private Connection keeper;
        private Path directory;

        private Database(String kind, String jdbcUrl, DataSource dataSource, String schema, String adminUrl) {
            this.kind = kind;
            this.jdbcUrl = jdbcUrl;
            this.dataSource = dataSource;
            this.schema = schema;
            this.adminUrl = adminUrl;
        }

        /** @return {@code h2} or {@code postgresql} */
        public String kind() {
            return kind;
        }

        /** @return the JDBC URL, pointing at this database's own schema */
        public String jdbcUrl() {
            return jdbcUrl;
        }

        /** @return the user to pass with {@link #jdbcUrl()}, or null when the URL names it */
        public String user() {
            return schema == null ? "sa" : null;
        }

        /** @return the password to pass with {@link #jdbcUrl()}, or null when the URL names it */
        public String password() {
            return schema == null ? "" : null;
        }

        /** @return a store over this database with a pool of its own: one application instance */
        public io.github.commscentre.jpa.JpaCommunicationStore newStore() {
            return user() == null ? io.github.commscentre.jpa.JpaCommunicationStore.standalone(jdbcUrl)
                    : io.github.commscentre.jpa.JpaCommunicationStore.standalone(jdbcUrl, user(), password());
        }

        /** @return an unpooled data source */
        public DataSource dataSource() {
            return dataSource;
        }

        /** @return a new connection; the caller closes it */
        public Connection connect() throws SQLException {
            return dataSource.getConnection();
        }

        /**
         * Drops the PostgreSQL schema; an H2 in-memory database simply goes with the JVM; an H2 file database is closed
         * (its last connection here) and its directory deleted.
         */
        @Override
        public void close() {
            if (keeper != null) {
                closeShared();
                return;
            }
            if (schema == null) {
                return;
            }
            PGSimpleDataSource admin = new PGSimpleDataSource();
            admin.setURL(adminUrl);
            try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
                s.execute("drop schema if exists " + schema + " cascade");
            } catch (SQLException e) {
                System.out.println("could not drop schema " + schema + ": " + e.getMessage());
            }
        }

        private void closeShared() {
            try (Connection c = keeper; Statement s = c.createStatement()) {
                s.execute("shutdown");
            } catch (SQLException e) {
                System.out.println("could not shut the H2 database in " + directory + " down: " + e.getMessage());
            }
            keeper = null;
            try (var files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                System.out.println("could not delete " + directory + ": " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return kind + (schema == null ? "" : " schema " + schema) + (directory == null ? "" : " in " + directory);
        }
    }

    /** @return a fresh, migrated H2 in-memory database that lives until the JVM ends */
    public static Database h2(String purpose) {
        return h2(purpose, "");
    }

    /**
     * @return a fresh, migrated H2 database that waits up to 20 s for a row lock: H2's default of 2 s is short for
     *         the queues of eight writers on one row that the race suites build, and a wait past it would show as
     *         a {@code CONFLICT} where the rule under test expects the call to succeed
     */
    public static Database h2ForRaces(String purpose) {
        return h2(purpose, ";LOCK_TIMEOUT=20000");
    }

    /**
     * @return a fresh, migrated H2 file database in a temporary directory that other JVMs can open with the same URL:
     *         {@code AUTO_SERVER=TRUE}, so this JVM, which opens it first and keeps it open until {@link Database#close},
     *         serves it to them over TCP. A child JVM killed while connected leaves this JVM's database as it is; H2
     *         rolls the child's session back. The lock timeout is the races' 20 s.
     */
    public static Database h2Shared(String purpose) {
        Path directory;
        try {
            directory = Files.createTempDirectory("cc-" + purpose + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the H2 database of " + purpose, e);
        }
        String url = "jdbc:h2:file:" + directory.resolve("db").toAbsolutePath() + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=20000";
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        ds.setPassword("");
        Database database = new Database("h2", url, ds, null, null);
        database.directory = directory;
        try {
            database.keeper = ds.getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the H2 database in " + directory, e);
        }
        migrate(ds, "h2", null);
        return database;
    }

    private static Database h2(String purpose, String settings) {
        String url = "jdbc:h2:mem:" + purpose + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" + settings;
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        ds.setPassword("");
        migrate(ds, "h2", null);
        return new Database("h2", url, ds, null, null);
    }

    /**
     * Skips the calling test, with the reason printed, when {@value #POSTGRES_ENV} is unset; otherwise returns
     * a fresh schema with the migrations applied.
     */
    public static Database postgres(String purpose) {
        String base = System.getenv(POSTGRES_ENV);
        if (base == null || base.isBlank()) {
            String reason = POSTGRES_ENV + " is not set: the PostgreSQL part of " + purpose
                    + " is skipped (set it, e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres)";
            System.out.println("RELIABILITY skipped: " + reason);
            Assumptions.abort(reason);
        }
        String schema = ("rel_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        migrate(ds, "postgresql", schema);
        return new Database("postgresql", url, ds, schema, base);
    }

    /** @return whether the PostgreSQL tests can run */
    public static boolean postgresConfigured() {
        String base = System.getenv(POSTGRES_ENV);
        return base != null && !base.isBlank();
    }

    private static void migrate(DataSource ds, String kind, String schema) {
        var config = Flyway.configure().dataSource(ds).locations("classpath:db/communication-centre/" + kind);
        if (schema != null) {
            config.schemas(schema);
        }
        config.load().migrate();
    }
}
