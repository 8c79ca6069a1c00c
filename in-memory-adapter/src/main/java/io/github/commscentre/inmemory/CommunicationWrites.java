package io.github.commscentre.inmemory;

import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.Recipient;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A transaction's writes of communications and of the recipients added to them: communications inserted, replaced by
 * compare-and-set on their version under the rules the database guards enforce, and deleted with their recipients;
 * recipients added in batches of one communication, every check before the first change. Each is undone with the
 * transaction.
 */
final class CommunicationWrites {

    private final OrganisationData data;
    private final TransactionGuard guard;
    private final UndoLog undoLog;

    CommunicationWrites(OrganisationData data, TransactionGuard guard, UndoLog undoLog) {
        this.data = data;
        this.guard = guard;
        this.undoLog = undoLog;
    }

    void insert(Communication communication) {
        Objects.requireNonNull(communication, "communication must not be null");
        guard.checkWrite(communication.organisationId());
        if (data.communications.contains(communication.id())) {
            throw CommunicationCentreException.conflict("communication " + communication.id() + " already exists");
        }
        data.communications.put(communication);
        undoLog.record(() -> data.communications.remove(communication.id()));
    }

    boolean update(Communication updated, long expectedVersion) {
        Objects.requireNonNull(updated, "updated must not be null");
        guard.checkWrite(updated.organisationId());
        Communication stored = data.communications.get(updated.id());
        if (stored == null || stored.version() != expectedVersion || stored.status().isFinished()) {
            return false;
        }
        if (updated.version() != expectedVersion + 1) {
            throw new IllegalArgumentException("updated.version must be expectedVersion + 1 = "
                    + (expectedVersion + 1) + ", was " + updated.version());
        }
        if (!stored.createdAt().equals(updated.createdAt())
                || !stored.createdBy().equals(updated.createdBy())
                || stored.communicationType() != updated.communicationType()
                || !Objects.equals(stored.blockId(), updated.blockId())
                || !Objects.equals(stored.unitId(), updated.unitId())) {
            throw new IllegalArgumentException("an update may not change a communication's creation data, "
                    + "type, blockId or unitId: " + updated.id());
        }
        if (stored.status() == CommunicationStatus.SENDING && (updated.status().isEditable()
                || !stored.subject().equals(updated.subject()) || !Objects.equals(stored.bodyHtml(), updated.bodyHtml())
                || !stored.channel().equals(updated.channel()))) {
            // As the database guards refuse it: a communication being sent keeps its content and only finishes.
            throw new IllegalArgumentException("a sending communication may only become sent or failed, its content "
                    + "unchanged: " + updated.id());
        }
        data.communications.put(updated);
        undoLog.record(() -> data.communications.put(stored));
        return true;
    }

    boolean delete(UUID id, long expectedVersion) {
        guard.checkWrite();
        Objects.requireNonNull(id, "id must not be null");
        Communication stored = data.communications.get(id);
        if (stored == null || stored.version() != expectedVersion || !stored.status().isEditable()) {
            return false;
        }
        data.communications.remove(id);
        Map<UUID, UUID> claims = data.recipients.claimsOf(id);
        List<Recipient> recipients = data.recipients.removeAllOf(id);
        undoLog.record(() -> {
            data.communications.put(stored);
            recipients.forEach(data.recipients::put);
            claims.forEach(data.recipients::setClaim);
        });
        return true;
    }

    void insertRecipients(List<Recipient> recipients) {
        Objects.requireNonNull(recipients, "recipients must not be null");
        guard.checkWrite();
        if (recipients.isEmpty()) {
            return;
        }
        List<Recipient> batch = List.copyOf(recipients);
        UUID communicationId = batch.get(0).communicationId();
        for (Recipient recipient : batch) {
            guard.checkOrganisation(recipient.organisationId());
            if (!recipient.communicationId().equals(communicationId)) {
                throw new IllegalArgumentException("recipients of one insertRecipients call must belong to one "
                        + "communication: " + communicationId + " and " + recipient.communicationId());
            }
        }
        // Every check before the first change, so that a rejected batch adds nothing even if the caller
        // catches the exception and carries on.
        if (!data.communications.contains(communicationId)) {
            throw CommunicationCentreException.conflict("communication " + communicationId + " does not exist");
        }
        RecipientList existing = data.recipients.listOf(communicationId);
        Set<String> unitsInBatch = new HashSet<>();
        Set<UUID> idsInBatch = new HashSet<>();
        for (Recipient recipient : batch) {
            if ((existing != null && existing.hasUnit(recipient.unitId()))
                    || !unitsInBatch.add(recipient.unitId())) {
                throw CommunicationCentreException.conflict("unit " + recipient.unitId()
                        + " is already a recipient of communication " + communicationId);
            }
            if (data.recipients.contains(recipient.id()) || !idsInBatch.add(recipient.id())) {
                throw CommunicationCentreException.conflict("recipient " + recipient.id() + " already exists");
            }
        }
        batch.forEach(data.recipients::put);
        undoLog.record(() -> batch.forEach(r -> data.recipients.remove(r.id())));
    }
}
