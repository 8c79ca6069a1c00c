package io.github.commscentre.examples.snippets;

import io.github.commscentre.AddRecipientsResult;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.jpa.JdbcPropertyDirectory;
import io.github.commscentre.jpa.JpaCommunicationStore;
import jakarta.persistence.EntityManagerFactory;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.util.List;

/**
 * The code of {@code docs/property-directory.md}, compiled, and run by {@code PropertyDirectoryTest};
 * {@code DocsSnippetsTest} proves the page shows exactly this.
 */
public final class PropertyDirectorySnippets {

    private PropertyDirectorySnippets() {
    }

    static void migrate(DataSource dataSource, String database) {
        // tag::migrate[]
        Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/communication-centre-directory/" + database) // "postgresql" or "h2"
                .table("cc_directory_flyway_schema_history")                         // a history of their own
                .baselineOnMigrate(true).baselineVersion("0")                        // beside your tables
                .load().migrate();
        // end::migrate[]
    }

    static CommunicationCentre centre(EntityManagerFactory emf) {
        // tag::over-store[]
        JpaCommunicationStore store = JpaCommunicationStore.builder(emf)
                .entityManagerProvider(HostTransactions::currentEntityManager) // join the host's transaction
                .build();
        CommunicationCentre centre = CommunicationCentre.builder()
                .store(store)
                .directory(JdbcPropertyDirectory.over(store)) // reads where the store works: in your transaction
                .build();
        // end::over-store[]
        return centre;
    }

    static AddRecipientsResult newUnitAndNotice(EntityManagerFactory emf, CommunicationCentre centre, Caller admin) {
        // tag::same-transaction[]
        AddRecipientsResult added = HostTransactions.inTransaction(emf, em -> {
            em.createNativeQuery("insert into cc_directory_unit (organisation_id, unit_id, block_id, leaseholder_name,"
                            + " leaseholder_email) values (?, 'RC-12', 'riverside-court', 'Priya Shah', 'p.shah@example.org')")
                    .setParameter(1, admin.organisationId()).executeUpdate();   // a unit you have just written ...
            Communication welcome = centre.create(admin, NewCommunication.builder(CommunicationType.CIRCULAR,
                    "Welcome to Riverside Court").blockId("riverside-court").build());
            return centre.addRecipients(admin, welcome.id(), List.of("RC-12")); // ... is found, before you commit
        });
        // end::same-transaction[]
        return added;
    }
}
