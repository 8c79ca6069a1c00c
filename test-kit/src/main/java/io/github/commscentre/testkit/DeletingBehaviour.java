package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.github.commscentre.testkit.BehaviourChecks.expectError;
import static org.assertj.core.api.Assertions.assertThat;

/** Deleting a draft or scheduled communication; its audit events stay. */
abstract class DeletingBehaviour extends BehaviourFixture {

    @Test
    void deleteRemovesTheCommunicationAndItsRecipients() {
        Communication keep = draft();
        Communication c = draft();
        centre.addRecipients(admin, c.id(), List.of("a1", "a2"));
        Recipient r = recipients(c.id()).get(0);
        long countBefore = centre.count(admin, CommunicationFilter.all());
        centre.delete(admin, c.id());
        expectError(ErrorCode.NOT_FOUND, () -> centre.getById(admin, c.id()));
        expectError(ErrorCode.NOT_FOUND, () -> centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first()));
        rejected(ErrorCode.NOT_FOUND, () -> centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.DELIVERED));
        rejected(ErrorCode.NOT_FOUND, () -> centre.addRecipients(admin, c.id(), List.of("a3")));
        rejected(ErrorCode.NOT_FOUND, () -> centre.update(admin, c.id(), CommunicationChanges.builder().subject("x").build()));
        rejected(ErrorCode.NOT_FOUND, () -> centre.markSent(admin, c.id()));
        rejected(ErrorCode.NOT_FOUND, () -> centre.duplicate(admin, c.id(), true));
        rejected(ErrorCode.NOT_FOUND, () -> centre.delete(admin, c.id()));
        assertThat(centre.count(admin, CommunicationFilter.all())).isEqualTo(countBefore - 1);
        assertThat(listAll(admin, CommunicationFilter.all(), 100)).extracting(CommunicationSummary::id)
                .doesNotContain(c.id()).contains(keep.id());
        assertThat(current(keep.id())).isEqualTo(keep);
    }

    @Test
    void theAuditTrailOutlivesTheCommunication() {
        Communication c = scheduled();
        centre.addRecipients(admin, c.id(), List.of("a1", "a2", "a3"));
        List<AuditEvent> before = trail(c.id());
        tick();
        Instant at = now();
        Caller deleter = Caller.admin(org, "admin-9");
        centre.delete(deleter, c.id());
        List<AuditEvent> after = trail(c.id());
        assertThat(after).hasSize(before.size() + 1).startsWith(before.toArray(new AuditEvent[0]));
        AuditEvent deleted = after.get(after.size() - 1);
        assertEvent(deleted, AuditEventType.DELETED, c.id(), deleter, at);
        assertThat(deleted.details()).containsEntry("communicationType", "notice").containsEntry("subject", c.subject())
                .containsEntry("status", "scheduled").containsEntry("recipientCount", "3");
        assertThat(centre.auditTrail(member, c.id())).isEqualTo(after);
        assertThat(centre.verifyAuditTrail(admin).intact()).isTrue();
    }

    @Test
    void aDeletedCommunicationsUnitsCanBeUsedElsewhere() {
        Communication c = draft();
        centre.addRecipients(admin, c.id(), List.of("a1"));
        centre.delete(admin, c.id());
        Communication d = draft();
        assertThat(centre.addRecipients(admin, d.id(), List.of("a1")).added()).isEqualTo(1);
    }
}
