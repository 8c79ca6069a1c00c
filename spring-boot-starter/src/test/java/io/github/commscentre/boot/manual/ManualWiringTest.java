package io.github.commscentre.boot.manual;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.boot.sample.Flat;
import io.github.commscentre.boot.sample.FlatRepository;
import io.github.commscentre.spi.PropertyDirectory;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hand wiring of docs/integrating.md, with the starter's auto-configuration excluded, on a new H2 database: both
 * histories migrate in the right order, and a call joins the host's transaction, committing or rolling back with it.
 */
@SpringBootTest(classes = ManualWiringTest.ManualHost.class, properties = {
        "spring.autoconfigure.exclude=io.github.commscentre.boot.CommunicationCentreAutoConfiguration,"
                + "io.github.commscentre.boot.CommunicationCentreMetricsAutoConfiguration,"
                + "io.github.commscentre.boot.CommunicationCentreHealthAutoConfiguration",
        "spring.jpa.hibernate.ddl-auto=validate",
        "communications.cursor-key=3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs="})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ManualWiringTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableJpaRepositories(basePackageClasses = FlatRepository.class)
    @Import({CommunicationCentreConfiguration.class, MigrationsConfiguration.class})
    static class ManualHost {
        @Bean
        PropertyDirectory directory() {
            return new InMemoryPropertyDirectory();
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        String url = "jdbc:h2:mem:manual-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        registry.add("spring.datasource.url", () -> url);
    }

    @Autowired
    CommunicationCentre centre;
    @Autowired
    FlatRepository flats;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;

    final Caller admin = Caller.admin("harbour-estates", "alice");

    @Test
    void bothHistoriesMigrateHostFirst() {
        assertThat(jdbc.queryForList("select \"version\" from \"flyway_schema_history\" where \"type\" = 'SQL'",
                String.class)).containsExactly("1");
        assertThat(jdbc.queryForList("select \"version\" from \"cc_flyway_schema_history\" where \"type\" = 'SQL' "
                + "order by \"installed_rank\"", String.class))
                .containsExactlyElementsOf(io.github.commscentre.boot.TestDatabases.shippedVersions(jdbc));
    }

    @Test
    void aCallJoinsTheHostsTransaction() {
        Communication kept = transactions.execute(status -> {
            flats.save(new Flat("RC-1", "harbour-estates", "riverside", "Grace Okafor", null));
            return centre.create(admin, NewCommunication.builder(CommunicationType.CIRCULAR, "Kept").build());
        });
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            flats.save(new Flat("RC-2", "harbour-estates", "riverside", "Ada Obi", null));
            centre.create(admin, NewCommunication.builder(CommunicationType.CIRCULAR, "Rolled back").build());
            throw new IllegalStateException("the host changed its mind");
        })).hasMessage("the host changed its mind");

        assertThat(flats.findAll()).extracting(Flat::getId).containsExactly("RC-1");
        assertThat(centre.count(admin, CommunicationFilter.all())).isEqualTo(1);
        assertThat(centre.getById(admin, kept.id()).communication().subject()).isEqualTo("Kept");
        assertThat(centre.verifyAuditTrail(admin).intact()).isTrue();
    }
}
