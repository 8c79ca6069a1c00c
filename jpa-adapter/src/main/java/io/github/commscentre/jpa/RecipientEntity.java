package io.github.commscentre.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code cc_recipient}. The communication is referenced by its id column, not by an association:
 * the adapter never navigates from a recipient to its communication, and a plain column keeps inserts of
 * 50,000 recipients free of any extra select.
 */
@Entity(name = "CcRecipient")
@Table(name = "cc_recipient")
@IdClass(OrganisationScopedId.class)
class RecipientEntity {

    @Id
    @Column(name = "organisation_id", length = 100, nullable = false, updatable = false)
    String organisationId;

    @Id
    @Column(name = "id", nullable = false, updatable = false)
    UUID id;

    @Column(name = "communication_id", nullable = false, updatable = false)
    UUID communicationId;

    @Column(name = "unit_id", length = 100, nullable = false)
    String unitId;

    @Column(name = "position", nullable = false)
    long position;

    @Column(name = "recipient_name")
    String recipientName;

    @Column(name = "recipient_email")
    String recipientEmail;

    @Column(name = "delivery_status", length = 20, nullable = false)
    String deliveryStatus;

    @Column(name = "delivered_at")
    Instant deliveredAt;

    @Column(name = "opened_at")
    Instant openedAt;

    @Column(name = "failure_reason")
    String failureReason;

    @Column(name = "added_at", nullable = false)
    Instant addedAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    @Column(name = "added_by", length = 100, nullable = false)
    String addedBy;

    @Column(name = "provider_message_id", length = 500)
    String providerMessageId;

    @Column(name = "dispatch_attempts", nullable = false)
    int dispatchAttempts;

    @Column(name = "next_attempt_at")
    Instant nextAttemptAt;

    /** The address lines, joined by line feeds (a line never holds one). */
    @Column(name = "address_lines", length = 1000)
    String addressLines;

    @Column(name = "address_town", length = 200)
    String addressTown;

    @Column(name = "address_postcode", length = 200)
    String addressPostcode;

    @Column(name = "address_country", length = 200)
    String addressCountry;

    // claim_token is not mapped: a claim is the store's own business, read and written by DispatchQueries alone.

    RecipientEntity() {
    }
}
