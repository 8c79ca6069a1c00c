package io.github.commscentre.jpa;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceConfiguration;
import jakarta.persistence.PersistenceUnitTransactionType;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceProvider;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh database for one test class: an in-memory H2 database, or a new schema {@code cc_test_<random>} in the
 * PostgreSQL named by {@code COMMS_TEST_POSTGRES_URL} (so that parallel runs never share tables). The shipped
 * migrations are applied with Flyway, exactly as a host would; Hibernate then only validates against them.
 */
final class TestDatabase implements AutoCloseable {

    /** The environment variable naming the PostgreSQL to test against. */
    static final String POSTGRES_URL_VARIABLE = "COMMS_TEST_POSTGRES_URL";

    enum Kind { H2, POSTGRESQL }

    final Kind kind;
    /** The JDBC URL with the test schema (and, on PostgreSQL, batched inserts) selected. */
    final String jdbcUrl;
    final String schema;
    private final List<EntityManagerFactory> factories = new ArrayList<>();

    private TestDatabase(Kind kind, String jdbcUrl, String schema) {
        this.kind = kind;
        this.jdbcUrl = jdbcUrl;
        this.schema = schema;
    }

    static TestDatabase h2() {
        TestDatabase db = emptyH2();
        db.migrate();
        return db;
    }

    private static TestDatabase emptyH2() {
        String name = "cc_" + UUID.randomUUID().toString().replace("-", "");
        // LOCK_TIMEOUT: H2's default of 2 s is short for a queue of concurrent writers on one row.
        return new TestDatabase(Kind.H2, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000", null);
    }

    /** @return another database of the same kind, with nothing in it; the caller closes it */
    TestDatabase emptySibling() {
        return kind == Kind.H2 ? emptyH2() : emptyPostgres();
    }

    /** Skips the calling test class, with the reason printed, when no PostgreSQL is configured. */
    static TestDatabase postgres() {
        String url = System.getenv(POSTGRES_URL_VARIABLE);
        if (url == null || url.isBlank()) {
            String reason = POSTGRES_URL_VARIABLE + " is not set: skipping the PostgreSQL tests "
                    + "(set it to e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres, as .ci/run does)";
            System.out.println("SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
        TestDatabase db = emptyPostgres();
        db.migrate();
        return db;
    }

    private static TestDatabase emptyPostgres() {
        String url = System.getenv(POSTGRES_URL_VARIABLE);
        String schema = "cc_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        String withSchema = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new TestDatabase(Kind.POSTGRESQL, StandaloneFactory.withBatchedInserts(withSchema), schema);
    }

    /** @return the location of the shipped migrations for this kind of database */
    String migrationLocation() {
        return "classpath:db/communication-centre/" + (kind == Kind.H2 ? "h2" : "postgresql");
    }

    /** @return a plain, unpooled data source on the test database */
    DataSource dataSource() {
        if (kind == Kind.H2) {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL(jdbcUrl);
            return ds;
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl);
        return ds;
    }

    Connection connect() throws SQLException {
        return dataSource().getConnection();
    }

    private void migrate() {
        Flyway.configure()
                .dataSource(dataSource())
                .locations(migrationLocation())
                .schemas(schema == null ? new String[0] : new String[]{schema})
                .load()
                .migrate();
        // The property directory's tables, beside ours with a history of their own, as docs/property-directory.md says.
        Flyway.configure()
                .dataSource(dataSource())
                .locations(directoryMigrationLocation())
                .schemas(schema == null ? new String[0] : new String[]{schema})
                .table("cc_directory_flyway_schema_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    /** @return the location of the property directory's tables for this kind of database */
    String directoryMigrationLocation() {
        return "classpath:db/communication-centre-directory/" + (kind == Kind.H2 ? "h2" : "postgresql");
    }

    /**
     * A factory such as a host configures: our entities in its unit, {@code hbm2ddl.auto=validate} against the
     * migrated schema, Hibernate's small pool on the JDBC URL.
     */
    EntityManagerFactory hostFactory() {
        return hostFactory(null);
    }

    /** @param dataSource the connections to use, or {@code null} for a pool on {@link #jdbcUrl} */
    EntityManagerFactory hostFactory(DataSource dataSource) {
        PersistenceConfiguration configuration = new PersistenceConfiguration("host-" + UUID.randomUUID())
                .provider(HibernatePersistenceProvider.class.getName())
                .transactionType(PersistenceUnitTransactionType.RESOURCE_LOCAL)
                .property(AvailableSettings.HBM2DDL_AUTO, "validate")
                .property(AvailableSettings.STATEMENT_BATCH_SIZE, JpaCommunicationStore.BATCH_SIZE)
                .property(AvailableSettings.ORDER_INSERTS, true)
                .property(AvailableSettings.ORDER_UPDATES, true);
        JpaCommunicationStore.entityClasses().forEach(configuration::managedClass);
        if (dataSource != null) {
            configuration.property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource);
        } else {
            configuration.property(PersistenceConfiguration.JDBC_URL, jdbcUrl).property(AvailableSettings.POOL_SIZE, 12);
        }
        EntityManagerFactory emf = new HibernatePersistenceProvider().createEntityManagerFactory(configuration);
        synchronized (factories) {
            factories.add(emf);
        }
        return emf;
    }

    @Override
    public void close() {
        synchronized (factories) {
            factories.forEach(emf -> {
                if (emf.isOpen()) {
                    emf.close();
                }
            });
        }
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(kind == Kind.H2 ? "shutdown" : "drop schema if exists " + schema + " cascade");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop the test database", e);
        }
    }
}
