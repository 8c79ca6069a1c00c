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
     * Whether this is an H2 before 2.5, whose check constraints with an {@code IN} list keep the session that created
     * them: once that session closes (a pool retires the connection the migration ran on, after 30 minutes with
     * Spring Boot's HikariCP), every insert into the table fails with "Check constraint invalid ... The database has
     * been closed". H2 2.4.240, the version Spring Boot 4.0.7 manages, does this; 2.5.252 does not.
     *
     * @param dataSource the application's database, known to be H2
     * @return whether its migrations must run on a connection kept open while the application runs
     */
    static boolean h2KeepsConstraintSessions(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            String[] version = connection.getMetaData().getDatabaseProductVersion().split("[. ]");
            int major = Integer.parseInt(version[0]);
            int minor = Integer.parseInt(version[1]);
            return major < 2 || (major == 2 && minor < 5);
        } catch (SQLException | RuntimeException e) {
            return true; // keeping a connection open costs little; a dead table costs much
        }
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
