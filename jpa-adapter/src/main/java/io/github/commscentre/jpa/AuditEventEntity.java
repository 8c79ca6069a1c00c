package io.github.commscentre.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code cc_audit_event}. Details and unit ids are stored as text in {@link TextCodec}'s encoding:
 * they are only ever read back whole, and one column each keeps an event a single row.
 * There is deliberately no foreign key to the communication: events outlive it.
 */
@Entity(name = "CcAuditEvent")
@Table(name = "cc_audit_event")
@IdClass(OrganisationScopedId.class)
class AuditEventEntity {

    @Id
    @Column(name = "organisation_id", length = 100, nullable = false, updatable = false)
    String organisationId;

    @Id
    @Column(name = "id", nullable = false, updatable = false)
    UUID id;

    /** {@code null} while the event is pending; set once, by a linker, in plain JDBC. */
    @Column(name = "sequence", updatable = false)
    Long sequence;

    @Column(name = "communication_id", nullable = false, updatable = false)
    UUID communicationId;

    @Column(name = "recipient_id", updatable = false)
    UUID recipientId;

    @Column(name = "event_type", length = 40, nullable = false, updatable = false)
    String eventType;

    @Column(name = "actor_user_id", length = 100, nullable = false, updatable = false)
    String actorUserId;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    Instant occurredAt;

    @Column(name = "details", nullable = false, updatable = false)
    String details;

    @Column(name = "unit_ids", nullable = false, updatable = false)
    String unitIds;

    @Column(name = "previous_hash", length = 64, updatable = false)
    String previousHash;

    @Column(name = "hash", length = 64, updatable = false)
    String hash;

    AuditEventEntity() {
    }
}
