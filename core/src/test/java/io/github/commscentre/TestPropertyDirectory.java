package io.github.commscentre;

import io.github.commscentre.spi.PropertyDirectory;
import io.github.commscentre.spi.UnitRecord;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small thread-safe host directory for the behaviour and race suites: blocks and units per organisation,
 * leaseholders that can change, a switch that makes every look-up fail (to prove {@code UNAVAILABLE}), and a
 * count of bulk look-ups (to prove 10,000 units cost one call).
 *
 * <p>Block and unit ids are kept per organisation, so two organisations may use the same id string for
 * different blocks, as an opaque host id allows.
 */
public final class TestPropertyDirectory implements PropertyDirectory {

    /** organisation -> block -> unit ids in the order they were added */
    private final Map<String, Map<String, List<String>>> blocks = new HashMap<>();
    /** organisation -> unit id -> unit */
    private final Map<String, Map<String, UnitRecord>> units = new HashMap<>();
    private final AtomicInteger findUnitsCalls = new AtomicInteger();
    private volatile RuntimeException failure;

    /**
     * @param organisationId the owning organisation
     * @param blockId        a block, possibly without units
     */
    public synchronized void addBlock(String organisationId, String blockId) {
        blocks.computeIfAbsent(organisationId, o -> new HashMap<>()).computeIfAbsent(blockId, b -> new ArrayList<>());
    }

    /**
     * Adds a unit (and its block when new) with its current leaseholder.
     *
     * @param organisationId   the owning organisation
     * @param blockId          the block the unit is in
     * @param unitId           the unit
     * @param leaseholderName  the leaseholder's name, or {@code null} for a vacant unit
     * @param leaseholderEmail the leaseholder's email, or {@code null}
     */
    public synchronized void addUnit(String organisationId, String blockId, String unitId,
                                     String leaseholderName, String leaseholderEmail) {
        addBlock(organisationId, blockId);
        Map<String, UnitRecord> orgUnits = units.computeIfAbsent(organisationId, o -> new LinkedHashMap<>());
        if (orgUnits.containsKey(unitId)) {
            throw new IllegalArgumentException("unit " + unitId + " already exists");
        }
        orgUnits.put(unitId, new UnitRecord(unitId, blockId, leaseholderName, leaseholderEmail));
        blocks.get(organisationId).get(blockId).add(unitId);
    }

    /**
     * Changes the leaseholder of an existing unit, as a host does when a flat is sold.
     *
     * @param organisationId   the owning organisation
     * @param unitId           the unit
     * @param leaseholderName  the new name, or {@code null}
     * @param leaseholderEmail the new email, or {@code null}
     */
    public synchronized void setLeaseholder(String organisationId, String unitId, String leaseholderName,
                                            String leaseholderEmail) {
        UnitRecord old = units.get(organisationId).get(unitId);
        units.get(organisationId).put(unitId, new UnitRecord(unitId, old.blockId(), leaseholderName, leaseholderEmail));
    }

    /**
     * @param organisationId the owning organisation
     * @param unitId         a unit that leaves the organisation's portfolio
     */
    public synchronized void removeUnit(String organisationId, String unitId) {
        UnitRecord old = units.get(organisationId).remove(unitId);
        blocks.get(organisationId).get(old.blockId()).remove(unitId);
    }

    /** @param failure thrown by every later look-up; {@code null} to answer again */
    public void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    /** @return how many times {@link #findUnits} was called */
    public int findUnitsCalls() {
        return findUnitsCalls.get();
    }

    private void failIfAsked() {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }

    @Override
    public synchronized boolean blockBelongsTo(String organisationId, String blockId) {
        failIfAsked();
        return blocks.getOrDefault(organisationId, Map.of()).containsKey(blockId);
    }

    @Override
    public synchronized Map<String, UnitRecord> findUnits(String organisationId, Collection<String> unitIds) {
        findUnitsCalls.incrementAndGet();
        failIfAsked();
        Objects.requireNonNull(unitIds, "unitIds must not be null");
        Map<String, UnitRecord> orgUnits = units.getOrDefault(organisationId, Map.of());
        Map<String, UnitRecord> found = new HashMap<>();
        for (String unitId : unitIds) {
            UnitRecord unit = orgUnits.get(unitId);
            if (unit != null) {
                found.put(unitId, unit);
            }
        }
        return found;
    }

    @Override
    public synchronized List<UnitRecord> findUnitsInBlock(String organisationId, String blockId) {
        failIfAsked();
        List<String> ids = blocks.getOrDefault(organisationId, Map.of()).getOrDefault(blockId, List.of());
        List<UnitRecord> found = new ArrayList<>();
        for (String unitId : ids) {
            found.add(units.get(organisationId).get(unitId));
        }
        return found;
    }
}
