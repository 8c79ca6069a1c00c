package io.github.commscentre.jpa;

import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.spi.CommunicationStore;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceConfiguration;
import org.hibernate.Session;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.jdbc.ReturningWork;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A {@link CommunicationStore} on Jakarta Persistence 3.2 and Hibernate 7, for PostgreSQL in production and H2
 * in tests or development. Any other database is refused when the store is built.
 *
 * <h2>Two ways in</h2>
 * <ul>
 *   <li><b>Over the host's own {@link EntityManagerFactory}</b>: add {@link #ENTITY_CLASS_NAMES} to the host's
 *       persistence unit (the one setup step: {@code <class>} entries in {@code persistence.xml}, or
 *       {@code PersistenceConfiguration.managedClass} for each of {@link #entityClasses()}), then
 *       {@code JpaCommunicationStore.builder(emf).entityManagerProvider(...).build()}.</li>
 *   <li><b>Standalone</b>, for a host without JPA: {@link #standalone(DataSource)}, {@link #standalone(String)} or
 *       {@link #standalone(String, String, String)} builds its own factory in code (over a HikariCP pool of its own
 *       when given a URL); {@link #close()} closes them.</li>
 * </ul>
 * Either way the schema comes from the versioned SQL shipped in this jar under
 * {@code db/communication-centre/{postgresql,h2}/}, applied by the host's Flyway or Liquibase. The adapter never
 * creates or alters tables.
 *
 * <h2>Transactions</h2>
 * Each {@link #write} or {@link #read} runs in one transaction of its own, on an entity manager of its own,
 * unless the {@link Builder#entityManagerProvider entity manager provider} hands out an entity manager that is
 * joined to an active transaction: then the store works inside the host's transaction and never commits or rolls it
 * back. A call that fails after it wrote something, or whose statement failed, marks the host's transaction
 * rollback-only; a call that fails before writing anything ({@code NOT_FOUND}, {@code BAD_REQUEST}, {@code FORBIDDEN},
 * a {@code CONFLICT} of a state check) leaves it usable. Reads in a transaction of its own see one snapshot
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

    /** Rows per JDBC batch of inserts. */
    static final int BATCH_SIZE = 500;

    private final EntityManagerFactory emf;
    private final boolean ownsFactory;
    /** The connection pool a standalone store built from a URL opened, closed with it; otherwise {@code null}. */
    private final AutoCloseable ownPool;
    private final SqlDialect dialect;
    private final HostTransactions hostTransactions;
    private final OwnTransactions ownTransactions;
    private final AutoCommitReads autoCommitReads;
    /** Read work (by the code that makes it) seen to need more than one statement: run in a transaction at once. */
    private final Set<Class<?>> multiStatementWork = ConcurrentHashMap.newKeySet();

    /** @throws IllegalArgumentException when the factory is not Hibernate's, or its database is not supported */
    private JpaCommunicationStore(EntityManagerFactory emf, Supplier<EntityManager> entityManagerProvider, boolean ownsFactory,
                                  AutoCloseable ownPool) {
        this.emf = emf;
        this.ownsFactory = ownsFactory;
        this.ownPool = ownPool;
        this.dialect = SqlDialect.of(unwrapFactory(emf).getJdbcServices().getDialect());
        this.hostTransactions = new HostTransactions(entityManagerProvider, dialect, BATCH_SIZE);
        this.ownTransactions = new OwnTransactions(emf, dialect, BATCH_SIZE);
        this.autoCommitReads = new AutoCommitReads(emf, dialect, BATCH_SIZE);
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
     * @param emf the host's factory (Hibernate 7, on PostgreSQL or H2); the store never closes it
     * @return a builder
     */
    public static Builder builder(EntityManagerFactory emf) {
        return new Builder(Objects.requireNonNull(emf, "emf must not be null"));
    }

    /**
     * A store for a host without JPA: builds its own Hibernate factory in code (Jakarta Persistence 3.2
     * {@link PersistenceConfiguration}) over the given data source, which should be a connection pool. The schema
     * must already exist (apply the shipped migrations first); it is validated at start. {@link #close()} closes
     * the factory, not the data source. Hibernate logs through SLF4J (see {@link #standalone(String)}).
     *
     * @param dataSource the database, PostgreSQL or H2 (for PostgreSQL set {@code reWriteBatchedInserts=true} on it)
     * @return the store
     * @throws NullPointerException         when {@code dataSource} is null
     * @throws CommunicationCentreException {@code UNAVAILABLE} when the database cannot be reached or the schema
     *                                      does not match
     * @throws IllegalArgumentException     when the database is neither PostgreSQL nor H2
     */
    public static JpaCommunicationStore standalone(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource must not be null");
        return standalone(StandaloneFactory.configuration()
                .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource), null);
    }

    /**
     * A store for a host without JPA over a JDBC URL that names the user and password itself, or a database that needs
     * none (an H2 file or in-memory database). The store keeps its own HikariCP pool of up to 10 connections, closed by
     * {@link #close()}. On PostgreSQL, {@code reWriteBatchedInserts=true} is added to the URL unless it is already set,
     * so that batches of recipients become multi-row inserts. The JDBC driver must be on the classpath.
     *
     * <p>The URL is never logged (it may hold a password): the pool and Hibernate name the store's pool,
     * {@code communication-centre}, instead. Hibernate logs through SLF4J: a standalone store sets the system property
     * {@code org.jboss.logging.provider} to {@code slf4j} unless the host has set it.
     *
     * @param jdbcUrl for example {@code jdbc:postgresql://db:5432/app?user=cc&password=...} or {@code jdbc:h2:./data/cc}
     * @return the store; {@link #close()} closes its connections
     * @throws NullPointerException         when {@code jdbcUrl} is null
     * @throws IllegalArgumentException     when {@code jdbcUrl} is blank, or the database is neither PostgreSQL nor H2
     * @throws CommunicationCentreException {@code UNAVAILABLE} when the database cannot be reached or the schema
     *                                      does not match
     */
    public static JpaCommunicationStore standalone(String jdbcUrl) {
        return standalone(StandalonePool.open(jdbcUrl, null, null));
    }

    /**
     * A store for a host without JPA over a JDBC URL, a user and a password, with a HikariCP pool of its own, as
     * {@link #standalone(String)}. None may be null: for a URL that names its credentials, or a database without any,
     * use {@link #standalone(String)}; an empty password is a password.
     *
     * @param jdbcUrl  for example {@code jdbc:postgresql://db:5432/app} or {@code jdbc:h2:./data/cc}
     * @param user     the database user
     * @param password the password
     * @return the store; {@link #close()} closes its connections
     * @throws NullPointerException         when an argument is null, naming it
     * @throws IllegalArgumentException     when {@code jdbcUrl} is blank, or the database is neither PostgreSQL nor H2
     * @throws CommunicationCentreException {@code UNAVAILABLE} when the database cannot be reached or the schema
     *                                      does not match
     */
    public static JpaCommunicationStore standalone(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(user, "user must not be null: use standalone(jdbcUrl) when the URL names the user");
        Objects.requireNonNull(password, "password must not be null: use standalone(jdbcUrl) when the URL names the "
                + "password or the database needs none; an empty password is \"\"");
        return standalone(StandalonePool.open(jdbcUrl, user, password));
    }

    private static JpaCommunicationStore standalone(StandalonePool pool) {
        try {
            return standalone(StandaloneFactory.configuration()
                    .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, pool.dataSource()), pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static JpaCommunicationStore standalone(PersistenceConfiguration configuration, AutoCloseable pool) {
        EntityManagerFactory emf = StandaloneFactory.create(configuration);
        try {
            return new JpaCommunicationStore(emf, null, true, pool);
        } catch (RuntimeException e) {
            emf.close();
            throw e;
        }
    }

    @Override
    public <T> T write(String organisationId, StoreWork<T> work) {
        Objects.requireNonNull(organisationId, "organisationId must not be null");
        Objects.requireNonNull(work, "work must not be null");
        EntityManager host = hostTransactions.joinable();
        return host != null ? hostTransactions.run(host, organisationId, work, false)
                : ownTransactions.run(organisationId, work, false);
    }

    /**
     * Reads on a consistent view. Outside the host's transaction the work is first run without a transaction of
     * its own: a work that reads with one statement (a listing, a count) sees one snapshot that way, and
     * beginning and ending a transaction would add two round trips. A work that makes a second call, or streams,
     * is run again inside a read-only transaction, and the code that made it goes straight there from then on.
     * Read work has no effect but its result (see {@link CommunicationStore#read}), so running it twice is safe.
     */
    @Override
    public <T> T read(String organisationId, StoreWork<T> work) {
        Objects.requireNonNull(organisationId, "organisationId must not be null");
        Objects.requireNonNull(work, "work must not be null");
        EntityManager host = hostTransactions.joinable();
        if (host != null) {
            return hostTransactions.run(host, organisationId, work, true);
        }
        if (!multiStatementWork.contains(work.getClass())) {
            try {
                return autoCommitReads.run(organisationId, work);
            } catch (NeedsTransaction signal) {
                multiStatementWork.add(work.getClass());
            }
        }
        return ownTransactions.run(organisationId, work, true);
    }

    /** Always a transaction of the store's own, whatever the host has open on this thread. */
    @Override
    public <T> T writeDetached(String organisationId, StoreWork<T> work) {
        Objects.requireNonNull(organisationId, "organisationId must not be null");
        Objects.requireNonNull(work, "work must not be null");
        return ownTransactions.run(organisationId, work, false);
    }

    /** Always a snapshot of the store's own (repeatable read on PostgreSQL, snapshot on H2). */
    @Override
    public <T> T readDetached(String organisationId, StoreWork<T> work) {
        Objects.requireNonNull(organisationId, "organisationId must not be null");
        Objects.requireNonNull(work, "work must not be null");
        return ownTransactions.run(organisationId, work, true);
    }

    @Override
    public List<String> organisationsWithPendingAuditEvents(int limit) {
        return ownTransactions.organisationsWithPendingAuditEvents(limit);
    }

    @Override
    public List<String> organisationsWithDueCommunications(Instant now, int limit) {
        Objects.requireNonNull(now, "now must not be null");
        return ownTransactions.organisationsWithDueCommunications(now, limit);
    }

    /**
     * Closes the entity manager factory if this store created it ({@link #standalone}), and the connection pool if it
     * opened one ({@link #standalone(String)}); a store built over the host's factory or data source leaves it open.
     */
    @Override
    public void close() {
        try {
            if (ownsFactory && emf.isOpen()) {
                emf.close();
            }
        } finally {
            if (ownPool != null) {
                try {
                    ownPool.close();
                } catch (Exception e) {
                    throw CommunicationCentreException.unavailable("closing the store's connection pool failed", e);
                }
            }
        }
    }

    /**
     * Runs plain JDBC where the store's next unit of work would run: on the connection of the host's transaction when
     * the store would join it (so that it sees what the host wrote there), otherwise on a connection of the store's own,
     * outside any transaction that outlives the work. For {@link JdbcPropertyDirectory}.
     */
    <T> T onCurrentConnection(ReturningWork<T> work) {
        EntityManager host = hostTransactions.joinable();
        if (host != null) {
            return hostTransactions.onConnection(host, work);
        }
        EntityManager own = StoreFailures.openEntityManager(emf);
        try {
            Session session = own.unwrap(Session.class);
            return session.doReturningWork(connection -> {
                try {
                    return work.execute(connection);
                } finally {
                    if (!connection.getAutoCommit()) {
                        connection.rollback(); // a pool that hands out connections in a transaction: end it here
                    }
                }
            });
        } finally {
            own.close();
        }
    }

    /** @return the factory the store works on, for the adapter's own tests */
    EntityManagerFactory entityManagerFactory() {
        return emf;
    }

    @Override
    public String toString() {
        return "JpaCommunicationStore[" + dialect.name().toUpperCase(Locale.ROOT) + (ownsFactory ? ", standalone" : "") + "]";
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
         * never commits or rolls it back (a failure after a write marks it rollback-only; one before leaves it usable). Otherwise, or without a provider,
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

        /**
         * @return the store; closing it leaves the host's factory open
         * @throws IllegalArgumentException when the factory is not Hibernate's, or its database is neither
         *                                  PostgreSQL nor H2
         */
        public JpaCommunicationStore build() {
            return new JpaCommunicationStore(emf, entityManagerProvider, false, null);
        }
    }
}
