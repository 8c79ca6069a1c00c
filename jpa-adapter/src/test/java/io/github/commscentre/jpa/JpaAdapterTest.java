package io.github.commscentre.jpa;

import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.AddRecipientsResult;
import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceConfiguration;
import jakarta.persistence.PersistenceUnitTransactionType;
import org.hibernate.engine.spi.SessionImplementor;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceProvider;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What the JPA adapter promises beyond the store contract, on each database: exact round trips of every entity,
 * joining the host's transaction, batching, streaming in bounded memory, and the translation of failures.
 * Subclasses supply the database.
 */
abstract class JpaAdapterTest {

    /** Text that trips up encodings and escaping; no U+0000 and no lone surrogate, as the facade ensures. */
    static final String TRICKY = "Ünïcödé ✓ 😀 👩‍👩‍👧‍👦 🇬🇧 שלום مرحبا e\u0301 \u212B 'q' \"dq\" back\\slash \\u0000 "
            + "'; drop table cc_communication; -- % _ {\"json\":[1]} \t\n\r\n \u200B \uFEFF \u202E \uFFFD \u007F \u0001";

    static final Instant T0 = Instant.parse("2026-03-01T09:15:30.123456Z");

    /** @return the test class's database, with a store over a host-style factory on it */
    abstract PerClassDatabase classDatabase();

    TestDatabase database() {
        return classDatabase().database();
    }

    /** @return a store over a fresh host-style factory of this test's database */
    JpaCommunicationStore store() {
        return classDatabase().store();
    }

    /** @return the host factory behind {@link #store()} */
    EntityManagerFactory hostFactory() {
        return classDatabase().hostFactory();
    }

    private final String org = "org-" + UUID.randomUUID();
    private final Caller admin = Caller.admin(org, "user-1");

    // ---- entities -------------------------------------------------------------------------------

    @Test
    void everyEntityRoundTripsThroughTheDatabaseExactly() {
        UUID communicationId = UUID.randomUUID();
        Communication communication = new Communication(communicationId, org, CommunicationType.DEMAND_LETTER, TRICKY,
                "<p>" + "x".repeat(999_993) + "</p>", "block-\u00e9\uD83D\uDE00", "unit-\u00e9", "carrier pigeon \uD83D\uDC26",
                CommunicationStatus.FAILED, T0.plusNanos(1_000), T0.plusSeconds(2), "sender", T0.plusSeconds(3), TRICKY, TRICKY,
                "creator", T0, T0.plusNanos(999_999_000), 7);
        Recipient recipient = new Recipient(UUID.randomUUID(), org, communicationId, "unit-\u00e9", 42, TRICKY, "a+b@example.org",
                DeliveryStatus.BOUNCED, T0.plusSeconds(5), null, TRICKY, T0.minusSeconds(1), T0.plusSeconds(6), "adder");
        Map<String, String> details = new TreeMap<>();
        details.put("subject.old", TRICKY);
        details.put(TRICKY, "");
        details.put("", "empty key");
        details.put("control", "\u0000\u0001\u001f\u007f\b\f");
        AuditEvent event = new AuditEvent(UUID.randomUUID(), org, 1, communicationId, recipient.id(), AuditEventType.RECIPIENT_STATUS_CHANGED,
                "actor", T0.plusNanos(1_000), details, List.of(TRICKY, "", "\"", "\\", "unit,with,commas", "]"),
                AuditEvent.GENESIS_HASH, "f".repeat(64));

        store().write(org, tx -> {
            // Recipients join a communication before it is finished: the database refuses them afterwards.
            Communication unfinished = communication.toBuilder().status(CommunicationStatus.DRAFT).build();
            tx.insertCommunication(unfinished);
            tx.insertRecipients(List.of(recipient));
            tx.updateCommunication(communication, unfinished.version());
            tx.tryLockAuditChain().orElseThrow();
            tx.appendAuditEvents(List.of(event));
            return null;
        });

        store().read(org, tx -> {
            assertThat(tx.findCommunication(communicationId)).contains(communication);
            assertThat(tx.listRecipients(communicationId, null, 0, 10)).containsExactly(recipient);
            assertThat(tx.auditEventsOf(communicationId)).containsExactly(event);
            assertThat(tx.auditChainHead()).isEqualTo(new AuditChainHead(org, 1, event.hash()));
            return null;
        });
    }

