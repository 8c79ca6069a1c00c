package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.RecipientStats;
import io.github.commscentre.spi.StoreTransaction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.github.commscentre.testkit.StoreTestData.auditEvent;
import static io.github.commscentre.testkit.StoreTestData.communication;
import static io.github.commscentre.testkit.StoreTestData.recipient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A unit of work is opened for one organisation: it never sees, changes or counts another organisation's rows,
 * and it refuses a record that names another organisation instead of writing it.
 */
abstract class OrganisationIsolationContract extends StoreContractFixture {

    @Test
    void everyOperationIgnoresAnotherOrganisationsRows() {
        Communication c = communication(org).blockId("block-1").unitId("unit-1").build();
        Communication sent = communication(org).sent().build();
        insert(c, sent);
        Recipient r = recipient(c, "unit-1", 1).build();
        insertRecipients(List.of(r));
        AuditEvent event = auditEvent(org, 1, c.id()).build();
        append(org, event);

        store().write(otherOrg, tx -> {
            assertThat(tx.findCommunication(c.id())).isEmpty();
            assertThat(tx.lockCommunication(c.id())).isEmpty();
            assertThat(tx.listCommunications(CommunicationFilter.all(), null, 100)).isEmpty();
            assertThat(tx.listCommunications(CommunicationFilter.builder().blockId("block-1").build(), null, 100)).isEmpty();
            assertThat(tx.countCommunications(CommunicationFilter.all())).isZero();
            assertThat(tx.countCommunications(CommunicationFilter.builder().unitId("unit-1").build())).isZero();
            List<Communication> finished = new ArrayList<>();
            tx.forEachFinishedCommunication(finished::add);
            assertThat(finished).isEmpty();
            assertThat(tx.recipientStats(c.id())).isEqualTo(RecipientStats.none());
            assertThat(tx.existingRecipientUnitIds(c.id(), List.of("unit-1"))).isEmpty();
            assertThat(tx.listRecipients(c.id(), null, 0, 100)).isEmpty();
            List<Recipient> recipients = new ArrayList<>();
            tx.forEachRecipient(c.id(), recipients::add);
            assertThat(recipients).isEmpty();
            assertThat(tx.lockRecipient(r.id())).isEmpty();
            assertThat(tx.auditChainHead()).isEqualTo(AuditChainHead.empty(otherOrg));
            assertThat(tx.tryLockAuditChain()).contains(AuditChainHead.empty(otherOrg));
            assertThat(tx.auditEventsOf(c.id())).isEmpty();
            List<AuditEvent> events = new ArrayList<>();
            tx.forEachAuditEvent(events::add);
            assertThat(events).isEmpty();

            Recipient foreignRecipient = new Recipient(r.id(), otherOrg, c.id(), "unit-1", 1, "x", null,
                    DeliveryStatus.BOUNCED, null, null, "hijacked", r.addedAt(), r.updatedAt(), "intruder");
            assertThat(tx.updateRecipient(foreignRecipient, DeliveryStatus.PENDING)).isFalse();
            assertThat(tx.deleteCommunication(c.id(), 0)).isFalse();
            // The other organisation's own chain starts at 1, whatever the first organisation's head is.
            tx.appendAuditEvents(List.of(auditEvent(otherOrg, 1, c.id()).build()));
            return null;
        });

        assertThat(find(org, c.id())).contains(c);
        assertThat(recipientsOf(org, c.id())).containsExactly(r);
        assertThat(allEvents(org)).containsExactly(event);
        assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead())).isEqualTo(new AuditChainHead(org, 1, event.hash()));
        assertThat(read(org, (StoreTransaction tx) -> tx.auditEventsOf(c.id()))).containsExactly(event);
        assertThat(allEvents(otherOrg)).hasSize(1).allMatch(e -> e.organisationId().equals(otherOrg));
        assertThat(read(otherOrg, (StoreTransaction tx) -> tx.auditEventsOf(c.id()))).hasSize(1);
    }

    @Test
    void aTransactionIsBoundToItsOrganisationAndRefusesRecordsOfAnother() {
        Communication c = communication(org).build();
        insert(c);
        Recipient r = recipient(c, "unit-1", 1).build();
        insertRecipients(List.of(r));
        assertThat(read(org, StoreTransaction::organisationId)).isEqualTo(org);
        assertThat(store().write(otherOrg, StoreTransaction::organisationId)).isEqualTo(otherOrg);

        Communication foreign = communication(otherOrg).build();
        Recipient foreignRecipient = recipient(foreign, "unit-9", 1).build();
        List<CommunicationStore.StoreWork<?>> refused = List.of(
                tx -> { tx.insertCommunication(foreign); return null; },
                tx -> tx.updateCommunication(new Communication(c.id(), otherOrg, c.communicationType(), "hijacked", null, null,
                        null, "email", CommunicationStatus.DRAFT, null, null, null, null, null, null, "intruder", c.createdAt(),
                        c.updatedAt(), 1), 0),
                tx -> { tx.insertRecipients(List.of(recipient(c, "unit-2", 2).build(), foreignRecipient)); return null; },
                tx -> tx.updateRecipient(new Recipient(r.id(), otherOrg, c.id(), r.unitId(), r.position(), r.recipientName(),
                        r.recipientEmail(), DeliveryStatus.BOUNCED, null, null, "hijacked", r.addedAt(), r.updatedAt(),
                        r.addedBy()), DeliveryStatus.PENDING),
                tx -> { tx.appendAuditEvents(List.of(auditEvent(otherOrg, 1, c.id()).build())); return null; });
        for (CommunicationStore.StoreWork<?> work : refused) {
            assertThatThrownBy(() -> store().write(org, work)).isInstanceOf(IllegalArgumentException.class);
        }

        assertThat(find(org, c.id())).contains(c);
        assertThat(find(otherOrg, foreign.id())).isEmpty();
        assertThat(recipientsOf(org, c.id())).containsExactly(r);
        assertThat(allEvents(org)).isEmpty();
        assertThat(allEvents(otherOrg)).isEmpty();
    }
}
