package io.github.commscentre.examples.snippets;

import io.github.commscentre.AddRecipientsResult;
import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationDetails;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.Page;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.jpa.JpaCommunicationStore;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.List;

/**
 * The code of {@code docs/getting-started.md} and of the README's quick start, compiled, and run by
 * {@code GettingStartedTest}; {@code DocsSnippetsTest} proves the pages show exactly this.
 */
public final class GettingStartedSnippets {

    private GettingStartedSnippets() {
    }

    /** The README's quick start: a host without JPA, over its own connection pool. */
    static List<AuditEvent> quickStart(DataSource dataSource) {
        // tag::quick-start[]
        JpaCommunicationStore store = JpaCommunicationStore.standalone(dataSource); // tables from the shipped migrations
        CommunicationCentre centre = CommunicationCentre.builder()
                .store(store)
                .directory(new JdbcPropertyDirectory(dataSource)) // your blocks, units and leaseholders
                .build();

        Caller admin = Caller.admin("harbour-estates", "alice");  // authenticated by your application
        Communication notice = centre.create(admin,
                NewCommunication.builder(CommunicationType.NOTICE, "Section 20: notice of intention, roof works")
                        .bodyHtml("<p>We intend to replace the roof.</p>")
                        .blockId("riverside-court")
                        .channel("post")
                        .build());
        centre.addBlockRecipients(admin, notice.id());             // every unit, name and address as of now
        centre.markSent(admin, notice.id());                       // after your print run: immutable from here on
        List<AuditEvent> trail = centre.auditTrail(admin, notice.id()); // created, recipients_added, sent
        // end::quick-start[]
        return trail;
    }

    /** Applies the shipped migrations to a PostgreSQL database whose schema the host already manages. */
    static void migrate(DataSource dataSource) {
        // tag::flyway[]
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/communication-centre/postgresql")
                .table("cc_flyway_schema_history")   // our own history: our V1 never collides with yours
                .baselineOnMigrate(true)             // your schema is not empty ...
                .baselineVersion("0")                // ... but our V1 must still run
                .load()
                .migrate();
        // end::flyway[]
    }

    /** @param cursorKey 32 random bytes from the host's secret store, the same on every instance */
    static CommunicationCentre build(DataSource dataSource, byte[] cursorKey) {
        // tag::build[]
        JpaCommunicationStore store = JpaCommunicationStore.standalone(dataSource);
        CommunicationCentre centre = CommunicationCentre.builder()
                .store(store)
                .directory(new JdbcPropertyDirectory(dataSource))
                .cursorKey(cursorKey)    // signs paging cursors; the same secret on every instance of your application
                .clock(Clock.systemUTC())                        // optional; the default
                .build();
        // end::build[]
        return centre;
    }

    static CommunicationDetails calls(CommunicationCentre centre) {
        // tag::calls[]
        Caller admin = Caller.admin("harbour-estates", "alice");
        Communication demand = centre.create(admin,
                NewCommunication.builder(CommunicationType.DEMAND_LETTER, "Service charge demand: half-year to September")
                        .blockId("riverside-court")
                        .notes("ref SC/2026/H1")
                        .build());                                  // a draft, by email (the default channel)
        AddRecipientsResult added = centre.addRecipients(admin, demand.id(), List.of("RC-1", "RC-2", "RC-4"));
        CommunicationDetails before = centre.getById(admin, demand.id());
        if (before.recipientsWithoutEmail() > 0) {
            throw new IllegalStateException(before.recipientsWithoutEmail() + " recipients need a letter instead");
        }
        // ... your mailer sends one email per recipient, then:
        centre.markSent(admin, demand.id());

        Page<Recipient> recipients = centre.listRecipients(admin, demand.id(), RecipientFilter.all(), PageRequest.first(100));
        Recipient first = recipients.items().get(0);
        centre.updateRecipientStatus(admin, first.id(), DeliveryStatus.DELIVERED); // from your provider's webhook

        AuditVerification verification = centre.verifyAuditTrail(Caller.member("harbour-estates", "tom"));
        // end::calls[]
        if (added.added() != 3 || !verification.intact()) {
            throw new IllegalStateException("unexpected: " + added + ", " + verification);
        }
        return centre.getById(admin, demand.id());
    }
}
