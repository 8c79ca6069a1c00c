package io.github.commscentre.internal;

import io.github.commscentre.AddRecipientsResult;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.UnitRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Adding units of the organisation as recipients of a draft or scheduled communication, by id or a whole
 * block. The directory is asked once for all units, not once per unit; units already on the communication
 * are skipped, and the ones added are recorded by one {@code recipients_added} event.
 */
final class AddingRecipients {

    static final int UNIT_IDS_MAX = 50_000;

    private final Ports ports;
    private final Now now;
    private final NewRecipients newRecipients;
    private final AuditLog audit;

    AddingRecipients(Ports ports, Now now, NewRecipients newRecipients, AuditLog audit) {
        this.ports = ports;
        this.now = now;
        this.newRecipients = newRecipients;
        this.audit = audit;
    }

    AddRecipientsResult addRecipients(Caller caller, UUID communicationId, Collection<String> unitIds) {
        String org = Callers.writer(caller);
        UUID id = Texts.requireNonNull("communicationId", communicationId);
        Set<String> distinct = distinctUnitIds(unitIds);
        List<UnitRecord> units = NewRecipients.foundInOrder(distinct, ports.findUnits(org, distinct));
        if (units.isEmpty()) {
            throw CommunicationCentreException.badRequest("unitIds", "contains no unit of this organisation");
        }
        return addUnits(caller, org, id, units, distinct.size() - units.size());
    }

    AddRecipientsResult addBlockRecipients(Caller caller, UUID communicationId) {
        String org = Callers.writer(caller);
        UUID id = Texts.requireNonNull("communicationId", communicationId);
        Communication c = ports.read(org, tx -> tx.findCommunication(id).orElseThrow(() -> StoredCommunications.notFound(id)));
        if (c.blockId() == null) {
            throw CommunicationCentreException.badRequest("blockId",
                    "is not set on this communication: addBlockRecipients needs a block");
        }
        List<UnitRecord> inBlock = ports.findUnitsInBlock(org, c.blockId());
        // a directory may answer units of other blocks, or a unit twice: each of this block's units is added once,
        // checked as the units addRecipients adds are
        LinkedHashMap<String, UnitRecord> units = new LinkedHashMap<>();
        for (UnitRecord unit : inBlock) {
            if (unit != null && c.blockId().equals(unit.blockId())) {
                units.putIfAbsent(unit.unitId(), NewRecipients.fromDirectory(unit));
            }
        }
        if (units.isEmpty()) {
            throw CommunicationCentreException.badRequest("blockId", "has no units to add");
        }
        return addUnits(caller, org, id, new ArrayList<>(units.values()), 0);
    }

    /** @return the unit ids, each checked, without repeats, in the order first given */
    private static Set<String> distinctUnitIds(Collection<String> unitIds) {
        Texts.requireNonNull("unitIds", unitIds);
        if (unitIds.isEmpty()) {
            throw CommunicationCentreException.badRequest("unitIds", "must contain at least one unit id");
        }
        if (unitIds.size() > UNIT_IDS_MAX) {
            throw CommunicationCentreException.badRequest("unitIds",
                    "must contain at most " + UNIT_IDS_MAX + " unit ids (was " + unitIds.size() + ")");
        }
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        int index = 0;
        for (String unitId : unitIds) {
            distinct.add(Texts.hostId("unitIds[" + index + "]", unitId));
            index++;
        }
        return distinct;
    }

    private AddRecipientsResult addUnits(Caller caller, String org, UUID id, List<UnitRecord> units, int notInOrganisation) {
        List<String> candidateIds = new ArrayList<>(units.size());
        for (UnitRecord unit : units) {
            candidateIds.add(unit.unitId());
        }
        return ports.write(org, tx -> {
            StoredCommunications.lockEditable(tx, id, "given recipients");
            Instant at = now.instant(); // under the lock: a recipient can never carry a time after a racing markSent's sentAt
            Set<String> existing = tx.existingRecipientUnitIds(id, candidateIds);
            List<UnitRecord> toAdd = new ArrayList<>(units.size() - existing.size());
            for (UnitRecord unit : units) {
                if (!existing.contains(unit.unitId())) {
                    toAdd.add(unit);
                }
            }
            if (!toAdd.isEmpty()) {
                long lastPosition = tx.recipientStats(id).maxPosition();
                List<Recipient> recipients = newRecipients.snapshot(caller, id, toAdd, lastPosition, at);
                tx.insertRecipients(recipients);
                audit.append(tx, caller, at, List.of(NewRecipients.addedEvent(id, recipients)));
            }
            return new AddRecipientsResult(toAdd.size(), units.size() - toAdd.size(), notInOrganisation);
        });
    }
}
