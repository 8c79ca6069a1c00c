package io.github.commscentre.boot;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.boot.sample.EstateApplication;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.annotation.DirtiesContext;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that has run for a while before it took the starter: its own Flyway history and rows are there.
 * Starting with the starter applies our migrations in a history of their own, and leaves the host's alone.
 */
@SpringBootTest(classes = {EstateApplication.class, HostTestConfiguration.class})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class ExistingHostSchemaTest {

    static final String ORGANISATION = "harbour-estates";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CommunicationCentre centre;

    /** The host's schema as it was before the starter: its V1 applied by its own Flyway, and a flat in it. */
    static void hostSchemaBeforeTheStarter(String url, String user, String password) {
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate();
        new JdbcTemplate(new DriverManagerDataSource(url, user, password))
                .update("insert into flat (id, organisation_id, block_id, leaseholder_name, leaseholder_email) "
                        + "values ('RC-1', ?, 'riverside', 'Grace Okafor', 'grace@example.org')", ORGANISATION);
    }

    @Test
    void theHostsHistoryIsUntouchedAndOursHasItsOwn() {
        List<Map<String, Object>> host = jdbc.queryForList(
                "select \"version\", \"type\" from \"flyway_schema_history\" where \"type\" in ('SQL', 'BASELINE') "
                        + "order by \"installed_rank\""); // not Flyway's own markers (H2: the table's creation)
        assertThat(host).as("%s", host).extracting(row -> row.get("version")).containsExactly("1");
        assertThat(host).extracting(row -> row.get("type")).containsExactly("SQL");

        List<Map<String, Object>> ours = jdbc.queryForList(
                "select \"version\", \"type\" from \"cc_flyway_schema_history\" where \"type\" in ('SQL', 'BASELINE') "
                        + "order by \"installed_rank\"");
        List<Object> expectedVersions = new java.util.ArrayList<>(List.of("0"));
        expectedVersions.addAll(TestDatabases.shippedVersions(jdbc));
        List<Object> expectedTypes = new java.util.ArrayList<>(List.of("BASELINE"));
        expectedTypes.addAll(java.util.Collections.nCopies(expectedVersions.size() - 1, "SQL"));
        assertThat(ours).extracting(row -> row.get("version")).containsExactlyElementsOf(expectedVersions);
        assertThat(ours).extracting(row -> row.get("type")).containsExactlyElementsOf(expectedTypes);
    }

    @Test
    void theHostsRowsServeTheLibrary() {
        Caller admin = Caller.admin(ORGANISATION, "alice");
        Communication notice = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "Roof works")
                .blockId("riverside").channel("post").build());

        assertThat(centre.addBlockRecipients(admin, notice.id()).added()).isEqualTo(1);
    }
}
