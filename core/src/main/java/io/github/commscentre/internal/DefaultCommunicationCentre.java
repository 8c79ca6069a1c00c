package io.github.commscentre.internal;

import io.github.commscentre.*;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.PropertyDirectory;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Placeholder while the facade is being written. */
public final class DefaultCommunicationCentre implements CommunicationCentre {
    public DefaultCommunicationCentre(CommunicationStore store, PropertyDirectory directory, Clock clock, HtmlSanitizer htmlSanitizer) {
    }
    public Page<Communication> list(Caller caller, CommunicationFilter filter, PageRequest page) { throw new UnsupportedOperationException(); }
    public long count(Caller caller, CommunicationFilter filter) { throw new UnsupportedOperationException(); }
    public CommunicationDetails getById(Caller caller, UUID communicationId) { throw new UnsupportedOperationException(); }
    public Communication create(Caller caller, NewCommunication input) { throw new UnsupportedOperationException(); }
    public Communication update(Caller caller, UUID communicationId, CommunicationChanges changes) { throw new UnsupportedOperationException(); }
    public Communication markSent(Caller caller, UUID communicationId) { throw new UnsupportedOperationException(); }
    public Communication markFailed(Caller caller, UUID communicationId, String reason) { throw new UnsupportedOperationException(); }
    public void delete(Caller caller, UUID communicationId) { throw new UnsupportedOperationException(); }
    public Communication duplicate(Caller caller, UUID communicationId, boolean includeRecipients) { throw new UnsupportedOperationException(); }
    public AddRecipientsResult addRecipients(Caller caller, UUID communicationId, Collection<String> unitIds) { throw new UnsupportedOperationException(); }
    public AddRecipientsResult addBlockRecipients(Caller caller, UUID communicationId) { throw new UnsupportedOperationException(); }
    public Page<Recipient> listRecipients(Caller caller, UUID communicationId, RecipientFilter filter, PageRequest page) { throw new UnsupportedOperationException(); }
    public Recipient updateRecipientStatus(Caller caller, UUID recipientId, DeliveryStatus status, String failureReason) { throw new UnsupportedOperationException(); }
    public List<AuditEvent> auditTrail(Caller caller, UUID communicationId) { throw new UnsupportedOperationException(); }
    public AuditVerification verifyAuditTrail(Caller caller) { throw new UnsupportedOperationException(); }
}
