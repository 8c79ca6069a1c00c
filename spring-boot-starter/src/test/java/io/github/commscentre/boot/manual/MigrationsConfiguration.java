package io.github.commscentre.boot.manual;

import org.flywaydb.core.Flyway;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** The starter's migration order, by hand, for a Boot host that does not take the starter (docs/integrating.md). */
// tag::migrations[]
@Configuration
public class MigrationsConfiguration {

    @Bean
    FlywayMigrationStrategy hostFirstThenCommunicationCentre() {
        return hostFlyway -> {
            hostFlyway.migrate(); // yours first: on a new database, your Flyway must find the schema empty
            DataSource dataSource = hostFlyway.getConfiguration().getDataSource();
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/communication-centre/" + folderOf(dataSource))
                    .table("cc_flyway_schema_history") // a history of its own: our V1 never collides with yours
                    .baselineOnMigrate(true)    // the schema holds your tables now ...
                    .baselineVersion("0")       // ... and our V1 must still run
                    .load()
                    .migrate();
        };
    }

    private static String folderOf(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().equals("H2") ? "h2" : "postgresql";
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database this is", e);
        }
    }
}
// end::migrations[]
