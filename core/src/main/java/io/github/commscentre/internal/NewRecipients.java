package io.github.commscentre.internal;

import io.github.commscentre.AuditEventType;
import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.internal.AuditChain.Details;
import io.github.commscentre.internal.AuditChain.Pending;
import io.github.commscentre.PostalAddress;
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
     * @param units        the units to add, in the order they get their positions, checked by {@link #fromDirectory}
     * @param lastPosition the highest position already on the communication (0 for none)
     */
    List<Recipient> snapshot(Caller caller, UUID communicationId, List<UnitRecord> units, long lastPosition, Instant now) {
        List<Recipient> recipients = new ArrayList<>(units.size());
        long position = lastPosition;
        for (UnitRecord unit : units) {
            position++;
            recipients.add(new Recipient(ids.next(), caller.organisationId(), communicationId, unit.unitId(), position,
                    unit.leaseholderName(), unit.leaseholderEmail(), DeliveryStatus.PENDING,
                    null, null, null, now, now, caller.userId()).withPostalAddress(unit.postalAddress()));
        }
        return recipients;
    }

    /**
     * @return the units the directory found, in the order of {@code unitIds}, each checked as {@link #fromDirectory}
     *         does; those it did not know are left out
     */
    static List<UnitRecord> foundInOrder(Collection<String> unitIds, Map<String, UnitRecord> found) {
        List<UnitRecord> units = new ArrayList<>(Math.min(unitIds.size(), found.size()));
        for (String unitId : unitIds) {
            UnitRecord unit = found.get(unitId);
            if (unit != null) {
                if (!unit.unitId().equals(unitId)) {
                    // The snapshot would be stored under the unit the directory named, not the one the caller asked for.
                    throw CommunicationCentreException.badRequest("unitId", "from the property directory differs from the"
                            + " unit id asked for (" + unitId + "): findUnits must key each unit by its own unitId");
                }
                units.add(fromDirectory(unit));
            }
        }
        return units;
    }

    /**
     * Checks a unit the host's directory gave, before anything is written: its id as a unit id given by a caller would
     * be checked (a host id: 1 to 100 characters of well-formed text), its leaseholder's name and email as well-formed
     * text. Whichever call brought the unit (by ids, by block, a duplicate), the same rules hold, so a store never gets a
     * value that one database keeps and another refuses.
     *
     * @return the unit
     */
    static UnitRecord fromDirectory(UnitRecord unit) {
        checked("unitId", () -> Texts.hostId("unitId", unit.unitId()));
        if (unit.leaseholderName() != null) {
            checked("leaseholder", () -> Texts.requireWellFormed("leaseholder", unit.leaseholderName()));
        }
        if (unit.leaseholderEmail() != null) {
            checked("leaseholder", () -> Texts.requireWellFormed("leaseholder", unit.leaseholderEmail()));
        }
        if (unit.postalAddress() != null) {
            checked("postalAddress", () -> postalAddress(unit.postalAddress()));
        }
        return unit;
    }

    /** The longest part of a postal address: an address line, a town, a postcode or a country. */
    static final int ADDRESS_PART_MAX = 100;

    /**
     * 1 to 4 lines, each 1 to 100 characters of well-formed text without line breaks; town, postcode and country
     * likewise when present.
     */
    private static void postalAddress(PostalAddress address) {
        if (address.lines().isEmpty() || address.lines().size() > PostalAddress.MAX_LINES) {
            throw CommunicationCentreException.badRequest("postalAddress", "must have 1 to " + PostalAddress.MAX_LINES
                    + " lines (had " + address.lines().size() + ")");
        }
        for (String line : address.lines()) {
            addressPart(line);
        }
        for (String part : new String[] {address.town(), address.postcode(), address.country()}) {
            if (part != null) {
                addressPart(part);
            }
        }
    }

    /** Each part is one line of the address block: a line break inside one would move the lines after it. */
    private static void addressPart(String part) {
        Texts.requiredStripped("postalAddress", part, ADDRESS_PART_MAX);
        if (part.indexOf('\n') >= 0 || part.indexOf('\r') >= 0) {
            throw CommunicationCentreException.badRequest("postalAddress", "parts must not contain line breaks");
        }
    }

    /** Runs a rule of {@link Texts} and says, in its message, that the value came from the directory. */
    private static void checked(String field, Runnable rule) {
        try {
            rule.run();
        } catch (CommunicationCentreException e) {
            String broken = e.getMessage().startsWith(field + " ") ? e.getMessage().substring(field.length() + 1) : e.getMessage();
            throw CommunicationCentreException.badRequest(field, "from the property directory " + broken);
        }
    }

    static Pending addedEvent(UUID communicationId, List<Recipient> recipients) {
        List<String> unitIds = new ArrayList<>(recipients.size());
        for (Recipient r : recipients) {
            unitIds.add(r.unitId());
        }
        return new Pending(communicationId, null, AuditEventType.RECIPIENTS_ADDED,
                new Details().put("added", recipients.size()).map(), unitIds);
    }
}
