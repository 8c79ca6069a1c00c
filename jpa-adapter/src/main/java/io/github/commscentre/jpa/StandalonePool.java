package io.github.commscentre.jpa;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.commscentre.CommunicationCentreException;

import javax.sql.DataSource;
import java.util.Objects;

/**
 * The connection pool of a standalone store built from a JDBC URL: HikariCP, since Hibernate's built-in pool is not
 * meant for production (and says so in a warning). Its name, never the URL, is what the pool and Hibernate log: a URL
 * may carry a password.
 */
final class StandalonePool implements AutoCloseable {

    /** The pool's name, as the pool and Hibernate log it. */
    static final String NAME = "communication-centre";

    /** Connections at most: the facade's calls are short, and the dispatcher uses one or two at a time. */
    static final int MAXIMUM_SIZE = 10;

    private final HikariDataSource dataSource;

    private StandalonePool(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @param jdbcUrl  the database's URL
     * @param user     the user, or {@code null} when the URL names it
     * @param password the password, or {@code null} when the URL names it
     * @return the pool, connected
     * @throws CommunicationCentreException {@code UNAVAILABLE} when the database cannot be reached
     */
    static StandalonePool open(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl must not be null");
        if (jdbcUrl.isBlank()) {
            throw new IllegalArgumentException("jdbcUrl must not be blank");
        }
        StandaloneFactory.logThroughSlf4j();
        HikariConfig config = new HikariConfig();
        config.setPoolName(NAME);
        config.setJdbcUrl(StandaloneFactory.withBatchedInserts(jdbcUrl));
        config.setMaximumPoolSize(MAXIMUM_SIZE);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        try {
            return new StandalonePool(new HikariDataSource(config));
        } catch (RuntimeException e) {
            throw CommunicationCentreException.unavailable(
                    "could not start the communication store: the database could not be reached", e);
        }
    }

    DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
