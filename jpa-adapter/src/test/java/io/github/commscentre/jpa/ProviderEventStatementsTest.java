package io.github.commscentre.jpa;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryEvent;
import io.github.commscentre.DeliveryProvider;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.DispatchReport;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.spi.OutgoingMessage;
import io.github.commscentre.spi.ProviderEventRecord;
import io.github.commscentre.spi.RecipientChange;
import io.github.commscentre.spi.StoreTransaction;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import io.github.commscentre.testkit.MutableClock;
import io.github.commscentre.testkit.RecordingDeliveryChannel;
import io.github.commscentre.testkit.StoreTestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the JPA store promises about provider events beyond the contract: a batch of 1,000 events costs a handful of
 * statements, each store operation one statement or one JDBC batch whatever the number of events, and every statement
 * names the organisation. Subclasses supply the database.
 */
abstract class ProviderEventStatementsTest {

    static final int EVENTS = 1_000;
    private static final byte[] KEY = new byte[32];

    static {
        Arrays.fill(KEY, (byte) 42);
    }

    final String org = StoreTestData.newOrganisationId();
    final Caller admin = Caller.admin(org, "admin");
    final MutableClock clock = MutableClock.at(Instant.parse("2026-03-04T08:00:00Z"));
    final InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory();
    final RecordingDeliveryChannel channel = RecordingDeliveryChannel.acceptingAll();
    Communication sent;

    abstract PerClassDatabase classDatabase();

    TestDatabase database() {
        return classDatabase().database();
    }

    CommunicationCentre centreOver(JpaCommunicationStore store) {
        return CommunicationCentre.builder().store(store).directory(directory).clock(clock)
                .deliveryChannel("email", channel).correlationKey(KEY).build();
    }

