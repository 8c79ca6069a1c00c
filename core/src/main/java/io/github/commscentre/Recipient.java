package io.github.commscentre;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One leaseholder unit on a communication, with the leaseholder's name and email as they were when
 * the unit was added: later changes in the host's directory never alter them.
 *
 * @param id               the recipient's id, a UUID version 7
 * @param organisationId   the owning organisation (host id)
 * @param communicationId  the communication it belongs to
 * @param unitId           the unit (host id); at most once per communication
 * @param position         1-based order in which it was added to its communication
 * @param recipientName    the leaseholder's name at the time of adding, or {@code null} if the directory had none
 * @param recipientEmail   the leaseholder's email at the time of adding, or {@code null} if there was none
 * @param deliveryStatus   where delivery stands; moves forward only
 * @param deliveredAt      when it became delivered (or opened without having been delivered), or {@code null}
 * @param openedAt         when it became opened, or {@code null}
 * @param failureReason    why it bounced or failed, or {@code null}
 * @param addedAt          when it was added
 * @param updatedAt        when its delivery status last changed (equal to {@code addedAt} until then)
 * @param addedBy          the user who added it
 */
public record Recipient(
        UUID id,
        String organisationId,
        UUID communicationId,
        String unitId,
        long position,
        String recipientName,
        String recipientEmail,
        DeliveryStatus deliveryStatus,
        Instant deliveredAt,
        Instant openedAt,
        String failureReason,
        Instant addedAt,
        Instant updatedAt,
        String addedBy) {

    /** Null checks of the fields that are always present. */
    public Recipient {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(organisationId, "organisationId must not be null");
        Objects.requireNonNull(communicationId, "communicationId must not be null");
        Objects.requireNonNull(unitId, "unitId must not be null");
        Objects.requireNonNull(deliveryStatus, "deliveryStatus must not be null");
        Objects.requireNonNull(addedAt, "addedAt must not be null");
        Objects.requireNonNull(updatedAt, "updatedAt must not be null");
        Objects.requireNonNull(addedBy, "addedBy must not be null");
    }

    /**
     * @param deliveryStatus the new delivery status
     * @param deliveredAt    when it became delivered, or {@code null}
     * @param openedAt       when it became opened, or {@code null}
     * @param failureReason  why it bounced or failed, or {@code null}
     * @param updatedAt      when the delivery status changed
     * @return a copy with these delivery fields; the snapshot (id, unit, position, name, email) and who added it
     *         when are unchanged
     */
    public Recipient withDelivery(DeliveryStatus deliveryStatus, Instant deliveredAt, Instant openedAt,
                                  String failureReason, Instant updatedAt) {
        return new Recipient(id, organisationId, communicationId, unitId, position, recipientName, recipientEmail,
                deliveryStatus, deliveredAt, openedAt, failureReason, addedAt, updatedAt, addedBy);
    }
}
