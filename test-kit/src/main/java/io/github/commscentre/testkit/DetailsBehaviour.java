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
