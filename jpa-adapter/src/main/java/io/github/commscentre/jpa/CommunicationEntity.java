package io.github.commscentre.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code cc_communication}. Kept apart from the domain record so that the public API never
 * depends on JPA; {@link EntityMapping} converts. The entity name is prefixed so it cannot clash with an
 * entity of the host's persistence unit.
 */
@Entity(name = "CcCommunication")
@Table(name = "cc_communication")
@IdClass(OrganisationScopedId.class)
class CommunicationEntity {

    @Id
    @Column(name = "organisation_id", length = 100, nullable = false, updatable = false)
    String organisationId;

    @Id
    @Column(name = "id", nullable = false, updatable = false)
    UUID id;

    @Column(name = "communication_type", length = 20, nullable = false)
    String communicationType;

    @Column(name = "subject", length = 500, nullable = false)
    String subject;

    @Column(name = "body_html", length = 1_000_000)
    String bodyHtml;

    @Column(name = "block_id", length = 100)
    String blockId;

    @Column(name = "unit_id", length = 100)
    String unitId;

    @Column(name = "channel", length = 50, nullable = false)
    String channel;

    @Column(name = "status", length = 20, nullable = false)
    String status;

    @Column(name = "scheduled_at")
    Instant scheduledAt;

    @Column(name = "sent_at")
    Instant sentAt;

    @Column(name = "sent_by", length = 100)
    String sentBy;

    @Column(name = "failed_at")
    Instant failedAt;

    @Column(name = "failure_reason")
    String failureReason;

    @Column(name = "notes")
    String notes;

    @Column(name = "created_by", length = 100, nullable = false)
    String createdBy;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    @Column(name = "version", nullable = false)
    long version;

    @Column(name = "sending_started_at")
    Instant sendingStartedAt;

    CommunicationEntity() {
    }
}
