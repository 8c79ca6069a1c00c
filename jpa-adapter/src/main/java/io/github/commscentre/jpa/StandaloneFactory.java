package io.github.commscentre.jpa;

import io.github.commscentre.CommunicationCentreException;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceConfiguration;
import jakarta.persistence.PersistenceUnitTransactionType;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceProvider;

import java.util.Locale;

/**
 * The entity manager factory of a standalone store, built in code for a host without JPA: the adapter's entities,
 * JDBC batching, and schema validation (never generation).
 */
final class StandaloneFactory {

    private StandaloneFactory() {
    }

    /** The system property that picks JBoss Logging's back end, through which Hibernate logs. */
    static final String LOGGING_PROVIDER = "org.jboss.logging.provider";

    /**
     * Sends Hibernate's logging to SLF4J, as the library's own, unless the host chose otherwise: without it, JBoss
     * Logging picks java.util.logging when no Log4j 2 or JBoss LogManager is present, and the host's SLF4J configuration
     * never sees Hibernate's messages. It has effect only before JBoss Logging is first used in the JVM.
     */
    static void logThroughSlf4j() {
        if (System.getProperty(LOGGING_PROVIDER) == null) {
            System.setProperty(LOGGING_PROVIDER, "slf4j");
        }
    }

    /** @return the settings every standalone factory starts from; the caller adds the connections */
    static PersistenceConfiguration configuration() {
        logThroughSlf4j();
        PersistenceConfiguration configuration = new PersistenceConfiguration("communication-centre")
                .provider(HibernatePersistenceProvider.class.getName())
                .transactionType(PersistenceUnitTransactionType.RESOURCE_LOCAL);
        JpaCommunicationStore.entityClasses().forEach(configuration::managedClass);
        return configuration
                .property(AvailableSettings.STATEMENT_BATCH_SIZE, JpaCommunicationStore.BATCH_SIZE)
                .property(AvailableSettings.ORDER_INSERTS, true)
                .property(AvailableSettings.ORDER_UPDATES, true)
                .property(AvailableSettings.HBM2DDL_AUTO, "validate");
    }

    /**
     * @throws CommunicationCentreException {@code UNAVAILABLE} when the database cannot be reached or the schema
     *                                      does not match
     */
    static EntityManagerFactory create(PersistenceConfiguration configuration) {
        try {
            return new HibernatePersistenceProvider().createEntityManagerFactory(configuration);
        } catch (RuntimeException e) {
            throw CommunicationCentreException.unavailable(
                    "could not start the communication store; is the database reachable and were the migrations in "
                            + "db/communication-centre/ applied?", e);
        }
    }

    /**
     * @return the URL with {@code reWriteBatchedInserts=true} added on PostgreSQL, so that batches of recipients
     *         become multi-row inserts, unless the URL already says either way
     */
    static String withBatchedInserts(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:") || jdbcUrl.toLowerCase(Locale.ROOT).contains("rewritebatchedinserts")) {
            return jdbcUrl;
        }
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
    }
}
