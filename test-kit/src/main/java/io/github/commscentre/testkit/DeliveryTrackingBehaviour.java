package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.Recipient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.github.commscentre.testkit.BehaviourChecks.expectError;
import static org.assertj.core.api.Assertions.assertThat;

/** Delivery status of each recipient, including after sending. */
abstract class DeliveryTrackingBehaviour extends BehaviourFixture {

    private Recipient recipientIn(DeliveryStatus status) {
        Communication c = draft();
        centre.addRecipients(admin, c.id(), List.of("a1"));
        Recipient r = recipients(c.id()).get(0);
        tick();
        switch (status) {
            case ACCEPTED:
                return centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.ACCEPTED);
            case DELIVERED:
                return centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.DELIVERED);
            case OPENED:
                centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.DELIVERED);
                tick();
                return centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.OPENED);
            case BOUNCED:
                return centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.BOUNCED, "mailbox full");
            case FAILED:
                return centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.FAILED, "no such address");
            default:
                return r;
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("io.github.commscentre.testkit.BehaviourChecks#deliveryStatusPairs")
    void deliveryStatusMovesForwardOnly(DeliveryStatus from, DeliveryStatus to) {
        Recipient before = recipientIn(from);
        tick();
        Instant at = now();
        String reason = to.acceptsFailureReason() ? "reason for " + to.wireName() : null;
        if (from == to) {
            State s = state();
            assertThat(centre.updateRecipientStatus(admin, before.id(), to, reason)).isEqualTo(before);
            assertThat(state()).as("the same status again changes nothing").isEqualTo(s);
        } else if (from.canMoveTo(to)) {
            List<AuditEvent> events = appendedBy(() -> centre.updateRecipientStatus(admin, before.id(), to, reason));
            Recipient after = recipientById(before.communicationId(), before.id());
            assertThat(after.deliveryStatus()).isEqualTo(to);
            assertThat(after.updatedAt()).isEqualTo(at);
            assertThat(after.failureReason()).isEqualTo(reason);
            Instant expectedDeliveredAt = to == DeliveryStatus.DELIVERED
                    || (to == DeliveryStatus.OPENED && before.deliveredAt() == null) ? at : before.deliveredAt();
            assertThat(after.deliveredAt()).isEqualTo(expectedDeliveredAt);
            assertThat(after.openedAt()).isEqualTo(to == DeliveryStatus.OPENED ? at : null);
            assertThat(after).usingRecursiveComparison()
                    .ignoringFields("deliveryStatus", "updatedAt", "failureReason", "deliveredAt", "openedAt")
                    .isEqualTo(before);
            assertThat(events).hasSize(1);
            AuditEvent e = events.get(0);
            assertEvent(e, AuditEventType.RECIPIENT_STATUS_CHANGED, before.communicationId(), admin, at);
            assertThat(e.recipientId()).isEqualTo(before.id());
            assertThat(e.details()).containsEntry("unitId", "a1").containsEntry("from", from.wireName())
                    .containsEntry("to", to.wireName());
            if (reason == null) {
                assertThat(e.details()).doesNotContainKey("reason");
            } else {
                assertThat(e.details()).containsEntry("reason", reason);
            }
        } else {
            rejected(ErrorCode.CONFLICT, () -> centre.updateRecipientStatus(admin, before.id(), to, reason));
        }
    }

    @Test
    void theStatusTableIsTheOneOfTheContract() {
        assertThat(DeliveryStatus.PENDING.allowedNext()).containsExactlyInAnyOrder(DeliveryStatus.ACCEPTED,
                DeliveryStatus.DELIVERED, DeliveryStatus.OPENED, DeliveryStatus.BOUNCED, DeliveryStatus.FAILED);
        assertThat(DeliveryStatus.ACCEPTED.allowedNext()).containsExactlyInAnyOrder(DeliveryStatus.DELIVERED,
                DeliveryStatus.OPENED, DeliveryStatus.BOUNCED, DeliveryStatus.FAILED);
        assertThat(DeliveryStatus.DELIVERED.allowedNext()).containsExactlyInAnyOrder(DeliveryStatus.OPENED,
                DeliveryStatus.BOUNCED, DeliveryStatus.FAILED);
        assertThat(DeliveryStatus.OPENED.allowedNext()).isEmpty();
        assertThat(DeliveryStatus.BOUNCED.allowedNext()).isEmpty();
        assertThat(DeliveryStatus.FAILED.allowedNext()).isEmpty();
    }

    @Test
    void openedWithoutDeliveredRecordsDeliveredAtToo() {
        Recipient r = recipientIn(DeliveryStatus.PENDING);
        tick();
        Recipient opened = centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.OPENED);
        assertThat(opened.openedAt()).isEqualTo(now());
        assertThat(opened.deliveredAt()).isEqualTo(now());
    }

    @Test
    void timestampsAreNeverCleared() {
        Recipient delivered = recipientIn(DeliveryStatus.DELIVERED);
        Instant deliveredAt = delivered.deliveredAt();
        assertThat(deliveredAt).isNotNull();
        tick();
        Recipient bounced = centre.updateRecipientStatus(admin, delivered.id(), DeliveryStatus.BOUNCED, "late bounce");
        assertThat(bounced.deliveredAt()).isEqualTo(deliveredAt);
        expectError(ErrorCode.CONFLICT, () -> centre.updateRecipientStatus(admin, delivered.id(), DeliveryStatus.DELIVERED));
        expectError(ErrorCode.CONFLICT, () -> centre.updateRecipientStatus(admin, delivered.id(), DeliveryStatus.PENDING));
        assertThat(recipientById(delivered.communicationId(), delivered.id())).isEqualTo(bounced);

        Recipient opened = recipientIn(DeliveryStatus.OPENED);
        assertThat(opened.deliveredAt()).isBefore(opened.openedAt());
        tick();
        expectError(ErrorCode.CONFLICT, () -> centre.updateRecipientStatus(admin, opened.id(), DeliveryStatus.DELIVERED));
        expectError(ErrorCode.CONFLICT, () -> centre.updateRecipientStatus(admin, opened.id(), DeliveryStatus.FAILED, "x"));
        assertThat(recipientById(opened.communicationId(), opened.id())).isEqualTo(opened);
    }

    @Test
    void bouncedOrFailedMayComeWithoutReason() {
        Recipient r = recipientIn(DeliveryStatus.PENDING);
        assertThat(centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.BOUNCED).failureReason()).isNull();
    }

    @Test
    void theSameStatusAgainKeepsTheFirstReason() {
        Recipient bounced = recipientIn(DeliveryStatus.BOUNCED);
        tick();
        State before = state();
        assertThat(centre.updateRecipientStatus(admin, bounced.id(), DeliveryStatus.BOUNCED, "another reason")).isEqualTo(bounced);
        assertThat(centre.updateRecipientStatus(admin, bounced.id(), DeliveryStatus.BOUNCED)).isEqualTo(bounced);
        assertThat(state()).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(value = CommunicationStatus.class, names = {"SENT", "FAILED", "SCHEDULED"})
    void trackingGoesOnWhateverTheCommunicationsStatus(CommunicationStatus status) {
        Communication c = inState(status);
        Recipient r = recipient(c.id(), "a2");
        tick();
        assertThat(centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.DELIVERED).deliveryStatus())
                .isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.OPENED).deliveryStatus())
                .isEqualTo(DeliveryStatus.OPENED);
        assertThat(current(c.id())).as("the communication itself does not change").isEqualTo(c);
        assertThat(centre.verifyAuditTrail(admin).intact()).isTrue();
    }

    @Test
    void unknownRecipientIsNotFound() {
        rejected(ErrorCode.NOT_FOUND, () -> centre.updateRecipientStatus(admin, UUID.randomUUID(), DeliveryStatus.DELIVERED));
        Communication c = draft();
        rejected(ErrorCode.NOT_FOUND, () -> centre.updateRecipientStatus(admin, c.id(), DeliveryStatus.DELIVERED));
    }

    @Test
    void aStatusMovedBetweenTheReadAndTheUpdateIsReadAgainAndNeverOverwritten() {
        Communication c = draft();
        centre.addRecipients(admin, c.id(), List.of("a1"));
        Recipient pending = recipients(c.id()).get(0);
        tick();
        centre.updateRecipientStatus(admin, pending.id(), DeliveryStatus.ACCEPTED);
        tick();
        // This facade's first read of the recipient is the one a concurrent writer overtook: it still says pending.
        OvertakenRead overtaken = new OvertakenRead(store, pending);
        List<AuditEvent> events = appendedBy(() -> centreOver(overtaken)
                .updateRecipientStatus(admin, pending.id(), DeliveryStatus.DELIVERED));

        assertThat(overtaken.overtaken()).isTrue();
        assertThat(recipients(c.id()).get(0).deliveryStatus()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.details()).containsEntry("from", "accepted").containsEntry("to", "delivered");
        });
        assertThat(centre.verifyAuditTrail(admin).intact()).isTrue();
    }
}

