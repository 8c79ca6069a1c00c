package io.github.commscentre.internal;

import io.github.commscentre.AuditEventType;
import io.github.commscentre.Caller;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.internal.AuditChain.Details;
import io.github.commscentre.internal.AuditChain.Pending;
import io.github.commscentre.spi.UnitRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Recipients as they are born, for adding them and for duplicating a communication with its recipients:
 * each a snapshot of its unit's leaseholder at that moment, pending, numbered after the ones already there,
 * and announced by one {@code recipients_added} event.
 */
final class NewRecipients {

    private final UuidV7 ids;

    NewRecipients(UuidV7 ids) {
        this.ids = ids;
    }

    /**
     * @param units        the units to add, in the order they get their positions
     * @param lastPosition the highest position already on the communication (0 for none)
     */
    List<Recipient> snapshot(Caller caller, UUID communicationId, List<UnitRecord> units, long lastPosition, Instant now) {
        List<Recipient> recipients = new ArrayList<>(units.size());
        long position = lastPosition;
        for (UnitRecord unit : units) {
            position++;
            recipients.add(new Recipient(ids.next(), caller.organisationId(), communicationId, unit.unitId(), position,
                    snapshotText(unit.leaseholderName()), snapshotText(unit.leaseholderEmail()), DeliveryStatus.PENDING,
                    null, null, null, now, now, caller.userId()));
        }
        return recipients;
    }

    /** @return the units the directory found, in the order of {@code unitIds}; those it did not know are left out */
    static List<UnitRecord> foundInOrder(Collection<String> unitIds, Map<String, UnitRecord> found) {
        List<UnitRecord> units = new ArrayList<>(Math.min(unitIds.size(), found.size()));
        for (String unitId : unitIds) {
            UnitRecord unit = found.get(unitId);
            if (unit != null) {
                units.add(unit);
            }
        }
        return units;
    }

    static Pending addedEvent(UUID communicationId, List<Recipient> recipients) {
        List<String> unitIds = new ArrayList<>(recipients.size());
        for (Recipient r : recipients) {
            unitIds.add(r.unitId());
        }
        return new Pending(communicationId, null, AuditEventType.RECIPIENTS_ADDED,
                new Details().put("added", recipients.size()).map(), unitIds);
    }

    /**
     * Snapshots come from the host's directory; text a database cannot store faithfully would make the
     * whole call fail later, so it is refused up front with the field named.
     */
    private static String snapshotText(String value) {
        if (value != null) {
            Texts.requireWellFormed("leaseholder", value);
        }
        return value;
    }
}
