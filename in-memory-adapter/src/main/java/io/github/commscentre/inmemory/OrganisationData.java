package io.github.commscentre.inmemory;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Everything stored for one organisation, and the lock that guards all of it: a write unit of work holds the
 * write lock from start to end, a read unit of work the read lock, so the parts below need no locking of
 * their own and organisations never wait for each other.
 */
final class OrganisationData {

    final String organisationId;
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    final CommunicationIndex communications = new CommunicationIndex();
    final RecipientIndex recipients = new RecipientIndex();
    final ProviderEventIndex providerEvents = new ProviderEventIndex();
    final AuditChain auditChain;
    final EvidenceIndex evidence = new EvidenceIndex();

    OrganisationData(String organisationId) {
        this.organisationId = organisationId;
        this.auditChain = new AuditChain(organisationId);
    }
}
