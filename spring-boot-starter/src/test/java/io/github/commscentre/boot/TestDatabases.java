package io.github.commscentre.boot;

import org.junit.jupiter.api.Assumptions;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A database of its own for each test class: an H2 in-memory database with a random name, or a fresh schema
 * {@code cc_boot_<random>} of the PostgreSQL named by {@code COMMS_TEST_POSTGRES_URL} (skipped, saying so, when it is
 * not set), dropped when the class's application context closes ({@link PostgresSchemaDrop}).
 */
public final class TestDatabases {

    static final String POSTGRES_URL_VARIABLE = "COMMS_TEST_POSTGRES_URL";
    /** The property that names a class's PostgreSQL schema, for {@link PostgresSchemaDrop}. */
    static final String POSTGRES_SCHEMA_PROPERTY = "test.postgres.schema";

    private TestDatabases() {
    }

    /** @return a new, empty H2 database's URL */
    static String newH2Url() {
        return "jdbc:h2:mem:boot-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    /** Points the application at a new H2 database. */
    static void h2(DynamicPropertyRegistry registry) {
        String url = newH2Url();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "sa");
        registry.add("spring.datasource.password", () -> "");
    }

    /** Aborts the calling test class, with the reason printed, when no PostgreSQL is configured. */
    static void assumePostgres() {
        String url = System.getenv(POSTGRES_URL_VARIABLE);
        if (url == null || url.isBlank()) {
            String reason = POSTGRES_URL_VARIABLE + " is not set: skipping the Spring Boot host tests on PostgreSQL "
                    + "(set it to e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres, as .ci/run does)";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
    }

    /** Points the application at a new PostgreSQL schema, dropped when the context closes. */
    static void postgres(DynamicPropertyRegistry registry) {
        String schema = newPostgresSchema();
        String url = postgresUrl(schema);
        registry.add("spring.datasource.url", () -> url);
        registry.add(POSTGRES_SCHEMA_PROPERTY, () -> schema);
    }

    /** @return the name of a new, empty schema */
    static String newPostgresSchema() {
        String schema = "cc_boot_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        execute("create schema " + schema);
        return schema;
    }

    /** @return the URL of the configured PostgreSQL with that schema as the current one */
    static String postgresUrl(String schema) {
        String base = System.getenv(POSTGRES_URL_VARIABLE);
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    static void dropPostgresSchema(String schema) {
        execute("drop schema if exists " + schema + " cascade");
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(System.getenv(POSTGRES_URL_VARIABLE));
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param jdbc a template on the database in use
     * @return the versions of the migrations communication-centre-jpa ships for that database, in order: the history
     *         our migrations must leave, whatever scripts a later version adds
     */
    public static java.util.List<String> shippedVersions(org.springframework.jdbc.core.JdbcTemplate jdbc) {
        String product = jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<String>) c ->
                c.getMetaData().getDatabaseProductName());
        String folder = "H2".equals(product) ? "h2" : "postgresql";
        try {
            org.springframework.core.io.Resource[] scripts = new org.springframework.core.io.support
                    .PathMatchingResourcePatternResolver().getResources("classpath*:db/communication-centre/" + folder + "/V*__*.sql");
            return java.util.Arrays.stream(scripts)
                    .map(r -> r.getFilename().substring(1, r.getFilename().indexOf("__")))
                    .distinct()
                    .sorted(java.util.Comparator.comparingInt(Integer::parseInt))
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
