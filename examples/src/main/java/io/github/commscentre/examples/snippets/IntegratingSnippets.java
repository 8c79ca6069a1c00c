package io.github.commscentre.examples.snippets;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.jpa.JpaCommunicationStore;
import io.github.commscentre.spi.PropertyDirectory;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceConfiguration;
import org.hibernate.jpa.HibernatePersistenceProvider;

import javax.sql.DataSource;

/**
 * The code of {@code docs/integrating.md}, compiled, and run by {@code IntegratingTest}; {@code DocsSnippetsTest}
 * proves the page shows exactly this. The Spring Boot configuration on that page is the same wiring as
 * {@link #hostEntityManagerFactory} and {@link #storeOverHostFactory}, with Spring supplying the factory and
 * the transaction-bound entity manager.
 */
public final class IntegratingSnippets {

    private IntegratingSnippets() {
    }

    static EntityManagerFactory hostEntityManagerFactory(DataSource dataSource) {
        // tag::host-factory[]
        PersistenceConfiguration configuration = new PersistenceConfiguration("estate-app")
                .provider(HibernatePersistenceProvider.class.getName())
                .managedClass(Lease.class)                                  // the host's own entities
                .property("jakarta.persistence.nonJtaDataSource", dataSource)
                .property("hibernate.jdbc.batch_size", 500);                // batches your own inserts too
        JpaCommunicationStore.entityClasses().forEach(configuration::managedClass); // the one step: our entities
        EntityManagerFactory emf = configuration.createEntityManagerFactory();
        // end::host-factory[]
        return emf;
    }

    static CommunicationCentre storeOverHostFactory(EntityManagerFactory emf, PropertyDirectory directory) {
        // tag::store-over-host-factory[]
        JpaCommunicationStore store = JpaCommunicationStore.builder(emf)
                .entityManagerProvider(HostTransactions::currentEntityManager) // join the host's transaction
                .build();
        CommunicationCentre centre = CommunicationCentre.builder()
                .store(store)
                .directory(directory)
                .build();
        // end::store-over-host-factory[]
        return centre;
    }

    static Communication inHostTransaction(EntityManagerFactory emf, CommunicationCentre centre, Caller admin) {
        // tag::in-host-transaction[]
        Communication notice = HostTransactions.inTransaction(emf, em -> {
            em.persist(new Lease("RC-7", "Grace Okafor"));                  // the host's own change ...
            return centre.create(admin, NewCommunication.builder(CommunicationType.CIRCULAR,
                    "Welcome to Riverside Court").unitId("RC-1").build()); // ... and ours: one commit, or neither
        });
        // end::in-host-transaction[]
        return notice;
    }

    static CommunicationCentre standalone(DataSource dataSource, PropertyDirectory directory) {
        // tag::standalone[]
        JpaCommunicationStore store = JpaCommunicationStore.standalone(dataSource); // its own factory and transactions
        CommunicationCentre centre = CommunicationCentre.builder()
                .store(store)
                .directory(directory)
                .build();
        // When the application stops: store.close() closes the store's own factory (not your DataSource).
        // end::standalone[]
        return centre;
    }
}
