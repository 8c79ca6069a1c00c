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
 * @param providerMessageId the message id the provider gave when it accepted the message, or {@code null}
 * @param dispatchAttempts  how many times the dispatcher has handed it to a delivery channel (0 until then)
 * @param nextAttemptAt     while pending: when the dispatcher may take it up again (after a try-later answer, or when
 *                          a dispatcher's lease on it ends), or {@code null} when it may be taken up at once
 * @param postalAddress     the leaseholder's postal address at the time of adding, or {@code null} if the directory
 *                          had none
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
        String addedBy,
        String providerMessageId,
        int dispatchAttempts,
        Instant nextAttemptAt,
        PostalAddress postalAddress) {

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
        if (dispatchAttempts < 0) {
            throw new IllegalArgumentException("dispatchAttempts must not be negative: " + dispatchAttempts);
        }
    }

    /**
     * A recipient the dispatcher has not touched: no provider message id, no attempt, nothing to wait for.
     *
     * @param id              the recipient's id
     * @param organisationId  the owning organisation
     * @param communicationId the communication
     * @param unitId          the unit
     * @param position        1-based order of adding
     * @param recipientName   the leaseholder's name, or {@code null}
     * @param recipientEmail  the leaseholder's email, or {@code null}
     * @param deliveryStatus  where delivery stands
     * @param deliveredAt     when delivered, or {@code null}
     * @param openedAt        when opened, or {@code null}
     * @param failureReason   why it bounced or failed, or {@code null}
     * @param addedAt         when it was added
     * @param updatedAt       when its delivery status last changed
     * @param addedBy         who added it
     */
    public Recipient(UUID id, String organisationId, UUID communicationId, String unitId, long position,
                     String recipientName, String recipientEmail, DeliveryStatus deliveryStatus, Instant deliveredAt,
                     Instant openedAt, String failureReason, Instant addedAt, Instant updatedAt, String addedBy) {
        this(id, organisationId, communicationId, unitId, position, recipientName, recipientEmail, deliveryStatus,
                deliveredAt, openedAt, failureReason, addedAt, updatedAt, addedBy, null, 0, null, null);
    }

    /**
     * A recipient without a postal address.
     *
     * @param id                the recipient's id
     * @param organisationId    the owning organisation
     * @param communicationId   the communication
     * @param unitId            the unit
     * @param position          1-based order of adding
     * @param recipientName     the leaseholder's name, or {@code null}
     * @param recipientEmail    the leaseholder's email, or {@code null}
     * @param deliveryStatus    where delivery stands
     * @param deliveredAt       when delivered, or {@code null}
     * @param openedAt          when opened, or {@code null}
     * @param failureReason     why it bounced or failed, or {@code null}
     * @param addedAt           when it was added
     * @param updatedAt         when its delivery status last changed
     * @param addedBy           who added it
     * @param providerMessageId the provider's message id, or {@code null}
     * @param dispatchAttempts  hand-overs so far
     * @param nextAttemptAt     when it may be taken up again, or {@code null}
     */
    public Recipient(UUID id, String organisationId, UUID communicationId, String unitId, long position,
                     String recipientName, String recipientEmail, DeliveryStatus deliveryStatus, Instant deliveredAt,
                     Instant openedAt, String failureReason, Instant addedAt, Instant updatedAt, String addedBy,
                     String providerMessageId, int dispatchAttempts, Instant nextAttemptAt) {
        this(id, organisationId, communicationId, unitId, position, recipientName, recipientEmail, deliveryStatus,
                deliveredAt, openedAt, failureReason, addedAt, updatedAt, addedBy, providerMessageId, dispatchAttempts,
                nextAttemptAt, null);
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
                deliveryStatus, deliveredAt, openedAt, failureReason, addedAt, updatedAt, addedBy, providerMessageId,
                dispatchAttempts, nextAttemptAt, postalAddress);
    }

    /**
     * @param providerMessageId the provider's message id, or {@code null}
     * @param dispatchAttempts  how many times it has been handed to a channel
     * @param nextAttemptAt     when it may be taken up again, or {@code null}
     * @return a copy with these dispatch fields; everything else unchanged
     */
    public Recipient withDispatch(String providerMessageId, int dispatchAttempts, Instant nextAttemptAt) {
        return new Recipient(id, organisationId, communicationId, unitId, position, recipientName, recipientEmail,
                deliveryStatus, deliveredAt, openedAt, failureReason, addedAt, updatedAt, addedBy, providerMessageId,
                dispatchAttempts, nextAttemptAt, postalAddress);
    }

    /**
     * @param postalAddress the postal address snapshot, or {@code null}
     * @return a copy with this address; everything else unchanged (stores and tests build records this way)
     */
    public Recipient withPostalAddress(PostalAddress postalAddress) {
        return new Recipient(id, organisationId, communicationId, unitId, position, recipientName, recipientEmail,
                deliveryStatus, deliveredAt, openedAt, failureReason, addedAt, updatedAt, addedBy, providerMessageId,
                dispatchAttempts, nextAttemptAt, postalAddress);
    }
}
