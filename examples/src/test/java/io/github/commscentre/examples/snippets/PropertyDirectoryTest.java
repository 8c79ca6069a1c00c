package io.github.commscentre.examples.snippets;

import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationFilter;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the property directory page on H2 as a plain-JPA host: the shipped directory tables beside the host's and the
 * library's, the directory built over the store, and a unit written in the host's transaction found in it.
 */
class PropertyDirectoryTest {

    @Test
    void aUnitWrittenInTheHostsTransactionIsFoundBeforeItCommits() throws SQLException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:directory-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table lease (unitId varchar(100) primary key, leaseholderName varchar(200))");
        }
        Flyway.configure().dataSource(dataSource).locations("classpath:db/communication-centre/h2")
                .table("cc_flyway_schema_history").baselineOnMigrate(true).baselineVersion("0").load().migrate();
        PropertyDirectorySnippets.migrate(dataSource, "h2");
        Caller admin = Caller.admin("harbour-estates-" + UUID.randomUUID(), "alice");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into cc_directory_block (organisation_id, block_id) values ('" + admin.organisationId()
                    + "', 'riverside-court')");
        }
        EntityManagerFactory emf = IntegratingSnippets.hostEntityManagerFactory(dataSource);
        try {
            CommunicationCentre centre = PropertyDirectorySnippets.centre(emf);

            assertThat(PropertyDirectorySnippets.newUnitAndNotice(emf, centre, admin).added()).isEqualTo(1);
            assertThat(centre.count(admin, CommunicationFilter.all())).isEqualTo(1);
        } finally {
            emf.close();
        }
    }
}
