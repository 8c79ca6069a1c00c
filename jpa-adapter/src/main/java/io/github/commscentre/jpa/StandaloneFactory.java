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

    /** @return the settings every standalone factory starts from; the caller adds the connections */
    static PersistenceConfiguration configuration() {
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
