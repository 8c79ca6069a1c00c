package io.github.commscentre.boot;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.zaxxer.hikari.HikariDataSource;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryEvent;
import io.github.commscentre.DeliveryProvider;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.boot.sample.EstateApplication;
import io.github.commscentre.boot.sample.Flat;
import io.github.commscentre.boot.sample.FlatRepository;
import io.github.commscentre.boot.sample.NoticeService;
import io.github.commscentre.testkit.RecordingDeliveryChannel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The starter in a real Spring Boot application (the sample host of docs/spring-boot.md, plus a test channel and a
 * transactional service), on a database of the subclass's: the host's rows and ours in one transaction, the host's
 * migrations and ours, the poller, metrics and health. Each subclass gets a fresh database and its own context.
 */
@SpringBootTest(classes = {EstateApplication.class, HostTestConfiguration.class})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class HostApplicationTest {

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("estate.smtp.port", () -> MAIL.getSmtp().getPort());
    }

    @Autowired
    CommunicationCentre centre;
    @Autowired
    HostWork hostWork;
    @Autowired
    FlatRepository flats;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RecordingDeliveryChannel postRoom;
    @Autowired
    EntityManagerFactory entityManagerFactory;
    @Autowired
    MeterRegistry meters;
    @Autowired
    CommunicationCentreHealthIndicator health;
    @Autowired
    NoticeService notices;
    @Autowired
    DataSource dataSource;

    /** Each test in an organisation of its own, so that the tests of a class never see each other's rows. */
    final String organisation = "org-" + UUID.randomUUID();
    final Caller admin = Caller.admin(organisation, "alice");

    Flat flat(String id, String block) {
        return new Flat(organisation + "-" + id, organisation, block, "Leaseholder " + id, id + "@example.org");
    }

    long ourRows(String table) {
        return jdbc.queryForObject("select count(*) from " + table + " where organisation_id = ?", Long.class, organisation);
    }

    @Test
    void theHostsEntitiesAndOursShareOnePersistenceUnit() {
        var entities = entityManagerFactory.getMetamodel().getEntities().stream().map(e -> e.getName()).toList();
        assertThat(entities).contains("Flat", "CcCommunication", "CcRecipient", "CcAuditEvent", "CcAuditChainHead");
        flats.save(flat("1", "riverside"));
        assertThat(flats.findById(organisation + "-1")).isPresent();
    }

    @Test
    void theHostsRowsAndOursCommitTogether() {
        Communication welcome = hostWork.addFlatAndWelcome(admin, flat("1", "riverside"));

        assertThat(flats.findById(organisation + "-1")).isPresent();
        assertThat(centre.getById(admin, welcome.id()).recipientCount()).isEqualTo(1);
        assertThat(centre.auditTrail(admin, welcome.id())).hasSize(2);
    }

    @Test
    void aHostRollbackLeavesNothingOfOurs() {
        assertThatThrownBy(() -> hostWork.addFlatAndWelcomeThenFail(admin, flat("1", "riverside")))
                .hasMessageStartingWith("the host changed its mind");

        assertThat(flats.findById(organisation + "-1")).isEmpty();
        assertThat(centre.count(admin, CommunicationFilter.all())).isZero();
        assertThat(ourRows("cc_communication")).isZero();
        assertThat(ourRows("cc_recipient")).isZero();
        assertThat(ourRows("cc_audit_event")).isZero();
    }

    @Test
    void aRequiresNewTransactionInTheSameOrganisationWorks() {
        Flat flat = flats.save(flat("1", "riverside"));

        List<Communication> both = hostWork.outerAndRequiresNew(admin, flat.getId());

        for (Communication c : both) {
            assertThat(centre.getById(admin, c.id()).recipientCount()).isEqualTo(1);
        }
        centre.linkPendingAuditEvents();
        AuditVerification verification = centre.verifyAuditTrail(admin);
        assertThat(verification.intact()).as("%s", verification).isTrue();
        assertThat(verification.eventsChecked()).isEqualTo(4);
    }

    @Test
    void aCaughtNotFoundOnAReadLeavesTheHostsTransactionCommittable() {
        ErrorCode code = hostWork.addFlatAfterCaughtNotFound(admin, flat("1", "riverside"));

        assertThat(code).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(flats.findById(organisation + "-1")).as("the host's row, committed").isPresent();
    }

    @Test
    void aCaughtNotFoundOnAWriteLeavesTheHostsTransactionCommittable() {
        ErrorCode code = hostWork.addFlatAfterCaughtNotFoundOnAWrite(admin, flat("1", "riverside"));

        assertThat(code).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(flats.findById(organisation + "-1")).as("the host's row, committed").isPresent();
    }

    @Test
    void aCaughtBadRequestOnInputLeavesTheHostsTransactionCommittable() {
        ErrorCode code = hostWork.addFlatAfterCaughtBadRequest(admin, flat("1", "riverside"));

        assertThat(code).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(flats.findById(organisation + "-1")).as("the host's row, committed").isPresent();
    }

    @Test
    void aCaughtBadRequestFromTheDirectoryLeavesTheHostsTransactionCommittable() {
        Communication draft = centre.create(admin, HostWork.circular("Draft", null));

        ErrorCode code = hostWork.addFlatAfterCaughtBadRequestOnAWrite(admin, flat("1", "riverside"), draft.id());

        assertThat(code).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(flats.findById(organisation + "-1")).as("the host's row, committed").isPresent();
    }

    /** H2 2.4 (Boot 4.0.7's) ties check constraints to the session that created them: see SchemaMigrations. */
    @Test
    void ourTablesOutliveTheConnectionsTheyWereMigratedOn() throws Exception {
        centre.create(admin, HostWork.circular("Before the pool renews its connections", null));
        dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();

        Communication after = centre.create(admin, HostWork.circular("After", null));

        assertThat(centre.getById(admin, after.id()).communication().subject()).isEqualTo("After");
    }

    @Test
    void hibernateValidatesTheSchemaAtStartUp() {
        assertThat(entityManagerFactory.getProperties()).containsEntry("hibernate.hbm2ddl.auto", "validate");
    }

    @Test
    void theHostsMigrationsAndOursKeepTheirOwnHistories() {
        assertThat(jdbc.queryForList("select \"version\" from \"flyway_schema_history\" where \"success\" = true "
                + "and \"type\" = 'SQL'", String.class)).containsExactly("1");
        assertThat(jdbc.queryForList("select \"version\" from \"cc_flyway_schema_history\" where \"success\" = true "
                + "and \"type\" = 'SQL' order by \"installed_rank\"", String.class))
                .containsExactlyElementsOf(TestDatabases.shippedVersions(jdbc)).startsWith("1", "2", "3", "4", "5");
    }

    @Test
    void theFacadeTakesTheHostsClock() {
        Communication draft = centre.create(admin, HostWork.circular("Draft", null));

        assertThat(draft.createdAt()).isEqualTo(HostTestConfiguration.HOST_TIME);
    }

    @Test
    void thePollerSendsThroughTheChannelBeanOfTheCommunicationsChannel() {
        flats.save(flat("1", "riverside"));
        flats.save(flat("2", "riverside"));
        Communication letter = centre.create(admin, NewCommunication
                .builder(CommunicationType.NOTICE, "Section 20: roof works")
                .blockId("riverside").channel("post").build());
        centre.addBlockRecipients(admin, letter.id());

        centre.send(admin, letter.id());

        await().atMost(Duration.ofSeconds(30)).until(() ->
                centre.getById(admin, letter.id()).communication().status() == CommunicationStatus.SENT);
        assertThat(postRoom.messages()).filteredOn(m -> m.communicationId().equals(letter.id()))
                .extracting(m -> m.unitId())
                .containsExactlyInAnyOrder(organisation + "-1", organisation + "-2");
    }

    @Test
    void theSampleServiceSendsAnAgmNoticeByEmail() throws Exception {
        flats.save(flat("1", "harbour"));
        flats.save(flat("2", "harbour"));

        Communication notice = notices.sendAgmNotice(admin, "harbour");

        await().atMost(Duration.ofSeconds(30)).until(() ->
                centre.getById(admin, notice.id()).communication().status() == CommunicationStatus.SENT);
        List<String> to = new ArrayList<>();
        for (MimeMessage message : MAIL.getReceivedMessages()) {
            if (message.getSubject().equals("Annual general meeting, 14 May")) {
                to.add(((InternetAddress) message.getAllRecipients()[0]).getAddress());
            }
        }
        assertThat(to).contains("1@example.org", "2@example.org");
    }

    @Test
    void callsAreCountedByOutcome() {
        assertThatThrownBy(() -> centre.getById(admin, UUID.randomUUID()))
                .isInstanceOf(CommunicationCentreException.class);
        centre.create(admin, HostWork.circular("Draft", null));

        Timer notFound = meters.find("commscentre.calls").tags("call", "getById", "outcome", "not_found").timer();
        Timer created = meters.find("commscentre.calls").tags("call", "create", "outcome", "ok").timer();
        assertThat(notFound).isNotNull();
        assertThat(notFound.count()).isPositive();
        assertThat(created).isNotNull();
        assertThat(created.count()).isPositive();
    }

    @Test
    void providerEventsAreCountedByOutcome() {
        var results = centre.applyDeliveryEvents(DeliveryProvider.named("sendgrid"), List.of(
                DeliveryEvent.byToken("sg-1", "not-one-of-ours",
                        DeliveryStatus.DELIVERED, HostTestConfiguration.HOST_TIME, null)));

        assertThat(results).extracting(r -> r.outcome().name()).containsExactly("REJECTED");
        assertThat(meters.find("commscentre.provider.events").tags("provider", "sendgrid", "outcome", "rejected")
                .counter().count()).isPositive();
    }

    @Test
    void dispatchAndBacklogAreMeasured() {
        flats.save(flat("1", "quay"));
        Communication letter = centre.create(admin, HostWork.circular("Bins", organisation + "-1"));
        centre.addRecipients(admin, letter.id(), List.of(organisation + "-1"));
        centre.send(admin, letter.id());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                centre.getById(admin, letter.id()).communication().status() == CommunicationStatus.SENT);

        assertThat(meters.find("commscentre.dispatch.recipients").tag("outcome", "accepted").counter().count())
                .isPositive();
        assertThat(meters.find("commscentre.dispatch.communications").tag("event", "finished").counter().count())
                .isPositive();
        assertThat(meters.find("commscentre.audit.pending").gauge().value()).isGreaterThanOrEqualTo(0);
        assertThat(meters.find("commscentre.audit.pending.oldest").gauge().value()).isGreaterThanOrEqualTo(0);
        assertThat(meters.find("commscentre.dispatch.lag").gauge().value()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void healthIsUpWithWhatItChecked() {
        await().atMost(Duration.ofSeconds(30)).until(() -> health.health(true).getStatus().equals(Status.UP));

        Health reading = health.health(true);
        assertThat(reading.getDetails()).containsEntry("database", "reachable")
                .containsEntry("auditLinking", "keeping up")
                .containsKeys("pendingAuditEvents", "dispatchLag", "dispatcher");
        assertThat(reading.getDetails().get("dispatcher")).asString().startsWith("polling");
    }

    @Test
    void hibernateLogsThroughSlf4j() {
        assertThat(System.getProperty("org.jboss.logging.provider")).isEqualTo("slf4j");
        assertThat(org.jboss.logging.Logger.getLogger("org.hibernate.SQL").getClass().getSimpleName()).contains("Slf4j");
    }
}
