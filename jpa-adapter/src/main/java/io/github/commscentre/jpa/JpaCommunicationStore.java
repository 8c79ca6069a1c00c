package io.github.commscentre.jpa;

import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.spi.CommunicationStore;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.PersistenceConfiguration;
import jakarta.persistence.PersistenceUnitTransactionType;
import org.hibernate.Session;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.jpa.HibernatePersistenceProvider;

import javax.sql.DataSource;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A {@link CommunicationStore} on Jakarta Persistence 3.2 and Hibernate 7, for PostgreSQL in production and H2
 * in tests or development.
 *
 * <h2>Two ways in</h2>
 * <ul>
 *   <li><b>Over the host's own {@link EntityManagerFactory}</b>: add {@link #ENTITY_CLASS_NAMES} to the host's
 *       persistence unit (the one setup step: {@code <class>} entries in {@code persistence.xml}, or
 *       {@code PersistenceConfiguration.managedClass} for each of {@link #entityClasses()}), then
 *       {@code JpaCommunicationStore.builder(emf).entityManagerProvider(...).build()}.</li>
 *   <li><b>Standalone</b>, for a host without JPA: {@link #standalone(DataSource)} or
 *       {@link #standalone(String, String, String)} builds its own factory in code; {@link #close()} closes it.</li>
 * </ul>
 * Either way the schema comes from the versioned SQL shipped in this jar under
 * {@code db/communication-centre/{postgresql,h2}/}, applied by the host's Flyway or Liquibase. The adapter never
 * creates or alters tables.
 *
 * <h2>Transactions</h2>
 * Each {@link #write} or {@link #read} runs in one transaction of its own, on an entity manager of its own,
 * unless the {@link Builder#entityManagerProvider entity manager provider} hands out an entity manager that is
 * joined to an active transaction: then the store works inside the host's transaction, never commits or rolls it
 * back, and, when the call fails, marks it rollback-only. Reads in a transaction of its own see one snapshot
 * ({@code REPEATABLE READ} on PostgreSQL, {@code SNAPSHOT} on H2), so one call never sees half of a concurrent write.
 *
 * <h2>Failures</h2>
 * No JPA, Hibernate or JDBC exception leaves the store. A unique-key violation, a lock failure, a serialization
 * failure or a deadlock is a {@link io.github.commscentre.CommunicationCentreException} with code
 * {@code CONFLICT}; anything else is {@code UNAVAILABLE} with the original as its cause. An exception thrown by
 * the unit of work itself passes through unchanged.
 *
 * <p>Thread-safe; build one per application.
 */
public final class JpaCommunicationStore implements CommunicationStore, AutoCloseable {

    /**
     * The fully qualified names of the adapter's entity classes: add them to the host's persistence unit
     * (for example as {@code <class>} elements in {@code persistence.xml}).
     */
    public static final List<String> ENTITY_CLASS_NAMES = List.of(
            CommunicationEntity.class.getName(),
            RecipientEntity.class.getName(),
            AuditEventEntity.class.getName(),
            AuditChainHeadEntity.class.getName());

    /** Rows per JDBC batch, and recipients per flush in bulk inserts. */
    static final int BATCH_SIZE = 500;

    private final EntityManagerFactory emf;
    private final Supplier<EntityManager> entityManagerProvider;
    private final boolean ownsFactory;
    private final SqlDialect dialect;
    /** Read work (by the code that makes it) seen to need more than one statement: run in a transaction at once. */
    private final Set<Class<?>> multiStatementWork = ConcurrentHashMap.newKeySet();

    /** @throws IllegalArgumentException when the factory is not Hibernate's, or its database is not supported */
    private JpaCommunicationStore(EntityManagerFactory emf, Supplier<EntityManager> entityManagerProvider, boolean ownsFactory) {
        this.emf = emf;
        this.entityManagerProvider = entityManagerProvider;
        this.ownsFactory = ownsFactory;
        this.dialect = SqlDialect.of(unwrapFactory(emf).getJdbcServices().getDialect());
    }

    /**
     * @return the same names as {@link #ENTITY_CLASS_NAMES}
     */
    public static List<String> entityClassNames() {
        return ENTITY_CLASS_NAMES;
    }

    /**
     * The entity classes themselves, for {@code PersistenceConfiguration.managedClass(Class)}, which takes classes
     * rather than names: {@code JpaCommunicationStore.entityClasses().forEach(configuration::managedClass)}.
     *
     * @return the adapter's entity classes
     */
    public static List<Class<?>> entityClasses() {
        return List.of(CommunicationEntity.class, RecipientEntity.class, AuditEventEntity.class, AuditChainHeadEntity.class);
    }

    /**
     * Starts building a store over the host's entity manager factory, whose persistence unit must include
     * {@link #ENTITY_CLASS_NAMES}.
     *
     * @param emf the host's factory (Hibernate 7); the store never closes it
     * @return a builder
     */
    public static Builder builder(EntityManagerFactory emf) {
        return new Builder(Objects.requireNonNull(emf, "emf must not be null"));
    }

    /**
     * A store for a host without JPA: builds its own Hibernate factory in code (Jakarta Persistence 3.2
     * {@link PersistenceConfiguration}) over the given data source, which should be a connection pool. The schema
     * must already exist (apply the shipped migrations first); it is validated at start. {@link #close()} closes
     * the factory, not the data source.
     *
     * @param dataSource the database, PostgreSQL or H2 (for PostgreSQL set {@code reWriteBatchedInserts=true} on it)
     * @return the store
     * @throws CommunicationCentreException {@code UNAVAILABLE} when the database cannot be reached or the schema
     *                                      does not match
     */
    public static JpaCommunicationStore standalone(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource must not be null");
        return standalone(standaloneConfiguration().property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource));
    }

    /**
     * A store for a host without JPA over a JDBC URL, with Hibernate's small built-in connection pool. For
     * production prefer {@link #standalone(DataSource)} with a real pool. On PostgreSQL,
     * {@code reWriteBatchedInserts=true} is added to the URL unless it is already set, so that batches of
     * recipients become multi-row inserts. The JDBC driver must be on the classpath.
     *
     * @param jdbcUrl  for example {@code jdbc:postgresql://db:5432/app} or {@code jdbc:h2:./data/cc}
     * @param user     the database user, or {@code null}
     * @param password the password, or {@code null}
     * @return the store; {@link #close()} closes its connections
     * @throws CommunicationCentreException {@code UNAVAILABLE} when the database cannot be reached or the schema
     *                                      does not match
     */
    public static JpaCommunicationStore standalone(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl must not be null");
        PersistenceConfiguration configuration = standaloneConfiguration()
                .property(PersistenceConfiguration.JDBC_URL, withBatchedInserts(jdbcUrl))
                .property(AvailableSettings.POOL_SIZE, 10);
        if (user != null) {
            configuration.property(PersistenceConfiguration.JDBC_USER, user);
        }
        if (password != null) {
            configuration.property(PersistenceConfiguration.JDBC_PASSWORD, password);
        }
        return standalone(configuration);
    }

    private static JpaCommunicationStore standalone(PersistenceConfiguration configuration) {
        EntityManagerFactory emf;
        try {
            emf = new HibernatePersistenceProvider().createEntityManagerFactory(configuration);
        } catch (RuntimeException e) {
            throw CommunicationCentreException.unavailable(
                    "could not start the communication store; is the database reachable and were the migrations in "
                            + "db/communication-centre/ applied?", e);
        }
        try {
            return new JpaCommunicationStore(emf, null, true);
        } catch (RuntimeException e) {
            emf.close();
            throw e;
        }
    }

    /**
     * The settings of the standalone factory: the adapter's entities, JDBC batching, and schema validation
     * (never generation).
     */
    static PersistenceConfiguration standaloneConfiguration() {
        PersistenceConfiguration configuration = new PersistenceConfiguration("communication-centre")
                .provider(HibernatePersistenceProvider.class.getName())
                .transactionType(PersistenceUnitTransactionType.RESOURCE_LOCAL);
        entityClasses().forEach(configuration::managedClass);
        return configuration
                .property(AvailableSettings.STATEMENT_BATCH_SIZE, BATCH_SIZE)
                .property(AvailableSettings.ORDER_INSERTS, true)
                .property(AvailableSettings.ORDER_UPDATES, true)
                .property(AvailableSettings.HBM2DDL_AUTO, "validate");
    }

    static String withBatchedInserts(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:") || jdbcUrl.toLowerCase(java.util.Locale.ROOT).contains("rewritebatchedinserts")) {
            return jdbcUrl;
        }
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
    }

    @Override
    public <T> T write(String organisationId, StoreWork<T> work) {
        return run(organisationId, work, false);
    }

    /**
     * Reads on a consistent view. Outside the host's transaction the work is first run without a transaction of
     * its own: a work that reads with one statement (a listing, a count) sees one snapshot that way, and the
     * {@code set transaction ... read only} and the rollback a transaction needs would add two round trips (on
     * PostgreSQL most of a listing's cost beyond the hand-written query; docs/benchmarks.md). A work that makes a
     * second call, or streams, is run again inside a read-only transaction, and the code that made it goes straight
     * there from then on. Read work has no effect but its result (see {@link CommunicationStore#read}), so running
     * it twice is safe.
     */
    @Override
    public <T> T read(String organisationId, StoreWork<T> work) {
        Objects.requireNonNull(organisationId, "organisationId must not be null");
        Objects.requireNonNull(work, "work must not be null");
        EntityManager host = joinableHostEntityManager();
        if (host != null) {
            return runJoined(host, organisationId, work, true);
        }
        if (!multiStatementWork.contains(work.getClass())) {
            try {
                return runSingle(organisationId, work);
            } catch (NeedsTransaction signal) {
                multiStatementWork.add(work.getClass());
            }
        }
        return runOwn(organisationId, work, true);
    }

    /**
     * Closes the entity manager factory if this store created it ({@link #standalone}); a store built over the
     * host's factory leaves it open.
     */
    @Override
    public void close() {
        if (ownsFactory && emf.isOpen()) {
            emf.close();
        }
    }

    @Override
    public String toString() {
        return "JpaCommunicationStore[" + dialect.name().toUpperCase(java.util.Locale.ROOT) + (ownsFactory ? ", standalone" : "") + "]";
    }

    private <T> T run(String organisationId, StoreWork<T> work, boolean readOnly) {
        Objects.requireNonNull(organisationId, "organisationId must not be null");
        Objects.requireNonNull(work, "work must not be null");
        EntityManager host = joinableHostEntityManager();
        return host != null ? runJoined(host, organisationId, work, readOnly) : runOwn(organisationId, work, readOnly);
    }

    private EntityManager joinableHostEntityManager() {
        if (entityManagerProvider == null) {
            return null;
        }
        EntityManager em;
        try {
            em = entityManagerProvider.get();
        } catch (RuntimeException e) {
            throw CommunicationCentreException.unavailable("the host's entity manager provider failed", e);
        }
        if (em == null) {
            return null;
        }
        try {
            return em.isOpen() && em.isJoinedToTransaction() ? em : null;
        } catch (RuntimeException e) {
            // A shared or closed entity manager outside any transaction: the store runs its own.
            return null;
        }
    }

    private <T> T runJoined(EntityManager em, String organisationId, StoreWork<T> work, boolean readOnly) {
        Session session;
        Integer previousBatchSize;
        try {
            session = em.unwrap(Session.class);
            previousBatchSize = session.getJdbcBatchSize();
            // The host's factory may not batch at all; batch our inserts without changing its setting for long.
            session.setJdbcBatchSize(BATCH_SIZE);
        } catch (RuntimeException e) {
            markRollbackOnly(em, e);
            throw StoreFailures.translate(e, "joining the host's transaction");
        }
        try {
            T result = work.execute(new JpaStoreTransaction(em, organisationId, dialect, readOnly, BATCH_SIZE, false));
            if (!readOnly) {
                em.flush();
            }
            return result;
        } catch (RuntimeException | Error e) {
            markRollbackOnly(em, e);
            throw passThroughOrTranslate(e, "working in the host's transaction");
        } finally {
            try {
                session.setJdbcBatchSize(previousBatchSize);
            } catch (RuntimeException ignored) {
                // The session is already unusable; the host sees that on its own next call.
            }
        }
    }

    private <T> T runOwn(String organisationId, StoreWork<T> work, boolean readOnly) {
        EntityManager em;
        EntityTransaction tx;
        try {
            em = emf.createEntityManager();
        } catch (RuntimeException e) {
            throw StoreFailures.translate(e, "opening an entity manager");
        }
        try {
            Session session = em.unwrap(Session.class);
            session.setJdbcBatchSize(BATCH_SIZE);
            if (readOnly) {
                session.setDefaultReadOnly(true);
                em.setFlushMode(FlushModeType.COMMIT);
            }
            tx = em.getTransaction();
            tx.begin();
        } catch (RuntimeException e) {
            em.close();
            throw StoreFailures.translate(e, "beginning a transaction");
        }
        Object readState = null;
        boolean readStarted = false;
        try {
            if (readOnly) {
                readState = beginConsistentRead(em);
                readStarted = true;
            }
            T result = work.execute(new JpaStoreTransaction(em, organisationId, dialect, readOnly, BATCH_SIZE, false));
            if (readOnly) {
                readStarted = false;
                endConsistentRead(em, readState);
                tx.rollback();
            } else {
                tx.commit();
            }
            return result;
        } catch (RuntimeException | Error e) {
            if (readStarted) {
                // Whatever went wrong, the pooled connection must not keep the read's isolation level.
                try {
                    endConsistentRead(em, readState);
                } catch (RuntimeException restoreFailure) {
                    e.addSuppressed(restoreFailure);
                }
            }
            rollbackQuietly(tx, e);
            throw passThroughOrTranslate(e, readOnly ? "reading" : "writing");
        } finally {
            try {
                em.close();
            } catch (RuntimeException ignored) {
                // Closing after a failed rollback can fail too; the first failure is the one reported.
            }
        }
    }

    private <T> T runSingle(String organisationId, StoreWork<T> work) {
        EntityManager em;
        try {
            em = emf.createEntityManager();
        } catch (RuntimeException e) {
            throw StoreFailures.translate(e, "opening an entity manager");
        }
        try {
            Session session = em.unwrap(Session.class);
            session.setDefaultReadOnly(true);
            em.setFlushMode(FlushModeType.COMMIT);
            T result = work.execute(new JpaStoreTransaction(em, organisationId, dialect, true, BATCH_SIZE, true));
            endImplicitTransaction(session);
            return result;
        } catch (RuntimeException | Error e) {
            try {
                endImplicitTransaction(em.unwrap(Session.class));
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw passThroughOrTranslate(e, "reading");
        } finally {
            try {
                em.close();
            } catch (RuntimeException ignored) {
                // The failure of the read, if any, is the one reported.
            }
        }
    }

    /**
     * A pool that hands out connections with auto-commit off has begun a transaction under the statement: end it
     * here rather than leave it to the pool. With auto-commit on (the usual case) this costs no round trip.
     */
    private static void endImplicitTransaction(Session session) {
        session.doWork(connection -> {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        });
    }

    private Object beginConsistentRead(EntityManager em) {
        try {
            return em.unwrap(Session.class).doReturningWork(dialect::beginConsistentRead);
        } catch (RuntimeException e) {
            throw StoreFailures.translate(e, "beginning a read");
        }
    }

    private void endConsistentRead(EntityManager em, Object state) {
        try {
            em.unwrap(Session.class).doWork(connection -> dialect.endConsistentRead(connection, state));
        } catch (RuntimeException e) {
            throw StoreFailures.translate(e, "ending a read");
        }
    }

    private static void rollbackQuietly(EntityTransaction tx, Throwable failure) {
        try {
            if (tx.isActive()) {
                tx.rollback();
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void markRollbackOnly(EntityManager em, Throwable failure) {
        try {
            em.getTransaction().setRollbackOnly();
        } catch (RuntimeException notResourceLocal) {
            // JTA, or a container's shared entity manager that refuses getTransaction(): ask Hibernate directly.
            try {
                em.unwrap(SharedSessionContractImplementor.class).markForRollbackOnly();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * The work's own exceptions (the facade's {@code CommunicationCentreException}, or anything else it throws)
     * leave unchanged; persistence exceptions (from commit, flush, or a misbehaving work) are translated.
     */
    private static RuntimeException passThroughOrTranslate(Throwable failure, String action) {
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (StoreFailures.isPersistenceFailure(failure)) {
            return StoreFailures.translate(failure, action);
        }
        return (RuntimeException) failure;
    }

    private static SessionFactoryImplementor unwrapFactory(EntityManagerFactory emf) {
        try {
            return emf.unwrap(SessionFactoryImplementor.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("JpaCommunicationStore needs a Hibernate 7 EntityManagerFactory", e);
        }
    }

    /** Builds a {@link JpaCommunicationStore} over the host's entity manager factory. */
    public static final class Builder {

        private final EntityManagerFactory emf;
        private Supplier<EntityManager> entityManagerProvider;

        private Builder(EntityManagerFactory emf) {
            this.emf = emf;
        }

        /**
         * Lets the store join the host's transactions. Before each call the store asks the provider for the host's
         * current entity manager; if that one is joined to an active transaction, the store works inside it and
         * never commits or rolls it back (on failure it marks it rollback-only). Otherwise, or without a provider,
         * each call runs in a transaction of its own.
         *
         * <p>With Spring, pass the shared, transaction-bound entity manager: {@code () -> entityManager} where
         * {@code entityManager} is injected with {@code @PersistenceContext}.
         *
         * @param entityManagerProvider gives the host's current entity manager, or {@code null} when there is none
         * @return this builder
         */
        public Builder entityManagerProvider(Supplier<EntityManager> entityManagerProvider) {
            this.entityManagerProvider = Objects.requireNonNull(entityManagerProvider, "entityManagerProvider must not be null");
            return this;
        }

        /** @return the store; closing it leaves the host's factory open */
        public JpaCommunicationStore build() {
            return new JpaCommunicationStore(emf, entityManagerProvider, false);
        }
    }
}
