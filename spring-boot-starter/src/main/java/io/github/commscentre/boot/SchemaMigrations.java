package io.github.commscentre.boot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

import javax.sql.DataSource;
import java.util.Objects;

/**
 * Applies the library's migrations when the application starts: after the host's own Flyway or Liquibase (so that the
 * host's tool never meets our tables in a schema it believes new), before the {@code EntityManagerFactory} (which
 * validates against them). {@link SchemaMigrationsDetector} tells Spring Boot so. The history is kept in a table of
 * its own, so the host's history and ours never mix.
 */
public final class SchemaMigrations implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

    /** Flyway's history of our migrations, as docs/schema-and-migrations.md has always named it. */
    static final String FLYWAY_TABLE = "cc_flyway_schema_history";
    /** Liquibase's change log of our migrations; its lock table adds {@code _lock}. */
    static final String LIQUIBASE_TABLE = "cc_schema_changelog";

    private final DataSource dataSource;
    private final MigrationTool tool;
    private final String historyTable;

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
    public void afterPropertiesSet() {
        SupportedDatabase database = SupportedDatabase.of(dataSource);
        if (tool == MigrationTool.FLYWAY) {
            FlywayMigrations.migrate(dataSource, database, historyTable);
        } else {
            LiquibaseMigrations.migrate(dataSource, historyTable);
        }
        LOG.debug("Communications Centre schema is up to date ({} on {}, history in {})", tool, database, historyTable);
    }
}
