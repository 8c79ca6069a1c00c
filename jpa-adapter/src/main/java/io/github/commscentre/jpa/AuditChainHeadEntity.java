package io.github.commscentre.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of {@code cc_audit_chain_head}: one per organisation, the end of its audit chain. Writers lock this
 * row before appending, which serialises appends per organisation so the chain cannot fork.
 */
@Entity(name = "CcAuditChainHead")
@Table(name = "cc_audit_chain_head")
class AuditChainHeadEntity {

    @Id
    @Column(name = "organisation_id", length = 100, nullable = false, updatable = false)
    String organisationId;

    @Column(name = "last_sequence", nullable = false)
    long lastSequence;

    @Column(name = "last_hash", length = 64, nullable = false)
    String lastHash;

    AuditChainHeadEntity() {
    }
}
