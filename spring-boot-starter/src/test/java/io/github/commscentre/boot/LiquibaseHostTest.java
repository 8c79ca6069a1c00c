package io.github.commscentre.boot;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.boot.sample.EstateApplication;
import io.github.commscentre.boot.sample.Flat;
import io.github.commscentre.boot.sample.FlatRepository;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A host that migrates with Liquibase: the starter applies our schema with Liquibase too (its change log of the same
 * SQL), after the host's, in a change-log table of its own; Hibernate validates it; the library works on it.
 */
@SpringBootTest(classes = {EstateApplication.class, HostTestConfiguration.class}, properties = {
        "spring.flyway.enabled=false",
        "spring.liquibase.enabled=true"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class LiquibaseHostTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CommunicationCentre centre;
    @Autowired
    FlatRepository flats;
    @Autowired
    EntityManagerFactory entityManagerFactory;
    @Autowired
    SchemaMigrations migrations;

    @Test
    void ourSchemaComesFromLiquibaseAfterTheHostsInATableOfItsOwn() {
        assertThat(migrations.tool()).isEqualTo(MigrationTool.LIQUIBASE);
        assertThat(jdbc.queryForList("select id from databasechangelog order by orderexecuted", String.class))
                .containsExactly("estate-1");
        assertThat(jdbc.queryForList("select id from cc_schema_changelog order by orderexecuted", String.class))
                .allMatch(id -> id.startsWith("communication-centre-v"))
                .hasSize(TestDatabases.shippedVersions(jdbc).size());
        assertThat(entityManagerFactory.getProperties()).containsEntry("hibernate.hbm2ddl.auto", "validate");
    }

    @Test
    void theLibraryWorksOnIt() {
        flats.save(new Flat("RC-1", "harbour-estates", "riverside", "Grace Okafor", "grace@example.org"));
        Caller admin = Caller.admin("harbour-estates", "alice");
        Communication notice = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "Roof works")
                .blockId("riverside").channel("post").build());
        centre.addBlockRecipients(admin, notice.id());
        centre.send(admin, notice.id());

        await().atMost(Duration.ofSeconds(30)).until(() ->
                centre.getById(admin, notice.id()).communication().status() == CommunicationStatus.SENT);
        assertThat(centre.verifyAuditTrail(admin).intact()).isTrue();
    }
}
