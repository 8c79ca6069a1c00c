package io.github.commscentre.testkit;

import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationDetails;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.github.commscentre.testkit.BehaviourChecks.expectError;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code getById}: a communication with its recipient counts. */
abstract class DetailsBehaviour extends BehaviourFixture {

    @Test
    void getByIdCountsRecipientsPerStatusAndThoseWithoutEmail() {
        Communication c = draft();
        centre.addRecipients(admin, c.id(), List.of("a1", "a2", "a3", "a4", "b1", "b2"));
        centre.updateRecipientStatus(admin, recipient(c.id(), "a1").id(), DeliveryStatus.DELIVERED);
        centre.updateRecipientStatus(admin, recipient(c.id(), "a2").id(), DeliveryStatus.OPENED);
        centre.updateRecipientStatus(admin, recipient(c.id(), "b1").id(), DeliveryStatus.BOUNCED, "full");
        centre.updateRecipientStatus(admin, recipient(c.id(), "b2").id(), DeliveryStatus.DELIVERED);
        CommunicationDetails d = centre.getById(member, c.id());
        assertThat(d.communication()).isEqualTo(current(c.id()));
        assertThat(d.recipientCount()).isEqualTo(6);
        assertThat(d.deliveryCounts()).containsEntry(DeliveryStatus.PENDING, 2L).containsEntry(DeliveryStatus.DELIVERED, 2L)
                .containsEntry(DeliveryStatus.OPENED, 1L).containsEntry(DeliveryStatus.BOUNCED, 1L)
                .containsEntry(DeliveryStatus.FAILED, 0L);
        assertThat(d.recipientsWithoutEmail()).isEqualTo(2);
    }

    @Test
    void getRecipientGivesOneRecipientAsListedWhateverItsCommunicationsStatus() {
        Communication c = inState(io.github.commscentre.CommunicationStatus.DRAFT);
        io.github.commscentre.Recipient a2 = recipient(c.id(), "a2");
        assertThat(centre.getRecipient(member, a2.id())).isEqualTo(a2);

        tick();
        centre.updateRecipientStatus(admin, a2.id(), DeliveryStatus.BOUNCED, "mailbox full");
        tick();
        centre.markSent(admin, c.id());

        io.github.commscentre.Recipient bounced = centre.getRecipient(admin, a2.id());
        assertThat(bounced).isEqualTo(recipient(c.id(), "a2"));
        assertThat(bounced.deliveryStatus()).isEqualTo(DeliveryStatus.BOUNCED);
        assertThat(bounced.failureReason()).isEqualTo("mailbox full");
        assertThat(bounced.recipientName()).isEqualTo("Bob Brown");
    }

    @Test
    void getRecipientOfAnotherOrganisationOrOfADeletedCommunicationIsNotFound() {
        Communication c = inState(io.github.commscentre.CommunicationStatus.DRAFT);
        UUID a1 = recipient(c.id(), "a1").id();

        expectError(ErrorCode.NOT_FOUND, () -> centre.getRecipient(otherMember, a1));
        expectError(ErrorCode.NOT_FOUND, () -> centre.getRecipient(admin, UUID.randomUUID()));
        centre.delete(admin, c.id());
        expectError(ErrorCode.NOT_FOUND, () -> centre.getRecipient(admin, a1));
    }

    @Test
    void aCommunicationWithoutRecipientsHasZeroCounts() {
        CommunicationDetails d = centre.getById(admin, draft().id());
        assertThat(d.recipientCount()).isZero();
        assertThat(d.deliveryCounts().values()).containsOnly(0L);
        assertThat(d.recipientsWithoutEmail()).isZero();
    }

    @Test
    void unknownCommunicationIsNotFound() {
        expectError(ErrorCode.NOT_FOUND, () -> centre.getById(admin, UUID.randomUUID()));
    }
}
