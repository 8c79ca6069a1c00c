package io.github.commscentre.jpa;

import io.github.commscentre.spi.PropertyDirectory;
import io.github.commscentre.spi.UnitRecord;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe property directory for the adapter's own facade-level tests. */
final class UnitsDirectory implements PropertyDirectory {

    private final Map<String, Map<String, UnitRecord>> unitsByOrganisation = new ConcurrentHashMap<>();

    /** Adds {@code count} units {@code <prefix>1..<prefix>count} in block {@code blockId}, each with a leaseholder. */
    UnitsDirectory addUnits(String organisationId, String blockId, String prefix, int count) {
        Map<String, UnitRecord> units = unitsByOrganisation.computeIfAbsent(organisationId, o -> new ConcurrentHashMap<>());
        for (int i = 1; i <= count; i++) {
            String unitId = prefix + i;
            units.put(unitId, new UnitRecord(unitId, blockId, "Leaseholder " + i, i % 10 == 0 ? null : "lh" + i + "@example.org"));
        }
        return this;
    }

    @Override
    public boolean blockBelongsTo(String organisationId, String blockId) {
        return unitsByOrganisation.getOrDefault(organisationId, Map.of()).values().stream().anyMatch(u -> u.blockId().equals(blockId));
    }

    @Override
    public Map<String, UnitRecord> findUnits(String organisationId, Collection<String> unitIds) {
        Map<String, UnitRecord> units = unitsByOrganisation.getOrDefault(organisationId, Map.of());
        Map<String, UnitRecord> found = new HashMap<>();
        for (String unitId : unitIds) {
            UnitRecord unit = units.get(unitId);
            if (unit != null) {
                found.put(unitId, unit);
            }
        }
        return found;
    }

    @Override
    public List<UnitRecord> findUnitsInBlock(String organisationId, String blockId) {
        Map<String, UnitRecord> sorted = new LinkedHashMap<>();
        unitsByOrganisation.getOrDefault(organisationId, Map.of()).values().stream()
                .filter(u -> u.blockId().equals(blockId))
                .sorted((a, b) -> a.unitId().compareTo(b.unitId()))
                .forEach(u -> sorted.put(u.unitId(), u));
        return new ArrayList<>(sorted.values());
    }
}
