package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Communication;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every committed event is linked: by the write itself, by the next write of the organisation, or by the sweep a
 * host runs from its scheduler, for events a process left pending when it died between its commit and its linking.
 */
abstract class AuditLinkingBehaviour extends BehaviourFixture {

    @Test
    void everyWriteLeavesItsEventsLinkedDenseFromOne() {
        Communication c = draft();
        centre.addRecipients(admin, c.id(), List.of("a1", "a2"));
        Recipient r = centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first(10)).items().get(0);
        centre.markSent(admin, c.id());
        centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.DELIVERED);

        List<AuditEvent> trail = centre.auditTrail(member, c.id());
        assertThat(trail).allMatch(AuditEvent::isLinked);
        assertThat(trail).extracting(AuditEvent::sequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(store.organisationsWithPendingAuditEvents(100_000)).doesNotContain(org);
    }

    @Test
    void eventsADeadProcessLeftPendingAreLinkedByTheSweepAndNothingIsLinkedTwice() {
        Communication c = draft();
        List<AuditEvent> orphans = leavePending(c, 3);

        assertThat(centre.auditTrail(member, c.id())).filteredOn(e -> !e.isLinked()).hasSize(3);
        assertThat(centre.linkPendingAuditEvents()).isGreaterThanOrEqualTo(3);
        assertThat(centre.linkPendingAuditEvents()).as("nothing left for a second sweep of this organisation")
                .isGreaterThanOrEqualTo(0);

        List<AuditEvent> trail = centre.auditTrail(member, c.id());
        assertThat(trail).allMatch(AuditEvent::isLinked);
        assertThat(trail).extracting(AuditEvent::sequence).containsExactlyElementsOf(LongStream.rangeClosed(1, 4).boxed().toList());
        assertThat(trail.subList(1, 4)).extracting(AuditEvent::id).containsExactlyElementsOf(orphans.stream().map(AuditEvent::id).toList());
        assertThat(centre.verifyAuditTrail(member)).isEqualTo(AuditVerification.intact(4));
    }

    @Test
    void theNextWriteOfTheOrganisationLinksWhatItFindsPendingFirst() {
        Communication c = draft();
        List<AuditEvent> orphans = leavePending(c, 2);

        Communication next = draft();

        List<AuditEvent> trail = new ArrayList<>(centre.auditTrail(member, c.id()));
        assertThat(trail).allMatch(AuditEvent::isLinked);
        assertThat(trail.subList(1, 3)).extracting(AuditEvent::sequence).containsExactly(2L, 3L);
        assertThat(trail.subList(1, 3)).extracting(AuditEvent::id).containsExactlyElementsOf(orphans.stream().map(AuditEvent::id).toList());
        assertThat(centre.auditTrail(member, next.id())).extracting(AuditEvent::sequence).containsExactly(4L);
        assertThat(centre.verifyAuditTrail(member)).isEqualTo(AuditVerification.intact(4));
    }

    /** Appends events pending straight through the store, as a process that died before linking leaves them. */
    private List<AuditEvent> leavePending(Communication c, int count) {
        List<AuditEvent> orphans = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            orphans.add(new AuditEvent(java.util.UUID.randomUUID(), org, 0, c.id(), null, AuditEventType.UPDATED, "admin-1",
                    now(), Map.of("note", "left pending " + i), List.of(), null, null));
        }
        store.write(org, tx -> {
            tx.appendAuditEvents(orphans);
            return null;
        });
        assertThat(store.organisationsWithPendingAuditEvents(100_000)).contains(org);
        return orphans;
    }
}
