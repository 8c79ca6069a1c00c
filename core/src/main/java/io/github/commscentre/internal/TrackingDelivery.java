package io.github.commscentre.internal;

import io.github.commscentre.AuditEventType;
import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.internal.AuditChain.Details;
import io.github.commscentre.internal.AuditChain.Pending;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Recording how delivery to one recipient went, as a provider's webhooks report it: the status only moves
 * forward, a repeated report changes nothing, and each move is recorded by a {@code recipient_status_changed}
 * event. It works whatever the communication's status, as reports arrive after sending.
 */
final class TrackingDelivery {

    /** How often a status read is tried again after a concurrent writer moved it between the read and the update. */
    private static final int CHANGED_MEANWHILE_ATTEMPTS = 5;

    private final Ports ports;
    private final Now now;
    private final AuditLog audit;

    TrackingDelivery(Ports ports, Now now, AuditLog audit) {
        this.ports = ports;
        this.now = now;
        this.audit = audit;
    }

    Recipient updateRecipientStatus(Caller caller, UUID recipientId, DeliveryStatus status, String failureReason) {
        String org = Callers.writer(caller);
        UUID id = Texts.requireNonNull("recipientId", recipientId);
        DeliveryStatus to = Texts.requireNonNull("deliveryStatus", status);
        String reason = Texts.optional("failureReason", failureReason, Texts.REASON_MAX);
        if (reason != null && !to.acceptsFailureReason()) {
            throw CommunicationCentreException.badRequest("failureReason", "is accepted with bounced or failed only");
        }
        return ports.write(org, tx -> {
            for (int attempt = 1; ; attempt++) {
                Recipient r = tx.findRecipient(id).orElseThrow(() -> CommunicationCentreException.notFound(
                        "recipient " + id + " not found"));
                Instant at = now.instant();
                DeliveryStatus from = r.deliveryStatus();
                if (from == to) {
                    return r; // webhooks repeat: the same status again changes nothing
                }
                if (!from.canMoveTo(to)) {
                    throw CommunicationCentreException.conflict("delivery status of recipient " + id + " cannot move from "
                            + from.wireName() + " to " + to.wireName() + ": it only moves forward");
                }
                Instant deliveredAt = r.deliveredAt();
                if (deliveredAt == null && (to == DeliveryStatus.DELIVERED || to == DeliveryStatus.OPENED)) {
                    deliveredAt = at; // opened without a delivery report: it was delivered by then
                }
                Instant openedAt = to == DeliveryStatus.OPENED ? at : r.openedAt();
                String nextReason = to.acceptsFailureReason() ? reason : r.failureReason();
                Recipient next = r.withDelivery(to, deliveredAt, openedAt, nextReason, at);
                // Read without a lock: the update is a compare-and-set on the status read, which is all the event
                // depends on, so a writer that moved the status meanwhile makes it miss, and the recipient is read
                // again as that writer left it. One round trip and one row lock fewer for every webhook.
                if (audit.appendIfUpdated(tx, caller, at, next, from, statusChangedEvent(r, from, to, reason))) {
                    return next;
                }
                if (attempt == CHANGED_MEANWHILE_ATTEMPTS) {
                    throw CommunicationCentreException.conflict("recipient " + id
                            + " was changed concurrently: re-read and retry");
                }
            }
        });
    }

    private static Pending statusChangedEvent(Recipient r, DeliveryStatus from, DeliveryStatus to, String reason) {
        return new Pending(r.communicationId(), r.id(), AuditEventType.RECIPIENT_STATUS_CHANGED,
                new Details().put("unitId", r.unitId()).put("from", from.wireName()).put("to", to.wireName())
                        .put("reason", reason).map(), List.of());
    }
}
