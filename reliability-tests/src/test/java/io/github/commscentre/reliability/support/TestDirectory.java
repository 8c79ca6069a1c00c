package io.github.commscentre.reliability.support;

import io.github.commscentre.spi.PropertyDirectory;
import io.github.commscentre.spi.UnitRecord;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The host's blocks, units and leaseholders as a test wants them: plain maps, written here so that the
 * reliability tests control exactly what the directory answers (hostile ids and names included) and can
 * change a leaseholder between calls. Thread-safe through one monitor: the races read it from eight threads.
 */
public final class TestDirectory implements PropertyDirectory {

    private final Map<String, Map<String, List<String>>> blocksByOrg = new LinkedHashMap<>();
    private final Map<String, Map<String, UnitRecord>> unitsByOrg = new LinkedHashMap<>();
    private final AtomicLong calls = new AtomicLong();

    /** Adds a block (possibly without units) to an organisation. */
    public synchronized TestDirectory block(String org, String blockId) {
        blocksByOrg.computeIfAbsent(org, o -> new LinkedHashMap<>()).computeIfAbsent(blockId, b -> new ArrayList<>());
        return this;
    }

    /** Adds a unit with its leaseholder (name and email may be null) to a block of an organisation. */
    public synchronized TestDirectory unit(String org, String blockId, String unitId, String name, String email) {
        block(org, blockId);
        List<String> units = blocksByOrg.get(org).get(blockId);
        if (!units.contains(unitId)) {
            units.add(unitId);
        }
        unitsByOrg.computeIfAbsent(org, o -> new LinkedHashMap<>()).put(unitId, new UnitRecord(unitId, blockId, name, email));
        return this;
    }

    /** Replaces a unit's leaseholder, as a sale of the flat would. */
    public synchronized void leaseholder(String org, String unitId, String name, String email) {
        UnitRecord unit = unitsByOrg.get(org).get(unitId);
        unitsByOrg.get(org).put(unitId, new UnitRecord(unitId, unit.blockId(), name, email));
    }

    /** @return the unit as the directory knows it now, or null */
    public synchronized UnitRecord unitRecord(String org, String unitId) {
        Map<String, UnitRecord> units = unitsByOrg.get(org);
        return units == null ? null : units.get(unitId);
    }

    /** @return the unit ids of an organisation, in insertion order */
    public synchronized List<String> unitIds(String org) {
        Map<String, UnitRecord> units = unitsByOrg.get(org);
        return units == null ? List.of() : new ArrayList<>(units.keySet());
    }

    /** @return the block ids of an organisation, in insertion order */
    public synchronized List<String> blockIds(String org) {
        Map<String, List<String>> blocks = blocksByOrg.get(org);
        return blocks == null ? List.of() : new ArrayList<>(blocks.keySet());
    }

    /** @return how many look-ups the facade made */
    public long calls() {
        return calls.get();
    }

    @Override
    public synchronized boolean blockBelongsTo(String organisationId, String blockId) {
        calls.incrementAndGet();
        Map<String, List<String>> blocks = blocksByOrg.get(organisationId);
        return blocks != null && blocks.containsKey(blockId);
    }

    @Override
    public synchronized Map<String, UnitRecord> findUnits(String organisationId, Collection<String> unitIds) {
        calls.incrementAndGet();
        Map<String, UnitRecord> units = unitsByOrg.getOrDefault(organisationId, Map.of());
        Map<String, UnitRecord> found = new LinkedHashMap<>();
        for (String unitId : Set.copyOf(unitIds)) {
            UnitRecord unit = units.get(unitId);
            if (unit != null) {
                found.put(unitId, unit);
            }
        }
        return found;
    }

    @Override
    public synchronized List<UnitRecord> findUnitsInBlock(String organisationId, String blockId) {
        calls.incrementAndGet();
        Map<String, List<String>> blocks = blocksByOrg.get(organisationId);
        if (blocks == null || !blocks.containsKey(blockId)) {
            return List.of();
        }
        List<UnitRecord> result = new ArrayList<>();
        for (String unitId : blocks.get(blockId)) {
            result.add(unitsByOrg.get(organisationId).get(unitId));
        }
        return result;
    }
}
