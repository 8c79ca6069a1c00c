package io.github.commscentre.examples.snippets;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.examples.docs.DocsPages;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import io.github.commscentre.jpa.JpaCommunicationStore;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.RollbackException;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs the integration page's plain-JPA wiring on H2: our entities in the host's persistence unit, the store
 * joining the host's transaction (one commit for both, one rollback for both, a call refused before it wrote leaving
 * the host's transaction committable, a doomed one reported), and the standalone store for a host without JPA.
 */
class IntegratingTest {

    private static final String ORG = "org-" + UUID.randomUUID();
    private static final Caller ADMIN = Caller.admin(ORG, "alice");

    private static JdbcDataSource dataSource;
    private static EntityManagerFactory emf;
    private static CommunicationCentre centre;

    @BeforeAll
    static void hostWithItsOwnPersistenceUnit() throws SQLException {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:integrating-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table lease (unitId varchar(100) primary key, leaseholderName varchar(200))");
        }
        // As the Flyway instructions say, but for H2: the host's tables are already there.
        Flyway.configure().dataSource(dataSource).locations("classpath:db/communication-centre/h2")
                .table("cc_flyway_schema_history").baselineOnMigrate(true).baselineVersion("0").load().migrate();
        InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory()
                .addBlock(ORG, "riverside-court")
                .addUnit(ORG, "riverside-court", "RC-1", "Margaret Ellis", "m.ellis@example.org");
        emf = IntegratingSnippets.hostEntityManagerFactory(dataSource);
        centre = IntegratingSnippets.storeOverHostFactory(emf, directory);
    }

    @AfterAll
    static void closeFactory() {
        emf.close();
    }

    @Test
    void hostChangeAndCommunicationCommitTogether() {
        Communication notice = IntegratingSnippets.inHostTransaction(emf, centre, ADMIN);

        assertThat(centre.getById(ADMIN, notice.id()).communication().subject()).isEqualTo("Welcome to Riverside Court");
        assertThat(lease("RC-7").leaseholderName())
                .isEqualTo("Grace Okafor");
    }

    @Test
    void hostRollbackTakesTheCommunicationAndItsAuditEventWithIt() {
        long before = centre.count(ADMIN, CommunicationFilter.all());
        long eventsBefore = centre.verifyAuditTrail(ADMIN).eventsChecked();
        AtomicReference<Communication> created = new AtomicReference<>();

        assertThatThrownBy(() -> HostTransactions.inTransaction(emf, em -> {
            em.persist(new Lease("RC-8", "Rolled Back"));
            created.set(centre.create(ADMIN, NewCommunication.builder(CommunicationType.NOTICE, "never stored").build()));
            throw new IllegalStateException("the host's own work failed");
        })).hasMessage("the host's own work failed");

        assertThat(created.get()).isNotNull();
        assertThat(centre.count(ADMIN, CommunicationFilter.all())).isEqualTo(before);
        assertThatThrownBy(() -> centre.auditTrail(ADMIN, created.get().id()))
                .isInstanceOfSatisfying(CommunicationCentreException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(centre.verifyAuditTrail(ADMIN).intact()).isTrue();
        assertThat(centre.verifyAuditTrail(ADMIN).eventsChecked()).isEqualTo(eventsBefore);
        assertThat(lease("RC-8")).isNull();
    }

    @Test
    void aCaughtConflictBeforeAnyWriteLeavesTheHostTransactionCommittable() {
        Communication sent = centre.create(ADMIN, NewCommunication.builder(CommunicationType.NOTICE, "already sent").build());
        centre.markSent(ADMIN, sent.id());

        HostTransactions.inTransaction(emf, em -> {
            em.persist(new Lease("RC-9", "Caught And Committed"));
            try {
                centre.markSent(ADMIN, sent.id());
            } catch (CommunicationCentreException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT); // a state check: nothing was written
            }
            return null;
        });
        assertThat(lease("RC-9").leaseholderName()).isEqualTo("Caught And Committed");
    }

    @Test
    void aTransactionMarkedRollbackOnlyIsReportedInsteadOfCommitted() {
        // A call that fails after it wrote (the database failing half-way) marks the host's transaction like this.
        assertThatThrownBy(() -> HostTransactions.inTransaction(emf, em -> {
            em.persist(new Lease("RC-11", "Doomed"));
            em.getTransaction().setRollbackOnly();
            return null;
        })).isInstanceOf(RollbackException.class).hasMessage("a call in this transaction failed: nothing was committed");
        assertThat(lease("RC-11")).isNull();
    }

    @Test
    void withHibernateDefaultsARollbackOnlyTransactionRollsBackSilentlyOnCommit() {
        // What HostTransactions guards against: a plain commit reports nothing, but nothing was stored.
        jakarta.persistence.EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            em.persist(new Lease("RC-10", "Silently Lost"));
            em.getTransaction().setRollbackOnly(); // as a call that failed after writing leaves it
            em.getTransaction().commit();
        } finally {
            em.close();
        }
        assertThat(lease("RC-10")).isNull();
    }

    @Test
    void outsideAHostTransactionTheStoreRunsItsOwn() {
        Communication notice = centre.create(ADMIN, NewCommunication.builder(CommunicationType.CIRCULAR, "own transaction").build());
        assertThat(centre.getById(ADMIN, notice.id()).communication().status().wireName()).isEqualTo("draft");
    }

    @Test
    void standaloneStoreServesAHostWithoutJpa() {
        InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory().addBlock(ORG, "mill-house");
        CommunicationCentre standalone = IntegratingSnippets.standalone(dataSource, directory);
        Communication notice = standalone.create(ADMIN,
                NewCommunication.builder(CommunicationType.AGM_NOTICE, "AGM").blockId("mill-house").build());
        assertThat(centre.getById(ADMIN, notice.id()).communication().subject()).isEqualTo("AGM");
    }

    @Test
    void persistenceXmlOnThePageListsExactlyOurEntities() {
        String page = DocsPages.read("docs/integrating.md");
        Matcher m = Pattern.compile("<class>([\\w.]+)</class>").matcher(page);
        List<String> listed = m.results().map(r -> r.group(1)).filter(name -> name.startsWith("io.github.commscentre"))
                .toList();
        assertThat(listed).containsExactlyInAnyOrderElementsOf(JpaCommunicationStore.entityClassNames());
    }

    private static Lease lease(String unitId) {
        return HostTransactions.inTransaction(emf, em -> em.find(Lease.class, unitId));
    }
}
