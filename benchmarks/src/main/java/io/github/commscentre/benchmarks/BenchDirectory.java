package io.github.commscentre.benchmarks;

import io.github.commscentre.spi.PropertyDirectory;
import io.github.commscentre.spi.UnitRecord;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's directory as cheap as it can be, so that the benchmarks time the library and not the directory:
 * every organisation has units {@code unit-1}, {@code unit-2}, ... computed on the fly. Unit {@code n} is in block
 * {@code block-((n - 1) % 20 + 1)}, with leaseholder "Leaseholder n" and an email, except every tenth unit, which
 * has none.
 */
final class BenchDirectory implements PropertyDirectory {

    static final String UNIT_PREFIX = "unit-";

    static String unitId(int n) {
        return UNIT_PREFIX + n;
    }

    static String blockId(int oneBased) {
        return oneBased < 10 ? "block-0" + oneBased : "block-" + oneBased;
    }

    static UnitRecord unit(int n) {
        return new UnitRecord(unitId(n), blockId((n - 1) % Sizes.BLOCKS + 1), "Leaseholder " + n,
                n % 10 == 0 ? null : "leaseholder" + n + "@example.org");
    }

    /** @param count how many @return units 1..count */
    static List<String> unitIds(int count) {
        List<String> ids = new ArrayList<>(count);
        for (int n = 1; n <= count; n++) {
            ids.add(unitId(n));
        }
        return ids;
    }

    @Override
    public boolean blockBelongsTo(String organisationId, String blockId) {
        for (int b = 1; b <= Sizes.BLOCKS; b++) {
            if (blockId(b).equals(blockId)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Map<String, UnitRecord> findUnits(String organisationId, Collection<String> unitIds) {
        Map<String, UnitRecord> found = new HashMap<>(unitIds.size() * 2);
        for (String unitId : unitIds) {
            int n = number(unitId);
            if (n > 0) {
                found.put(unitId, unit(n));
            }
        }
        return found;
    }

    @Override
    public List<UnitRecord> findUnitsInBlock(String organisationId, String blockId) {
        List<UnitRecord> units = new ArrayList<>();
        for (int n = 1; n <= 1_000; n++) {
            UnitRecord unit = unit(n);
            if (unit.blockId().equals(blockId)) {
                units.add(unit);
            }
        }
        return units;
    }

    private static int number(String unitId) {
        if (!unitId.startsWith(UNIT_PREFIX)) {
            return -1;
        }
        try {
            return Integer.parseInt(unitId.substring(UNIT_PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
