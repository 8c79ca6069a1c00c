package io.github.commscentre.spi;

import io.github.commscentre.AuditEvent;

import java.util.Objects;

/**
 * The end of an organisation's audit chain: the last sequence and its hash.
 *
 * @param organisationId the organisation
 * @param lastSequence   the sequence of the last event, 0 when the chain is empty
 * @param lastHash       the hash of the last event, {@link AuditEvent#GENESIS_HASH} when the chain is empty
 */
public record AuditChainHead(String organisationId, long lastSequence, String lastHash) {

    /** Null checks. */
    public AuditChainHead {
        Objects.requireNonNull(organisationId, "organisationId must not be null");
        Objects.requireNonNull(lastHash, "lastHash must not be null");
    }

    /** @param organisationId the organisation @return the head of an empty chain */
    public static AuditChainHead empty(String organisationId) {
        return new AuditChainHead(organisationId, 0, AuditEvent.GENESIS_HASH);
    }
}
