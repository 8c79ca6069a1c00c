package io.github.commscentre.boot;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/** Our versioned SQL through Flyway. Only loaded when Flyway is the tool, so Flyway stays optional. */
final class FlywayMigrations {

    private FlywayMigrations() {
    }

    static void migrate(DataSource dataSource, SupportedDatabase database, String historyTable) {
        Flyway.configure(FlywayMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:" + database.sqlLocation())
                .table(historyTable)
                // The host's tables (and its own history) are already there: our history starts below our V1, so a
                // schema that is not empty skips nothing of ours.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("before the Communications Centre")
                .load()
                .migrate();
    }
}
