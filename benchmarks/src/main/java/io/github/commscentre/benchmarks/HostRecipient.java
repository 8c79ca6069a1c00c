package io.github.commscentre.benchmarks;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * What a typical host writes when it maps the recipients table itself: a plain entity with an assigned id,
 * persisted one at a time. The baseline (b) of the addRecipients scenario.
 */
@Entity(name = "HostRecipient")
@Table(name = "cc_recipient")
public class HostRecipient {

    @Id
    @Column(name = "id")
    UUID id;

    @Column(name = "organisation_id")
    String organisationId;

    @Column(name = "communication_id")
    UUID communicationId;

    @Column(name = "unit_id")
    String unitId;

    @Column(name = "position")
    long position;

    @Column(name = "recipient_name")
    String recipientName;

    @Column(name = "recipient_email")
    String recipientEmail;

    @Column(name = "delivery_status")
    String deliveryStatus;

    @Column(name = "delivered_at")
    Instant deliveredAt;

    @Column(name = "opened_at")
    Instant openedAt;

    @Column(name = "failure_reason")
    String failureReason;

    @Column(name = "added_at")
    Instant addedAt;

    @Column(name = "updated_at")
    Instant updatedAt;

    @Column(name = "added_by")
    String addedBy;

    /** For Hibernate. */
    public HostRecipient() {
    }
}
