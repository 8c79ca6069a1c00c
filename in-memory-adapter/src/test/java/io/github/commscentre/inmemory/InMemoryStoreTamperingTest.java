package io.github.commscentre.inmemory;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Communication;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.testkit.StoreTestData.CommunicationBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.github.commscentre.testkit.StoreTestData.auditEvent;
import static io.github.commscentre.testkit.StoreTestData.communication;
import static io.github.commscentre.testkit.StoreTestData.newOrganisationId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tampering the behaviour suite relies on really changes stored data, and only what it says. */
class InMemoryStoreTamperingTest {

    private final InMemoryCommunicationStore store = new InMemoryCommunicationStore();
    private final InMemoryStoreTampering tampering = new InMemoryStoreTampering(store);
    private final String org = newOrganisationId();
    private final UUID a = UUID.randomUUID();
    private final UUID b = UUID.randomUUID();
    private final List<AuditEvent> events = new ArrayList<>();

    @BeforeEach
    void threeEvents() {
        events.add(auditEvent(org, 1, a).details(Map.of("subject", "first")).build());
        events.add(auditEvent(org, 2, b).type(AuditEventType.RECIPIENTS_ADDED).unitIds(List.of("unit-1")).build());
        events.add(auditEvent(org, 3, a).type(AuditEventType.UPDATED).build());
        store.write(org, tx -> {
            tx.appendAuditEvents(events);
            return null;
        });
    }

    private List<AuditEvent> trail(UUID communicationId) {
        return store.read(org, tx -> tx.auditEventsOf(communicationId));
    }

    private AuditChainHead head() {
        return store.read(org, tx -> tx.auditChainHead());
    }

    @Test
    void changingADetailKeepsTheStoredHash() {
        AuditChainHead before = head();

        tampering.changeAuditEventDetail(org, 1, "subject", "forged");

        AuditEvent changed = store.rawAuditEvent(org, 1).orElseThrow();
        assertThat(changed.details()).containsEntry("subject", "forged");
        assertThat(changed.hash()).isEqualTo(events.get(0).hash());
        assertThat(changed.id()).isEqualTo(events.get(0).id());
        assertThat(trail(a)).containsExactly(changed, events.get(2));
        assertThat(head()).isEqualTo(before);
    }

    @Test
    void deletingAnEventLeavesTheOthersAndTheHead() {
        AuditChainHead before = head();

        tampering.deleteAuditEvent(org, 2);

        assertThat(store.rawAuditEvents(org)).containsExactly(events.get(0), events.get(2));
        assertThat(trail(b)).isEmpty();
        assertThat(head()).isEqualTo(before);
        assertThatThrownBy(() -> tampering.deleteAuditEvent(org, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void insertingStoresTheEventAsGivenWithoutMovingTheHead() {
        AuditChainHead before = head();
        AuditEvent planted = auditEvent(org, 4, b).type(AuditEventType.DELETED).build();

        tampering.insertAuditEvent(planted);

        assertThat(store.rawAuditEvents(org)).containsExactly(events.get(0), events.get(1), events.get(2), planted);
        assertThat(trail(b)).containsExactly(events.get(1), planted);
        assertThat(head()).isEqualTo(before);
        assertThatThrownBy(() -> tampering.insertAuditEvent(auditEvent(org, 2, a).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence 2");
    }

    @Test
    void swappingMovesEverythingButTheSequence() {
        tampering.swapAuditEvents(org, 1, 2);

        AuditEvent atOne = store.rawAuditEvent(org, 1).orElseThrow();
        AuditEvent atTwo = store.rawAuditEvent(org, 2).orElseThrow();
        assertThat(atOne).usingRecursiveComparison().ignoringFields("sequence").isEqualTo(events.get(1));
        assertThat(atTwo).usingRecursiveComparison().ignoringFields("sequence").isEqualTo(events.get(0));
        assertThat(atOne.sequence()).isEqualTo(1);
        assertThat(atTwo.sequence()).isEqualTo(2);
        assertThat(trail(b)).containsExactly(atOne);
        assertThat(trail(a)).containsExactly(atTwo, events.get(2));
    }

    @Test
    void changingASubjectWorksEvenOnASentCommunication() {
        Communication sent = communication(org).sent().version(4).build();
        store.write(org, tx -> {
            tx.insertCommunication(sent);
            return null;
        });

        tampering.changeCommunicationSubject(org, sent.id(), "quietly rewritten");

        Communication stored = store.read(org, tx -> tx.findCommunication(sent.id())).orElseThrow();
        assertThat(stored).isEqualTo(CommunicationBuilder.from(sent).subject("quietly rewritten").build());
        assertThatThrownBy(() -> tampering.changeCommunicationSubject(org, UUID.randomUUID(), "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
