package io.github.commscentre.reliability;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.CommunicationDetails;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.jpa.JpaCommunicationStore;
import io.github.commscentre.reliability.support.Databases.Database;
import io.github.commscentre.reliability.support.ReadBack;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceConfiguration;
import jakarta.persistence.PersistenceUnitTransactionType;
import org.hibernate.jpa.HibernatePersistenceProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store joined to a host's own transaction (the host's entity manager factory, our entities in its
 * persistence unit): whatever the facade did inside, a host rollback leaves nothing, audit included, and the
 * store never commits on its own: another application instance sees nothing until the host commits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HostTransactionTestBase {

    /** @return a fresh, migrated database */
    abstract Database database();

    private Database db;
    private EntityManagerFactory hostFactory;
    private JpaCommunicationStore joined;
    private JpaCommunicationStore otherInstance;
    private final ThreadLocal<EntityManager> hostEntityManager = new ThreadLocal<>();
    private final InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory();
    private CommunicationCentre centre;
    private CommunicationCentre outside;
    private final AtomicInteger rolledBackCalls = new AtomicInteger();

    @BeforeAll
    void start() {
        db = database();
        PersistenceConfiguration host = new PersistenceConfiguration("host-application")
                .provider(HibernatePersistenceProvider.class.getName())
                .transactionType(PersistenceUnitTransactionType.RESOURCE_LOCAL)
                .property(PersistenceConfiguration.JDBC_URL, db.jdbcUrl())
                .property("hibernate.hbm2ddl.auto", "validate");
        if (db.user() != null) {
            host.property(PersistenceConfiguration.JDBC_USER, db.user()).property(PersistenceConfiguration.JDBC_PASSWORD, db.password());
        }
        // The one documented setup step: the adapter's entities join the host's persistence unit.
        JpaCommunicationStore.entityClasses().forEach(host::managedClass);
        hostFactory = new HibernatePersistenceProvider().createEntityManagerFactory(host);
        joined = JpaCommunicationStore.builder(hostFactory).entityManagerProvider(hostEntityManager::get).build();
        otherInstance = db.newStore();
        centre = CommunicationCentre.builder().store(joined).directory(directory).clock(Clock.systemUTC()).build();
        outside = CommunicationCentre.builder().store(otherInstance).directory(directory).clock(Clock.systemUTC()).build();
    }

    @AfterAll
    void stop() {
        if (hostFactory != null) {
            System.out.println("RELIABILITY host transactions on " + db.kind() + ": " + rolledBackCalls.get()
                    + " successful calls inside host transactions that were rolled back, nothing of them left, 0 lost");
            joined.close();
            otherInstance.close();
            hostFactory.close();
            db.close();
        }
    }

    private EntityManager beginHostTransaction() {
        EntityManager em = hostFactory.createEntityManager();
        em.getTransaction().begin();
        hostEntityManager.set(em);
        return em;
    }

    private void endHostTransaction(EntityManager em) {
        hostEntityManager.remove();
        em.close();
    }

    private String organisation() {
        String org = "org-host-" + UUID.randomUUID();
        directory.addUnit(org, "b", "u1", "One", "one@example.com").addUnit(org, "b", "u2", "Two", null).addUnit(org, "b", "u3", "Three", null);
        return org;
    }

    @Test
    void aHostRollbackAfterSuccessfulCallsLeavesNothingAuditIncluded() {
        String org = organisation();
        Caller admin = Caller.admin(org, "admin");
        Caller reader = Caller.member(org, "auditor");
        Communication before0 = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "kept").blockId("b").build());
        centre.addRecipients(admin, before0.id(), List.of("u1"));
        Recipient r0 = centre.listRecipients(reader, before0.id(), RecipientFilter.all(), PageRequest.first()).items().get(0);
        List<UUID> known = List.of(before0.id());
        ReadBack before = ReadBack.of(outside, org, known);

        EntityManager em = beginHostTransaction();
        List<UUID> created = new ArrayList<>();
        try {
            Communication c1 = centre.create(admin, NewCommunication.builder(CommunicationType.CIRCULAR, "rolled back").build());
            created.add(c1.id());
            centre.addRecipients(admin, c1.id(), List.of("u1", "u2"));
            centre.update(admin, before0.id(), CommunicationChanges.builder().subject("changed, then rolled back").build());
            centre.addBlockRecipients(admin, before0.id());
            centre.updateRecipientStatus(admin, r0.id(), DeliveryStatus.OPENED);
            Communication sent = centre.markSent(admin, before0.id());
            created.add(centre.duplicate(admin, before0.id(), true).id());
            centre.delete(admin, c1.id());
            rolledBackCalls.addAndGet(8);
            // Inside, the host's transaction sees its own work; outside, another instance sees none of it.
            assertThat(centre.getById(reader, before0.id()).communication()).isEqualTo(sent);
            // Verification reads a snapshot of its own, never the host's transaction: the two committed events.
            assertThat(centre.verifyAuditTrail(reader)).isEqualTo(AuditVerification.intact(2));
            assertThat(ReadBack.of(outside, org, known)).isEqualTo(before);
        } finally {
            em.getTransaction().rollback();
            endHostTransaction(em);
        }

        assertThat(ReadBack.of(outside, org, known)).isEqualTo(before);
        assertThat(ReadBack.of(centre, org, known)).isEqualTo(before);
        for (UUID id : created) {
            assertThatThrownBy(() -> outside.auditTrail(reader, id)).isInstanceOf(CommunicationCentreException.class)
                    .extracting(e -> ((CommunicationCentreException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThatThrownBy(() -> outside.getById(reader, id)).isInstanceOf(CommunicationCentreException.class);
        }
        // The next call works and continues the chain where the committed history ended.
        Communication next = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "after").build());
        assertThat(outside.auditTrail(reader, next.id()).get(0).sequence()).isEqualTo(3);
        assertThat(outside.verifyAuditTrail(reader)).isEqualTo(AuditVerification.intact(3));
    }

    @Test
    void theStoreNeverCommitsTheHostsTransactionItself() {
        String org = organisation();
        Caller admin = Caller.admin(org, "admin");
        Caller reader = Caller.member(org, "auditor");
        EntityManager em = beginHostTransaction();
        Communication c;
        try {
            c = centre.create(admin, NewCommunication.builder(CommunicationType.AGM_NOTICE, "AGM").build());
            centre.addRecipients(admin, c.id(), List.of("u1", "u2", "u3"));
            assertThat(outside.count(reader, CommunicationFilter.all())).isZero();
            em.getTransaction().commit();
        } finally {
            endHostTransaction(em);
        }
        assertThat(outside.getById(reader, c.id()).recipientCount()).isEqualTo(3);
        assertThat(outside.verifyAuditTrail(reader)).isEqualTo(AuditVerification.intact(2));
    }

    @Test
    void aCallRefusedBeforeItWroteLeavesTheHostsTransactionCommittable() {
        String org = organisation();
        Caller admin = Caller.admin(org, "admin");
        Caller reader = Caller.member(org, "auditor");
        Communication sent = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "sent").build());
        centre.markSent(admin, sent.id());
        CommunicationDetails sentBefore = outside.getById(reader, sent.id());
        List<AuditEvent> trailBefore = outside.auditTrail(reader, sent.id());
        EntityManager em = beginHostTransaction();
        Communication kept;
        try {
            kept = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "kept with the host's work").build());
            assertThatThrownBy(() -> centre.update(admin, sent.id(), CommunicationChanges.builder().subject("x").build()))
                    .isInstanceOf(CommunicationCentreException.class)
                    .extracting(e -> ((CommunicationCentreException) e).code()).isEqualTo(ErrorCode.CONFLICT);
            assertThatThrownBy(() -> centre.getById(admin, java.util.UUID.randomUUID()))
                    .isInstanceOf(CommunicationCentreException.class)
                    .extracting(e -> ((CommunicationCentreException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(em.getTransaction().getRollbackOnly()).as("nothing was written by the failed calls").isFalse();
            em.getTransaction().commit();
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            endHostTransaction(em);
        }
        assertThat(outside.getById(reader, sent.id())).as("the refused update changed nothing").isEqualTo(sentBefore);
        assertThat(outside.auditTrail(reader, sent.id())).isEqualTo(trailBefore);
        assertThat(outside.getById(reader, kept.id()).communication()).isEqualTo(kept);
        assertThat(outside.getById(reader, sent.id()).communication().status()).isEqualTo(CommunicationStatus.SENT);
        assertThat(outside.verifyAuditTrail(reader).intact()).isTrue();
    }

    @Test
    void aSecondTransactionOnTheSameThreadWritingInTheSameOrganisationNeverWaitsForTheFirst() {
        String org = organisation();
        Caller admin = Caller.admin(org, "admin");
        Caller reader = Caller.member(org, "auditor");
        Communication committed = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "before").build());
        centre.addRecipients(admin, committed.id(), List.of("u1"));
        Recipient r = centre.listRecipients(reader, committed.id(), RecipientFilter.all(), PageRequest.first()).items().get(0);

        EntityManager outer = beginHostTransaction();
        Communication inOuter;
        Communication inInner;
        try {
            inOuter = centre.create(admin, NewCommunication.builder(CommunicationType.CIRCULAR, "outer").build());
            centre.addRecipients(admin, inOuter.id(), List.of("u2"));
            // Spring's REQUIRES_NEW: the outer transaction is suspended, a second one runs on the same thread.
            EntityManager inner = hostFactory.createEntityManager();
            inner.getTransaction().begin();
            hostEntityManager.set(inner);
            try {
                // Were anything the outer transaction wrote locked for the organisation, this would wait for ever
                // (the outer transaction can only end after it); a lock timeout turns that into a failure.
                failInsteadOfWaitingForLocks(inner);
                inInner = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "inner").build());
                centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.DELIVERED);
                inner.getTransaction().commit();
            } finally {
                inner.close();
                hostEntityManager.set(outer);
            }
            assertThat(outside.auditTrail(reader, inInner.id())).allMatch(AuditEvent::isLinked);
            assertThat(centre.auditTrail(admin, inOuter.id())).as("pending until the outer transaction commits")
                    .noneMatch(AuditEvent::isLinked);
            outer.getTransaction().commit();
        } finally {
            endHostTransaction(outer);
        }

        // Linked after the host committed, without the host doing anything; the chain is dense and intact.
        assertThat(outside.auditTrail(reader, inOuter.id())).hasSize(2).allMatch(AuditEvent::isLinked);
        assertThat(otherInstance.organisationsWithPendingAuditEvents(1_000)).doesNotContain(org);
        assertThat(outside.verifyAuditTrail(reader)).isEqualTo(AuditVerification.intact(6));
        List<Long> sequences = new ArrayList<>();
        for (UUID id : List.of(committed.id(), inOuter.id(), inInner.id())) {
            outside.auditTrail(reader, id).forEach(e -> sequences.add(e.sequence()));
        }
        assertThat(sequences).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void aHostRollbackLeavesNothingPendingToLink() {
        String org = organisation();
        Caller admin = Caller.admin(org, "admin");
        EntityManager em = beginHostTransaction();
        try {
            centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "rolled back").build());
            assertThat(em.getTransaction().isActive()).isTrue();
        } finally {
            em.getTransaction().rollback();
            endHostTransaction(em);
        }
        assertThat(otherInstance.organisationsWithPendingAuditEvents(1_000)).doesNotContain(org);
        assertThat(outside.verifyAuditTrail(Caller.member(org, "auditor"))).isEqualTo(AuditVerification.intact(0));
    }

    private void failInsteadOfWaitingForLocks(EntityManager em) {
        boolean postgres = db.kind().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        em.unwrap(org.hibernate.Session.class).doWork(connection -> {
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.execute(postgres ? "set local lock_timeout = '5s'" : "set lock_timeout 5000");
            }
        });
    }
}