    /** A communication of 1,000 recipients, sent and dispatched: each accepted with a provider message id. */
    @BeforeEach
    void aThousandAcceptedRecipients() {
        List<String> units = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            directory.addUnit(org, "block", "unit-" + i, "Leaseholder " + i, "unit-" + i + "@example.com");
            units.add("unit-" + i);
        }
        CommunicationCentre centre = centreOver(classDatabase().store());
        sent = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "Notice").bodyHtml("<p>x</p>")
                .channel("email").build());
        centre.addRecipients(admin, sent.id(), units);
        centre.send(admin, sent.id());
        int accepted = 0;
        for (int round = 0; round < 100 && accepted < EVENTS; round++) {
            DispatchReport report = centre.dispatchDue(org);
            accepted += report.accepted();
        }
        assertThat(accepted).isEqualTo(EVENTS);
        clock.advance(Duration.ofMinutes(5));
    }

    /** Half by token, half by provider message id, as a provider's batch may come. */
    List<DeliveryEvent> deliveredEvents() {
        List<DeliveryEvent> events = new ArrayList<>();
        List<OutgoingMessage> messages = channel.messages();
        Instant at = clock.instant().minusSeconds(60);
        for (int i = 0; i < messages.size(); i++) {
            OutgoingMessage m = messages.get(i);
            events.add(i % 2 == 0 ? DeliveryEvent.byToken("evt-" + i, m.correlationToken(), DeliveryStatus.DELIVERED, at, null)
                    : DeliveryEvent.byProviderMessageId("evt-" + i, org, "provider-" + m.idempotencyKey(),
                            DeliveryStatus.DELIVERED, at, null));
        }
        return events;
    }

    @Test
    void aBatchOfAThousandEventsCostsAHandfulOfStatements() {
        CountingDataSource counting = new CountingDataSource(database().dataSource());
        CommunicationCentre centre = centreOver(JpaCommunicationStore.builder(database().hostFactory(counting.dataSource())).build());
        List<DeliveryEvent> events = deliveredEvents();

        counting.reset();
        List<DeliveryEvent.Result> results = centre.applyDeliveryEvents(DeliveryProvider.named("postmark"), events);
        long statements = counting.statements();
        List<String> sql = counting.sql();

        assertThat(results).hasSize(EVENTS).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(DeliveryEvent.Outcome.APPLIED));
        System.out.printf("%s: a batch of %d provider events cost %d statements (%d of them JDBC batches)%n",
                database().kind, EVENTS, statements, counting.batches());
        // The unit of work: the message ids, the lock, the ids seen, the ids recorded, the recipients, the audit events
        // (on PostgreSQL the ids seen and recorded are one statement); then the linker's short transaction
        // after commit if the chain lock was busy. None of it grows with the number of events.
        assertThat(statements).as("statements for %d events:%n%s", EVENTS, String.join("\n", sql))
                .isLessThanOrEqualTo(statementsForABatch());

        counting.reset();
        List<DeliveryEvent.Result> again = centre.applyDeliveryEvents(DeliveryProvider.named("postmark"), events);
        assertThat(again).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(DeliveryEvent.Outcome.DUPLICATE));
        assertThat(counting.statements()).as("a batch of %d duplicates reads and writes nothing else", EVENTS)
                .isLessThanOrEqualTo(3 + planningStatements());
    }

    /** @return the most statements a batch may cost on this database, linking included */
    abstract int statementsForABatch();

    /** @return 2 where the updates are a JDBC batch like the inserts, 1 where they are one set-based statement */
    abstract int batchesOfInsertsAndUpdates();

    @Test
    void eachStoreOperationIsOneStatementOrOneBatchNamingTheOrganisation() {
        CountingDataSource counting = new CountingDataSource(database().dataSource());
        JpaCommunicationStore store = JpaCommunicationStore.builder(database().hostFactory(counting.dataSource())).build();
        List<String> messageIds = channel.messages().stream().map(m -> "provider-" + m.idempotencyKey()).toList();
        List<String> eventIds = messageIds.stream().map(m -> "evt-" + m).toList();
        Instant at = clock.instant();

        counting.reset();
        Set<UUID> replaced = store.write(org, (StoreTransaction tx) -> {
            Map<String, UUID> ids = tx.recipientIdsByProviderMessageId(messageIds);
            var locked = tx.lockRecipients(ids.values());
            assertThat(tx.seenProviderEvents("postmark", eventIds)).isEmpty();
            List<ProviderEventRecord> records = new ArrayList<>();
            List<RecipientChange> changes = new ArrayList<>();
            for (int i = 0; i < messageIds.size(); i++) {
                var r = locked.get(ids.get(messageIds.get(i)));
                records.add(new ProviderEventRecord(eventIds.get(i), r.id(), at));
                changes.add(new RecipientChange(r.withDelivery(DeliveryStatus.DELIVERED, at, null, null, at),
                        DeliveryStatus.ACCEPTED));
            }
            tx.recordProviderEvents("postmark", records);
            return tx.updateRecipients(changes);
        });

        assertThat(replaced).hasSize(EVENTS);
        assertThat(counting.statements()).as("five operations on %d events, and the plans asked for", EVENTS)
                .isEqualTo(5 + planningStatements());
        assertThat(counting.batches()).as("the inserts, and the updates where they are a batch").isEqualTo(batchesOfInsertsAndUpdates());
        assertThat(counting.sql()).hasSize(5 + planningStatements());
        assertThat(counting.sql().subList(0, planningStatements())).as("before the first array join")
                .allSatisfy(s -> assertThat(s).startsWith("select set_config("));
        List<String> operations = counting.sql().subList(planningStatements(), counting.sql().size());
        assertThat(operations).allSatisfy(s -> assertThat(s).contains("organisation_id"));
        assertThat(operations).filteredOn(s -> !s.startsWith("insert")).hasSize(4)
                .allSatisfy(s -> assertThat(s).contains("organisation_id = ?"));
        assertThat(operations.get(1)).as("the lock").containsIgnoringCase("for ").contains("order by r.id");
    }

    /** @return the statements a transaction of the store's own spends asking for its plans (SqlDialect#planArrayJoinsAsIndexProbes) */
    abstract int planningStatements();
}
