package io.github.commscentre.examples;

import io.github.commscentre.PostalAddress;
import io.github.commscentre.spi.PropertyDirectory;
import io.github.commscentre.spi.UnitRecord;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The host application's own register of blocks, units and leaseholders (with the postal address letters go to), and
 * the one class that lets the
 * Communications Centre read it. A real host would answer these questions from its own tables (one query
 * per call: the library always asks in bulk); this one keeps a few blocks in memory.
 *
 * <p>The library never writes here: the host owns its estate, and changes it (a new leaseholder, a new email)
 * whenever it likes. Thread-safe, as {@link PropertyDirectory} requires.
 */
public final class EstateDirectory implements PropertyDirectory {

    /** A unit of a block and the leaseholder who holds it now. */
    private record Unit(String organisationId, String blockId, String unitId, String leaseholderName,
                        String leaseholderEmail, PostalAddress postalAddress) {
    }

    private final Map<String, String> blockOwners = new LinkedHashMap<>();
    private final Map<String, Unit> units = new LinkedHashMap<>();

    /**
     * Registers a block.
     *
     * @param organisationId the managing agent that manages it
     * @param blockId        the block's id in the host application
     * @return this directory
     */
    public synchronized EstateDirectory block(String organisationId, String blockId) {
        blockOwners.put(blockId, organisationId);
        return this;
    }

    /**
     * Registers a unit of a known block, with its leaseholder.
     *
     * @param blockId          a block registered before
     * @param unitId           the unit's id in the host application
     * @param leaseholderName  the leaseholder's name
     * @param leaseholderEmail the leaseholder's email, or {@code null} when they only take letters
     * @return this directory
     */
    public synchronized EstateDirectory unit(String blockId, String unitId, String leaseholderName, String leaseholderEmail) {
        return unit(blockId, unitId, leaseholderName, leaseholderEmail, null);
    }

    /**
     * Registers a unit of a known block, with its leaseholder and the address letters to them go to.
     *
     * @param blockId          a block registered before
     * @param unitId           the unit's id in the host application
     * @param leaseholderName  the leaseholder's name
     * @param leaseholderEmail the leaseholder's email, or {@code null} when they only take letters
     * @param postalAddress    where letters go (the flat itself, or a leaseholder's home elsewhere), or {@code null}
     * @return this directory
     */
    public synchronized EstateDirectory unit(String blockId, String unitId, String leaseholderName,
                                             String leaseholderEmail, PostalAddress postalAddress) {
        String organisationId = Objects.requireNonNull(blockOwners.get(blockId), () -> "unknown block " + blockId);
        units.put(unitId, new Unit(organisationId, blockId, unitId, leaseholderName, leaseholderEmail, postalAddress));
        return this;
    }

    /**
     * The leaseholder told the office about a new email address.
     *
     * @param unitId   the unit
     * @param newEmail the new address
     */
    public synchronized void changeEmail(String unitId, String newEmail) {
        Unit unit = Objects.requireNonNull(units.get(unitId), () -> "unknown unit " + unitId);
        units.put(unitId, new Unit(unit.organisationId(), unit.blockId(), unitId, unit.leaseholderName(), newEmail,
                unit.postalAddress()));
    }

    /**
     * @param unitId a unit
     * @return the leaseholder's email as the host knows it today, or {@code null}
     */
    public synchronized String currentEmail(String unitId) {
        Unit unit = units.get(unitId);
        return unit == null ? null : unit.leaseholderEmail();
    }

    @Override
    public synchronized boolean blockBelongsTo(String organisationId, String blockId) {
        return organisationId.equals(blockOwners.get(blockId));
    }

    @Override
    public synchronized Map<String, UnitRecord> findUnits(String organisationId, Collection<String> unitIds) {
        Map<String, UnitRecord> found = new LinkedHashMap<>();
        for (String unitId : unitIds) {
            Unit unit = units.get(unitId);
            if (unit != null && unit.organisationId().equals(organisationId)) {
                found.put(unitId, record(unit));
            }
        }
        return found;
    }

    @Override
    public synchronized List<UnitRecord> findUnitsInBlock(String organisationId, String blockId) {
        List<UnitRecord> inBlock = new ArrayList<>();
        for (Unit unit : units.values()) {
            if (unit.blockId().equals(blockId) && unit.organisationId().equals(organisationId)) {
                inBlock.add(record(unit));
            }
        }
        return inBlock;
    }

    private static UnitRecord record(Unit unit) {
        return new UnitRecord(unit.unitId(), unit.blockId(), unit.leaseholderName(), unit.leaseholderEmail(),
                unit.postalAddress());
    }

    /**
     * @param agent      the managing agent of the example
     * @param otherAgent another agent, whose block must never appear in the first one's letters
     * @return the managing agent's estate as the host application knows it on Monday morning
     */
    static EstateDirectory harbourEstates(String agent, String otherAgent) {
        return new EstateDirectory()
                .block(agent, "riverside-court")
                .unit("riverside-court", "RC-1", "Margaret Ellis", "m.ellis@example.org", riverside(1))
                .unit("riverside-court", "RC-2", "Priya Shah", "priya.shah@example.net", riverside(2))
                .unit("riverside-court", "RC-3", "Daniel O'Connor", "dan.oconnor@example.com", riverside(3))
                .unit("riverside-court", "RC-4", "Wei Chen", "wei.chen@example.org", riverside(4))
                .unit("riverside-court", "RC-5", "Arthur Bell", null,   // takes letters only, at his home
                        PostalAddress.uk("Taunton", "TA1 4DY", "The Old Rectory", "Church Lane, Bishops Hull"))
                .unit("riverside-court", "RC-6", "Fatima Begum", "f.begum@example.co.uk", riverside(6))
                .block(agent, "mill-house")
                .unit("mill-house", "MH-1", "Joan Whitaker", "joan.whitaker@example.org", millHouse(1))
                .unit("mill-house", "MH-2", "Samuel Adeyemi", "sam.adeyemi@example.com", millHouse(2))
                .unit("mill-house", "MH-3", "Lucy Hart", "lucy.hart@example.net", millHouse(3))
                .block(otherAgent, "seaview-tower")
                .unit("seaview-tower", "ST-1", "Not Ours", "not.ours@example.org",
                        PostalAddress.uk("Weston-super-Mare", "BS23 1AL", "Flat 1, Seaview Tower", "2 Marine Parade"));
    }

    private static PostalAddress riverside(int flat) {
        return PostalAddress.uk("Bristol", "BS1 5TR", "Flat " + flat + ", Riverside Court", "12 Mill Lane");
    }

    private static PostalAddress millHouse(int flat) {
        return PostalAddress.uk("Bath", "BA2 4QT", "Flat " + flat + ", Mill House", "40 Weir Road");
    }
}
