package io.github.commscentre.examples;

import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The example's embedded H2 database: migrated as a host's Flyway would, and shut down after the week. */
final class ExampleDatabase {

    private ExampleDatabase() {
    }

    /** The host's migration tool applies the SQL shipped in the JPA adapter's jar, before the store is used. */
    static void migrate(String jdbcUrl) {
        Flyway.configure()
                .dataSource(jdbcUrl, "sa", "")
                .locations("classpath:db/communication-centre/h2")
                .load()
                .migrate();
    }

    static void shutdown(String jdbcUrl) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "sa", "");
             Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new IllegalStateException("could not shut the example's H2 database down", e);
        }
    }
}
