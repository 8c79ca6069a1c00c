package io.github.commscentre.boot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Applies the library's migrations when the application starts: after the host's own Flyway or Liquibase (so that the
 * host's tool never meets our tables in a schema it believes new), before the {@code EntityManagerFactory} (which
 * validates against them). {@link SchemaMigrationsDetector} tells Spring Boot so. The history is kept in a table of
 * its own, so the host's history and ours never mix.
 *
 * <p>On H2 before 2.5 the migrations run on a connection kept open until the application stops: those versions
 * tie a check constraint to the session that created it, and once a pool retires that connection, every insert into
 * the table fails (see {@link SupportedDatabase#h2KeepsConstraintSessions}).
 */
public final class SchemaMigrations implements InitializingBean, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

    /** Flyway's history of our migrations, as docs/schema-and-migrations.md has always named it. */
    static final String FLYWAY_TABLE = "cc_flyway_schema_history";
    /** Liquibase's change log of our migrations; its lock table adds {@code _lock}. */
    static final String LIQUIBASE_TABLE = "cc_schema_changelog";

    private final DataSource dataSource;
    private final MigrationTool tool;
    private final String historyTable;
    private Connection keptOpen;

    /**
     * @param dataSource   the application's database
     * @param tool         Flyway or Liquibase, already resolved from {@link MigrationTool#AUTO}
     * @param historyTable the history table of our migrations, or {@code null} for the tool's default
     */
    SchemaMigrations(DataSource dataSource, MigrationTool tool, String historyTable) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
        if (tool == MigrationTool.AUTO) {
            throw new IllegalArgumentException("the migration tool must be resolved before migrating");
        }
        this.tool = tool;
        this.historyTable = historyTable != null && !historyTable.isBlank() ? historyTable.strip()
                : tool == MigrationTool.FLYWAY ? FLYWAY_TABLE : LIQUIBASE_TABLE;
    }

    /** @return the history table of our migrations */
    public String historyTable() {
        return historyTable;
    }

    /** @return the tool that applies the migrations */
    public MigrationTool tool() {
        return tool;
    }

    @Override
    public void afterPropertiesSet() throws SQLException {
        SupportedDatabase database = SupportedDatabase.of(dataSource);
        DataSource migrating = dataSource;
        if (database == SupportedDatabase.H2 && SupportedDatabase.h2KeepsConstraintSessions(dataSource)) {
            keptOpen = dataSource.getConnection();
            migrating = new SingleConnectionDataSource(keptOpen, true);
        }
        if (tool == MigrationTool.FLYWAY) {
            FlywayMigrations.migrate(migrating, database, historyTable);
        } else {
            LiquibaseMigrations.migrate(migrating, historyTable);
        }
        LOG.debug("Communications Centre schema is up to date ({} on {}, history in {})", tool, database, historyTable);
    }

    /** Closes the connection kept open for H2 before 2.5, if any. */
    @Override
    public void destroy() throws SQLException {
        if (keptOpen != null) {
            keptOpen.close();
            keptOpen = null;
        }
    }
}
