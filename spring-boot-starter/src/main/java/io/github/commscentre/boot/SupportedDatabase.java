package io.github.commscentre.boot;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The databases the library ships migrations for, each with its folder in the JPA adapter's jar. */
enum SupportedDatabase {
    H2("h2"),
    POSTGRESQL("postgresql");

    private final String folder;

    SupportedDatabase(String folder) {
        this.folder = folder;
    }

    /** @return the classpath folder of this database's versioned SQL */
    String sqlLocation() {
        return "db/communication-centre/" + folder;
    }

    /** @return Liquibase's name of this database, as the change log's {@code dbms} attributes use it */
    String liquibaseName() {
        return folder;
    }

    /**
     * @param dataSource the application's database
     * @return which of ours it is
     * @throws IllegalStateException when it is neither, or cannot be reached
     */
    static SupportedDatabase of(DataSource dataSource) {
        String product;
        try (Connection connection = dataSource.getConnection()) {
            product = connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new IllegalStateException("the Communications Centre could not reach the application's database to "
                    + "apply its migrations: " + e.getMessage(), e);
        }
        String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (name.equals("h2")) {
            return H2;
        }
        if (name.contains("postgresql")) {
            return POSTGRESQL;
        }
        throw new IllegalStateException("the Communications Centre ships migrations for PostgreSQL and H2, and the "
                + "application's database is " + product + ": set commscentre.migrations.enabled=false only if you "
                + "apply an equivalent schema yourself, which no test of this library covers");
    }
}