    @Test
    void aRecipientsAddedEventKeeps50000UnitIdsExactly() {
        List<String> unitIds = IntStream.rangeClosed(1, 50_000).mapToObj(i -> "unit-" + i + "-" + "é\"\\".repeat(i % 3)).toList();
        AuditEvent event = new AuditEvent(UUID.randomUUID(), org, 1, UUID.randomUUID(), null, AuditEventType.RECIPIENTS_ADDED, "actor",
                T0, Map.of("added", "50000"), unitIds, AuditEvent.GENESIS_HASH, "a".repeat(64));
        store().write(org, tx -> {
            tx.tryLockAuditChain().orElseThrow();
            tx.appendAuditEvents(List.of(event));
            return null;
        });
        List<AuditEvent> stored = store().read(org, tx -> tx.auditEventsOf(event.communicationId()));
        assertThat(stored).containsExactly(event);
    }

    @Test
    void entityClassNamesAreTheOneStepThatAddsTheEntitiesToAHostUnit() throws Exception {
        assertThat(JpaCommunicationStore.entityClassNames()).isSameAs(JpaCommunicationStore.ENTITY_CLASS_NAMES).hasSize(4);
        PersistenceConfiguration configuration = new PersistenceConfiguration("by-name-" + UUID.randomUUID())
                .provider(HibernatePersistenceProvider.class.getName())
                .transactionType(PersistenceUnitTransactionType.RESOURCE_LOCAL)
                .property(PersistenceConfiguration.JDBC_URL, database().jdbcUrl)
                .property(AvailableSettings.HBM2DDL_AUTO, "validate");
        for (String name : JpaCommunicationStore.ENTITY_CLASS_NAMES) {
            configuration.managedClass(Class.forName(name));
        }
        EntityManagerFactory emf = new HibernatePersistenceProvider().createEntityManagerFactory(configuration);
        try {
            CommunicationCentre centre = centre(JpaCommunicationStore.builder(emf).build(), new InMemoryPropertyDirectory());
            Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "validated").build());
            assertThat(centre.getById(admin, c.id()).communication()).isEqualTo(c);
        } finally {
            emf.close();
        }
    }

    @Test
    void theMigrationsRunBesideTheHostsOwnFlywayHistory() {
        try (TestDatabase host = database().emptySibling()) {
            String[] schemas = host.schema == null ? new String[0] : new String[]{host.schema};
            Flyway.configure().dataSource(host.dataSource()).schemas(schemas).locations("classpath:db/host").load().migrate();

            // As docs/jpa-adapter.md says: our own history table, so our V1 never collides with the host's V1.
            MigrateResult ours = Flyway.configure().dataSource(host.dataSource()).schemas(schemas)
                    .locations(host.migrationLocation())
                    .table("cc_flyway_schema_history").baselineOnMigrate(true).baselineVersion("0")
                    .load().migrate();

            // Every shipped version ran, from V1 on, and none of the host's.
            assertThat(ours.migrations).extracting(m -> m.version).startsWith("1").doesNotHaveDuplicates();
            assertThat(ours.migrationsExecuted).isEqualTo(ours.migrations.size()).isGreaterThanOrEqualTo(2);
            try (JpaCommunicationStore standalone = JpaCommunicationStore.standalone(host.dataSource())) {
                Communication c = centre(standalone, new InMemoryPropertyDirectory())
                        .create(admin, NewCommunication.builder(CommunicationType.NOTICE, "beside the host").build());
                assertThat(centre(standalone, new InMemoryPropertyDirectory()).getById(admin, c.id()).communication()).isEqualTo(c);
            }
        }
    }

    // ---- transactions ---------------------------------------------------------------------------

    @Test
    void aCallInsideAnActiveHostTransactionJoinsItAndBecomesVisibleOnlyWhenTheHostCommits() {
        EntityManager host = hostFactory().createEntityManager();
        try {
            CommunicationCentre joined = centre(JpaCommunicationStore.builder(hostFactory()).entityManagerProvider(() -> host).build(),
                    new InMemoryPropertyDirectory());
            CommunicationCentre separate = centre(store(), new InMemoryPropertyDirectory());
            host.getTransaction().begin();

            Communication c = joined.create(admin, NewCommunication.builder(CommunicationType.CIRCULAR, "joined").build());

            assertThat(host.getTransaction().isActive()).as("the store never ends the host's transaction").isTrue();
            assertThat(host.getTransaction().getRollbackOnly()).isFalse();
            assertThat(joined.getById(admin, c.id()).communication()).as("the host's transaction sees its own work").isEqualTo(c);
            assertThat(separate.count(admin, CommunicationFilter.all())).as("nothing visible before the host commits").isZero();
            assertThat(host.unwrap(SessionImplementor.class).getPersistenceContextInternal().getNumberOfManagedEntities())
                    .as("no adapter entity stays managed in the host's persistence context").isZero();

            host.getTransaction().commit();

            assertThat(separate.getById(admin, c.id()).communication()).isEqualTo(c);
            assertThat(separate.auditTrail(admin, c.id())).extracting(AuditEvent::type).containsExactly(AuditEventType.CREATED);
            assertThat(separate.verifyAuditTrail(admin).intact()).isTrue();
        } finally {
            host.close();
        }
    }

    @Test
    void aHostRollbackAfterSuccessfulCallsLeavesNothingAuditIncluded() {
        InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory().addUnits(org, "block-1", "unit-", 30);
        CommunicationCentre separate = centre(store(), directory);
        Communication kept = separate.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "kept").build());
        EntityManager host = hostFactory().createEntityManager();
        try {
            CommunicationCentre joined = centre(JpaCommunicationStore.builder(hostFactory()).entityManagerProvider(() -> host).build(),
                    directory);
            host.getTransaction().begin();
            Communication c = joined.create(admin, NewCommunication.builder(CommunicationType.CIRCULAR, "rolled back").blockId("block-1").build());
            joined.addBlockRecipients(admin, c.id());
            joined.markSent(admin, c.id());
            joined.update(admin, kept.id(), io.github.commscentre.CommunicationChanges.builder().subject("changed, then rolled back").build());
            assertThat(joined.auditTrail(admin, c.id())).hasSize(3);

            host.getTransaction().rollback();
        } finally {
            host.close();
        }

        assertThat(separate.list(admin, CommunicationFilter.all(), PageRequest.first(10)).items())
                .containsExactly(CommunicationSummary.of(kept));
        assertThat(separate.auditTrail(admin, kept.id())).extracting(AuditEvent::type).containsExactly(AuditEventType.CREATED);
        assertThat(store().read(org, tx -> tx.auditChainHead()).lastSequence()).isEqualTo(1);
        assertThat(separate.verifyAuditTrail(admin).eventsChecked()).isEqualTo(1);
    }

    @Test
    void aWorkThatFailsAfterWritingMarksTheHostTransactionRollbackOnlyWithoutEndingIt() {
        Communication c = new Communication(UUID.randomUUID(), org, CommunicationType.NOTICE, "s", null, null, null, "email",
                CommunicationStatus.DRAFT, null, null, null, null, null, null, "u", T0, T0, 0);
        EntityManager host = hostFactory().createEntityManager();
        try {
            JpaCommunicationStore joined = JpaCommunicationStore.builder(hostFactory()).entityManagerProvider(() -> host).build();
            host.getTransaction().begin();
            IllegalStateException failure = new IllegalStateException("the work's own, after a write");

            Throwable thrown = catchThrowable(() -> joined.write(org, tx -> {
                tx.insertCommunication(c);
                throw failure;
            }));

            assertThat(thrown).isSameAs(failure);
            assertThat(host.getTransaction().isActive()).as("the store never ends the host's transaction").isTrue();
            assertThat(host.getTransaction().getRollbackOnly()).as("half a call must never be committed").isTrue();
            host.getTransaction().rollback();
        } finally {
            host.close();
        }
        assertThat(store().<java.util.Optional<Communication>>read(org, tx -> tx.findCommunication(c.id()))).isEmpty();
    }

    @Test
    void aStoreFailureInsideTheHostTransactionIsTranslatedAndMarksItRollbackOnly() {
        EntityManager host = hostFactory().createEntityManager();
        try {
            JpaCommunicationStore joined = JpaCommunicationStore.builder(hostFactory()).entityManagerProvider(() -> host).build();
            Communication c = new Communication(UUID.randomUUID(), org, CommunicationType.NOTICE, "s", null, null, null, "email",
                    CommunicationStatus.DRAFT, null, null, null, null, null, null, "u", T0, T0, 0);
            store().write(org, tx -> {
                tx.insertCommunication(c);
                return null;
            });
            host.getTransaction().begin();

            Throwable thrown = catchThrowable(() -> joined.write(org, tx -> {
                tx.insertCommunication(c);
                return null;
            }));

            assertThat(thrown).isInstanceOf(CommunicationCentreException.class);
            assertThat(((CommunicationCentreException) thrown).code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(host.getTransaction().isActive()).isTrue();
            assertThat(host.getTransaction().getRollbackOnly()).isTrue();
            host.getTransaction().rollback();
        } finally {
            host.close();
        }
    }

    @Test
    void withoutAnActiveHostTransactionEachCallRunsAndCommitsItsOwn() {
        EntityManager host = hostFactory().createEntityManager();
        try {
            AtomicReference<Integer> asked = new AtomicReference<>(0);
            CommunicationCentre centre = centre(JpaCommunicationStore.builder(hostFactory()).entityManagerProvider(() -> {
                asked.updateAndGet(n -> n + 1);
                return host;
            }).build(), new InMemoryPropertyDirectory());

            Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "own transaction").build());

            assertThat(asked.get()).isPositive();
            assertThat(host.getTransaction().isActive()).isFalse();
            assertThat(centre(store(), new InMemoryPropertyDirectory()).getById(admin, c.id()).communication()).isEqualTo(c);
        } finally {
            host.close();
        }
        CommunicationCentre withNullProvider = centre(JpaCommunicationStore.builder(hostFactory()).entityManagerProvider(() -> null).build(),
                new InMemoryPropertyDirectory());
        Communication d = withNullProvider.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "no host manager").build());
        assertThat(centre(store(), new InMemoryPropertyDirectory()).getById(admin, d.id()).communication()).isEqualTo(d);
    }

    @Test
    void theWorksOwnExceptionBeforeAnyWriteLeavesUnchangedAndLeavesTheHostTransactionUsable() {
        EntityManager host = hostFactory().createEntityManager();
        try {
            JpaCommunicationStore joined = JpaCommunicationStore.builder(hostFactory()).entityManagerProvider(() -> host).build();
            host.getTransaction().begin();
            IllegalStateException failure = new IllegalStateException("the work's own");
            assertThat(catchThrowable(() -> joined.write(org, tx -> {
                tx.findCommunication(UUID.randomUUID());
                tx.lockCommunication(UUID.randomUUID());
                throw failure;
            }))).isSameAs(failure);
            assertThat(host.getTransaction().getRollbackOnly()).isFalse();
            host.getTransaction().rollback();
        } finally {
            host.close();
        }
    }

    // ---- speed by design ------------------------------------------------------------------------

    @Test
    void addingTenThousandRecipientsTakesOneStatementPerBatchPlusAFewMore() {
        CountingDataSource counting = new CountingDataSource(database().dataSource());
        EntityManagerFactory emf = database().hostFactory(counting.dataSource());
        InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory().addUnits(org, "block-1", "unit-", 10_000);
        CommunicationCentre centre = centre(JpaCommunicationStore.builder(emf).build(), directory);
        Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.CIRCULAR, "to everyone").build());
        List<String> unitIds = IntStream.rangeClosed(1, 10_000).mapToObj(i -> "unit-" + i).toList();
        counting.reset();

        AddRecipientsResult result = centre.addRecipients(admin, c.id(), unitIds);

        long statements = counting.statements();
        long batches = counting.batches();
        int batchSize = JpaCommunicationStore.BATCH_SIZE;
        long bound = (10_000 + batchSize - 1) / batchSize + 10;
        System.out.printf("[%s] addRecipients of 10,000 units: %d statements, of which %d batches (bound %d)%n",
                database().kind, statements, batches, bound);
        assertThat(result.added()).isEqualTo(10_000);
        assertThat(batches).as("recipient inserts go in batches of %d", batchSize).isGreaterThanOrEqualTo(10_000 / batchSize);
        assertThat(statements).isLessThanOrEqualTo(bound);
        assertThat(centre.getById(admin, c.id()).recipientCount()).isEqualTo(10_000);
        assertThat(centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first(3)).items())
                .extracting(Recipient::unitId, Recipient::position)
                .containsExactly(tuple("unit-1", 1L), tuple("unit-2", 2L),
                        tuple("unit-3", 3L));

        counting.reset();
        centre.markSent(admin, c.id());
        long sendStatements = counting.statements();
        System.out.printf("[%s] markSent with 10,000 recipients: %d statements%n", database().kind, sendStatements);
        assertThat(sendStatements).as("streamed in pages of %d, not a query per row", TransactionContext.STREAM_PAGE_SIZE)
                .isLessThanOrEqualTo(10_000 / TransactionContext.STREAM_PAGE_SIZE + 10);

        counting.reset();
        assertThat(centre.verifyAuditTrail(admin).intact()).isTrue();
        System.out.printf("[%s] verifyAuditTrail: %d statements%n", database().kind, counting.statements());
        assertThat(counting.statements()).isLessThanOrEqualTo(10_000 / TransactionContext.STREAM_PAGE_SIZE + 15);
    }

    @Test
    void listAndCountAreOneStatementEachWithoutATransactionOfTheirOwn() {
        CountingDataSource counting = new CountingDataSource(database().dataSource());
        CommunicationCentre centre = centre(JpaCommunicationStore.builder(database().hostFactory(counting.dataSource())).build(),
                new InMemoryPropertyDirectory().addUnits(org, "block-1", "unit-", 3));
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(0, centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "notice " + i)
                    .blockId("block-1").build()).id());
        }
        CommunicationFilter filter = CommunicationFilter.builder().blockId("block-1").status(CommunicationStatus.DRAFT).build();

        counting.reset();
        var first = centre.list(admin, filter, PageRequest.first(2));
        assertThat(counting.statements()).as("the first page").isEqualTo(1);
        assertThat(counting.transactionEnds()).as("no commit or rollback around one statement").isZero();

        counting.reset();
        var second = centre.list(admin, filter, PageRequest.after(first.nextCursor(), 2));
        assertThat(counting.statements()).as("a page by cursor").isEqualTo(1);
        assertThat(counting.transactionEnds()).isZero();
        assertThat(List.of(first.items().get(0).id(), first.items().get(1).id(), second.items().get(0).id(),
                second.items().get(1).id())).containsExactlyElementsOf(created.subList(0, 4));

        counting.reset();
        assertThat(centre.count(admin, filter)).isEqualTo(5);
        assertThat(counting.statements()).as("count").isEqualTo(1);
        assertThat(counting.transactionEnds()).isZero();

        counting.reset();
        assertThat(centre.getById(admin, created.get(0)).recipientCount()).isZero();
        assertThat(counting.transactionEnds()).as("two statements still read one snapshot, in a transaction").isEqualTo(1);
    }

    @Test
    void aSingleStatementReadOnAPoolWithoutAutoCommitEndsTheTransactionItBegan() {
        DataSource autoCommitOff = new ForwardingDataSource(database().dataSource()) {
            @Override
            public Connection getConnection() throws SQLException {
                Connection connection = super.getConnection();
                connection.setAutoCommit(false);
                return connection;
            }
        };
        CountingDataSource counting = new CountingDataSource(autoCommitOff);
        CommunicationCentre centre = centre(JpaCommunicationStore.builder(database().hostFactory(counting.dataSource())).build(),
                new InMemoryPropertyDirectory());
        centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "one").build());

        counting.reset();
        assertThat(centre.list(admin, CommunicationFilter.all(), PageRequest.first(10)).items()).hasSize(1);
        assertThat(counting.transactionEnds()).as("the implicit transaction is rolled back, not left open").isEqualTo(1);
    }

    @Test
    void storedEventsCarryExactlyTheFacadesHashesEvenForAwkwardText() {
        CommunicationCentre centre = centre(JpaCommunicationStore.builder(database().hostFactory(database().dataSource())).build(),
                new InMemoryPropertyDirectory().addUnits(org, "block-1", "unit-", 2));
        String awkward = "Flat 3 \"Rose\" Court \\ £1,250.00\n\tdue 😀 Ω </p>";
        Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, awkward)
                .notes(awkward + "\u0001").build());
        centre.update(admin, c.id(), io.github.commscentre.CommunicationChanges.builder().subject(awkward + " (2)").build());
        centre.addRecipients(admin, c.id(), List.of("unit-1", "unit-2"));
        Recipient first = centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first(1)).items().get(0);
        centre.markSent(admin, c.id());
        centre.updateRecipientStatus(admin, first.id(), DeliveryStatus.BOUNCED, awkward);

        List<AuditEvent> trail = centre.auditTrail(admin, c.id());
        assertThat(trail).extracting(AuditEvent::type).containsExactly(AuditEventType.CREATED, AuditEventType.UPDATED,
                AuditEventType.RECIPIENTS_ADDED, AuditEventType.SENT, AuditEventType.RECIPIENT_STATUS_CHANGED);
        String previous = AuditEvent.GENESIS_HASH;
        for (AuditEvent event : trail) {
            assertThat(event.previousHash()).isEqualTo(previous);
            assertThat(event.hash()).isEqualTo(io.github.commscentre.internal.AuditChain.expectedHash(event));
            previous = event.hash();
        }
        assertThat(centre.verifyAuditTrail(admin).intact()).isTrue();
    }

    @Test
    void aReadThatNeedsASecondStatementIsRunAgainInATransactionAndThenGoesStraightThere() {
        CountingDataSource counting = new CountingDataSource(database().dataSource());
        JpaCommunicationStore store = JpaCommunicationStore.builder(database().hostFactory(counting.dataSource())).build();
        CommunicationStore.StoreWork<Long> oneStatement = tx -> tx.countCommunications(CommunicationFilter.all());
        CommunicationStore.StoreWork<Long> twoStatements = tx -> {
            tx.countCommunications(CommunicationFilter.all());
            return tx.countCommunications(CommunicationFilter.all()) + 1;
        };

        counting.reset();
        assertThat(store.read(org, oneStatement)).isZero();
        assertThat(counting.transactionEnds()).as("one statement needs no transaction of its own").isZero();

        counting.reset();
        assertThat(store.read(org, twoStatements)).isEqualTo(1);
        assertThat(counting.transactionEnds()).as("run again inside a read-only transaction").isEqualTo(1);
        long firstTime = counting.statements();

        counting.reset();
        assertThat(store.read(org, twoStatements)).isEqualTo(1);
        assertThat(counting.transactionEnds()).isEqualTo(1);
        assertThat(counting.statements()).as("the second time it goes straight to a transaction")
                .isEqualTo(firstTime - 1);
    }

    @Test
    void streamingManyRowsKeepsNoneInThePersistenceContext() {
        EntityManager host = hostFactory().createEntityManager();
        try {
            InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory().addUnits(org, "block-1", "unit-", 2_500);
            CommunicationCentre joined = centre(JpaCommunicationStore.builder(hostFactory()).entityManagerProvider(() -> host).build(),
                    directory);
            host.getTransaction().begin();
            Communication c = joined.create(admin, NewCommunication.builder(CommunicationType.CIRCULAR, "many").blockId("block-1").build());
            joined.addBlockRecipients(admin, c.id());
            joined.markSent(admin, c.id());
            assertThat(joined.verifyAuditTrail(admin).intact()).isTrue();

            assertThat(host.unwrap(SessionImplementor.class).getPersistenceContextInternal().getNumberOfManagedEntities()).isZero();
            host.getTransaction().commit();
        } finally {
            host.close();
        }
    }

    // ---- failures -------------------------------------------------------------------------------

    @Test
    void anUnreachableDatabaseIsUnavailableWithTheCauseAndNeverAPersistenceException() {
        PersistenceConfiguration configuration = new PersistenceConfiguration("dead-" + UUID.randomUUID())
                .provider(HibernatePersistenceProvider.class.getName())
                .transactionType(PersistenceUnitTransactionType.RESOURCE_LOCAL)
                .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, new DeadDataSource())
                .property(AvailableSettings.DIALECT, database().kind == TestDatabase.Kind.H2
                        ? "org.hibernate.dialect.H2Dialect" : "org.hibernate.dialect.PostgreSQLDialect")
                .property("hibernate.boot.allow_jdbc_metadata_access", false);
        JpaCommunicationStore.entityClasses().forEach(configuration::managedClass);
        EntityManagerFactory emf = new HibernatePersistenceProvider().createEntityManagerFactory(configuration);
        try {
            CommunicationCentre centre = centre(JpaCommunicationStore.builder(emf).build(), new InMemoryPropertyDirectory());

            for (Throwable thrown : List.of(
                    catchThrowable(() -> centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "s").build())),
                    catchThrowable(() -> centre.count(admin, CommunicationFilter.all())))) {
                assertThat(thrown).isInstanceOf(CommunicationCentreException.class);
                assertThat(((CommunicationCentreException) thrown).code()).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(thrown).hasRootCauseInstanceOf(SQLException.class).hasRootCauseMessage("the database is down");
            }
        } finally {
            emf.close();
        }
    }

    @Test
    void standaloneOverADataSourceServesTheFacadeAndClosesOnlyWhatItCreated() {
        CommunicationCentre centre;
        Communication c;
        try (JpaCommunicationStore standalone = JpaCommunicationStore.standalone(database().dataSource())) {
            centre = centre(standalone, new InMemoryPropertyDirectory());
            c = centre.create(admin, NewCommunication.builder(CommunicationType.AGM_NOTICE, "standalone").build());
            assertThat(standalone.toString()).contains("standalone");
        }
        Throwable afterClose = catchThrowable(() -> centre.count(admin, CommunicationFilter.all()));
        assertThat(afterClose).isInstanceOf(CommunicationCentreException.class);
        assertThat(((CommunicationCentreException) afterClose).code()).isEqualTo(ErrorCode.UNAVAILABLE);

        JpaCommunicationStore overHost = JpaCommunicationStore.builder(hostFactory()).build();
        overHost.close();
        assertThat(hostFactory().isOpen()).as("a store over the host's factory never closes it").isTrue();
        assertThat(centre(overHost, new InMemoryPropertyDirectory()).getById(admin, c.id()).communication()).isEqualTo(c);
    }

    @Test
    void standaloneOverAJdbcUrlServesTheFacade() {
        try (JpaCommunicationStore standalone = JpaCommunicationStore.standalone(database().jdbcUrl)) {
            CommunicationCentre centre = centre(standalone, new InMemoryPropertyDirectory());
            Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.AGM_NOTICE, "over a URL").build());
            assertThat(centre(store(), new InMemoryPropertyDirectory()).getById(admin, c.id()).communication()).isEqualTo(c);
        }
    }

    @Test
    void standaloneOnADatabaseWithoutTheMigrationsIsUnavailableNamingThem() {
        String emptyH2 = "jdbc:h2:mem:empty_" + UUID.randomUUID().toString().replace("-", "");
        assertThatThrownBy(() -> JpaCommunicationStore.standalone(emptyH2, "sa", ""))
                .isInstanceOf(CommunicationCentreException.class)
                .hasMessageContaining("db/communication-centre/")
                .satisfies(e -> assertThat(((CommunicationCentreException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    @Test
    void postgresUrlsGetBatchedInsertsUnlessTheyChoseOtherwise() {
        assertThat(StandaloneFactory.withBatchedInserts("jdbc:postgresql://h/db"))
                .isEqualTo("jdbc:postgresql://h/db?reWriteBatchedInserts=true");
        assertThat(StandaloneFactory.withBatchedInserts("jdbc:postgresql://h/db?user=u"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&reWriteBatchedInserts=true");
        assertThat(StandaloneFactory.withBatchedInserts("jdbc:postgresql://h/db?reWriteBatchedInserts=false"))
                .isEqualTo("jdbc:postgresql://h/db?reWriteBatchedInserts=false");
        assertThat(StandaloneFactory.withBatchedInserts("jdbc:h2:mem:x")).isEqualTo("jdbc:h2:mem:x");
    }

    static CommunicationCentre centre(JpaCommunicationStore store, InMemoryPropertyDirectory directory) {
        return CommunicationCentre.builder().store(store).directory(directory).clock(Clock.systemUTC()).build();
    }

    /** A data source whose database is down. */
    private static final class DeadDataSource implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            throw new SQLException("the database is down", "08001");
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
