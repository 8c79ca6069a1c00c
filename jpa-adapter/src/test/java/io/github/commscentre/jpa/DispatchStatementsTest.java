package io.github.commscentre.jpa;

import io.github.commscentre.Communication;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.StoreTransaction;
import io.github.commscentre.testkit.StoreTestData;
import io.github.commscentre.testkit.StoreTestData.CommunicationBuilder;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the JPA store promises about the dispatcher's operations beyond the contract: each is one statement (the outcomes
 * one statement or one JDBC batch) whatever their number, every statement names the organisation, and a claim made in the host's
 * transaction goes when the host rolls back. Subclasses supply the database.
 */
abstract class DispatchStatementsTest {

    static final Instant NOW = StoreTestData.BASE.plus(1, ChronoUnit.DAYS);
    static final Instant LEASE = NOW.plusSeconds(300);

    final String org = StoreTestData.newOrganisationId();
    Communication sending;

    abstract PerClassDatabase classDatabase();

    /** @return 1 where the outcomes go as one JDBC batch of single-row updates, 0 where as one set-based statement */
    abstract int outcomeBatches();

    /** @return the statements a transaction of the store's own spends asking for its plans (SqlDialect#planArrayJoinsAsIndexProbes) */
    abstract int planningStatements();

    TestDatabase database() {
        return classDatabase().database();
    }

    JpaCommunicationStore store() {
        return classDatabase().store();
    }

    /** A communication being sent, with 200 pending recipients. */
    @BeforeEach
    void aCommunicationBeingSent() {
        Communication draft = StoreTestData.communication(org).build();
        List<Recipient> recipients = new ArrayList<>();
        for (int position = 1; position <= 200; position++) {
            recipients.add(StoreTestData.recipient(draft, "unit-" + position, position).build());
        }
        sending = CommunicationBuilder.from(draft).nextVersion().sending().build();
        store().write(org, tx -> {
            tx.insertCommunication(draft);
            tx.insertRecipients(recipients);
            return tx.updateCommunication(sending, 0);
        });
    }

    @Test
    void eachDispatchOperationIsOneStatementAndTheOutcomesOneBatch() {
        CountingDataSource counting = new CountingDataSource(database().dataSource());
        JpaCommunicationStore store = JpaCommunicationStore.builder(database().hostFactory(counting.dataSource())).build();
        UUID claim = UUID.randomUUID();

        counting.reset();
        List<Communication> due = store.write(org, (StoreTransaction tx) -> tx.dueCommunications(NOW, 10));
        assertThat(due).containsExactly(sending);
        assertThat(counting.statements()).as("due communications").isEqualTo(1);

        counting.reset();
        List<Recipient> claimed = store.write(org, (StoreTransaction tx) -> tx.claimRecipients(sending.id(), NOW, claim, LEASE, 150));
        assertThat(claimed).hasSize(150);
        assertThat(counting.statements()).as("a claim of 150").isEqualTo(1);
        assertThat(counting.sql()).hasSize(1);
        assertThat(counting.sql().get(0)).contains("skip locked");

        List<Recipient> outcomes = claimed.stream().map(r -> r.withDelivery(DeliveryStatus.ACCEPTED, null, null, null, NOW)
                .withDispatch("prov-" + r.id(), r.dispatchAttempts(), null)).toList();
        counting.reset();
        Set<UUID> recorded = store.write(org, (StoreTransaction tx) -> tx.recordDispatchOutcomes(claim, outcomes));
        assertThat(recorded).hasSize(150);
        assertThat(counting.statements()).as("150 outcomes, and the plans asked for").isEqualTo(1 + planningStatements());
        assertThat(counting.batches()).as("JDBC batches among them").isEqualTo(outcomeBatches());

        counting.reset();
        assertThat(store.organisationsWithDueCommunications(NOW, 100_000)).contains(org);
        assertThat(counting.statements()).as("organisations with due communications").isEqualTo(1);
    }

    @Test
    void everyStatementOfAnOrganisationsDispatchNamesTheOrganisation() {
        CountingDataSource counting = new CountingDataSource(database().dataSource());
        JpaCommunicationStore store = JpaCommunicationStore.builder(database().hostFactory(counting.dataSource())).build();
        UUID claim = UUID.randomUUID();
        counting.reset();
        store.write(org, (StoreTransaction tx) -> {
            tx.dueCommunications(NOW, 10);
            List<Recipient> claimed = tx.claimRecipients(sending.id(), NOW, claim, LEASE, 5);
            return tx.recordDispatchOutcomes(claim, claimed);
        });
        List<String> operations = counting.sql().stream().filter(sql -> !sql.startsWith("select set_config(")).toList();
        assertThat(counting.sql()).hasSize(3 + planningStatements());
        assertThat(operations).hasSize(3).allSatisfy(sql -> assertThat(sql).contains("organisation_id = ?"));
        assertThat(operations.get(1).split("organisation_id = \\?", -1)).as("the candidates and the rows updated").hasSize(3);
    }

    @Test
    void aClaimAndItsOutcomesInTheHostsTransactionGoWhenTheHostRollsBack() {
        List<Recipient> before = store().read(org, (StoreTransaction tx) -> tx.listRecipients(sending.id(), null, 0, 1_000));
        UUID claim = UUID.randomUUID();
        EntityManager host = classDatabase().hostFactory().createEntityManager();
        try {
            JpaCommunicationStore joined = JpaCommunicationStore.builder(classDatabase().hostFactory())
                    .entityManagerProvider(() -> host).build();
            host.getTransaction().begin();
            List<Recipient> claimed = joined.write(org, (StoreTransaction tx) -> tx.claimRecipients(sending.id(), NOW, claim, LEASE, 3));
            assertThat(claimed).hasSize(3);
            assertThat(joined.write(org, (StoreTransaction tx) -> tx.recordDispatchOutcomes(claim, List.of(claimed.get(0)
                    .withDelivery(DeliveryStatus.ACCEPTED, null, null, null, NOW))))).hasSize(1);
            host.getTransaction().rollback();
        } finally {
            host.close();
        }

        assertThat(store().read(org, (StoreTransaction tx) -> tx.listRecipients(sending.id(), null, 0, 1_000))).containsExactlyElementsOf(before);
        assertThat(store().write(org, (StoreTransaction tx) -> tx.recordDispatchOutcomes(claim, List.of(before.get(1)))))
                .as("the claim went with the host's transaction").isEmpty();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.claimRecipients(sending.id(), NOW, UUID.randomUUID(), LEASE, 3)))
                .extracting(Recipient::id).containsExactly(before.get(0).id(), before.get(1).id(), before.get(2).id());
    }
}
