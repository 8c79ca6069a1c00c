package io.github.commscentre.testkit;

import io.github.commscentre.PostalAddress;
import io.github.commscentre.spi.PropertyDirectory;
import io.github.commscentre.spi.UnitRecord;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A {@link PropertyDirectory} that a host's test fills and changes, standing in for the host's own blocks,
 * units and leaseholders:
 * <pre>{@code
 * InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory()
 *     .addBlock("org-1", "block-a")
 *     .addUnit("org-1", "block-a", "unit-1", "Ann Leaseholder", "ann@example.com")
 *     .addUnit("org-1", "block-a", "unit-2");               // vacant: no leaseholder
 * directory.changeLeaseholder("org-1", "unit-1", "Bob Buyer", null);
 * }</pre>
 * Blocks and units belong to one organisation; the same block or unit id may exist in several organisations
 * as unrelated records, as opaque host ids allow. Units of a block are returned in the order they were added.
 *
 * <p>It counts the calls the library makes to each port method ({@link #findUnitsCalls()} and friends), so
 * that a test can prove the library looks units up in bulk, and can be told to {@linkplain #failWith fail},
 * so that a test can see how the library reports a host outage. Thread-safe.
 */
public final class InMemoryPropertyDirectory implements PropertyDirectory {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Organisation> organisations = new HashMap<>();

    private final AtomicLong blockBelongsToCalls = new AtomicLong();
    private final AtomicLong findUnitsCalls = new AtomicLong();
    private final AtomicLong findUnitsInBlockCalls = new AtomicLong();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    /** One organisation's blocks, each with its units, all in insertion order (so a seeded test replays). */
    private static final class Organisation {
        final Map<String, Map<String, UnitRecord>> unitsByBlock = new LinkedHashMap<>();
        final Map<String, UnitRecord> units = new LinkedHashMap<>();
    }

    /** Creates an empty directory. */
    public InMemoryPropertyDirectory() {
    }

    // ---- filling and changing ------------------------------------------------------------------------

    /**
     * Adds a block to an organisation; adding a block that is already there changes nothing.
     *
     * @param organisationId the organisation
     * @param blockId        the block
     * @return this directory
     */
    public InMemoryPropertyDirectory addBlock(String organisationId, String blockId) {
        Objects.requireNonNull(organisationId, "organisationId must not be null");
        Objects.requireNonNull(blockId, "blockId must not be null");
        return locked(() -> organisations.computeIfAbsent(organisationId, o -> new Organisation())
                .unitsByBlock.computeIfAbsent(blockId, b -> new LinkedHashMap<>()));
    }

    /**
     * Adds a unit with its leaseholder at the end of a block, adding the block first if it is not there yet.
     *
     * @param organisationId   the organisation
     * @param blockId          the unit's block
     * @param unitId           the unit, new in the organisation
     * @param leaseholderName  the leaseholder's name, or {@code null} for a vacant unit
     * @param leaseholderEmail the leaseholder's email, or {@code null} when there is none
     * @return this directory
     * @throws IllegalArgumentException if the organisation already has that unit
     */
    public InMemoryPropertyDirectory addUnit(String organisationId, String blockId, String unitId,
                                             String leaseholderName, String leaseholderEmail) {
        Objects.requireNonNull(organisationId, "organisationId must not be null");
        UnitRecord unit = new UnitRecord(unitId, blockId, leaseholderName, leaseholderEmail);
        return locked(() -> {
            Organisation organisation = organisations.computeIfAbsent(organisationId, o -> new Organisation());
            if (organisation.units.containsKey(unitId)) {
                throw new IllegalArgumentException("organisation " + organisationId + " already has unit " + unitId
                        + ": use changeLeaseholder or moveUnit to change it");
            }
            organisation.units.put(unitId, unit);
            organisation.unitsByBlock.computeIfAbsent(blockId, b -> new LinkedHashMap<>()).put(unitId, unit);
        });
    }

    /**
     * Gives a unit's leaseholder a postal address (or takes it away), as the host's directory would after a change.
     *
     * @param organisationId the organisation
     * @param unitId         an existing unit of the organisation
     * @param postalAddress  where letters go, or {@code null}
     * @return this directory
     * @throws IllegalArgumentException if the organisation has no such unit
     */
    public InMemoryPropertyDirectory changePostalAddress(String organisationId, String unitId, PostalAddress postalAddress) {
        return locked(() -> {
            Organisation organisation = organisationOf(organisationId);
            UnitRecord current = existingUnit(organisation, organisationId, unitId);
            UnitRecord changed = new UnitRecord(unitId, current.blockId(), current.leaseholderName(),
                    current.leaseholderEmail(), postalAddress);
            organisation.units.put(unitId, changed);
            organisation.unitsByBlock.get(current.blockId()).put(unitId, changed);
        });
    }

    /**
     * Adds a vacant unit (no leaseholder name or email), as {@link #addUnit(String, String, String, String, String)}.
     *
     * @param organisationId the organisation
     * @param blockId        the unit's block
     * @param unitId         the unit, new in the organisation
     * @return this directory
     */
    public InMemoryPropertyDirectory addUnit(String organisationId, String blockId, String unitId) {
        return addUnit(organisationId, blockId, unitId, null, null);
    }

    /**
     * Adds {@code count} numbered units at the end of a block, for tests that need many: {@code <prefix>1} to
     * {@code <prefix><count>}, unit {@code n} let to "Leaseholder n" with email {@code lh<n>@example.org}, except
     * that every tenth unit has no email, as some leaseholders of a real block have none.
     *
     * @param organisationId the organisation
     * @param blockId        the units' block, added if it is not there yet
     * @param unitIdPrefix   what every unit id starts with
     * @param count          how many units, zero or more
     * @return this directory
     * @throws IllegalArgumentException if the organisation already has one of those units
     */
    public InMemoryPropertyDirectory addUnits(String organisationId, String blockId, String unitIdPrefix, int count) {
        Objects.requireNonNull(unitIdPrefix, "unitIdPrefix must not be null");
        addBlock(organisationId, blockId);
        for (int n = 1; n <= count; n++) {
            addUnit(organisationId, blockId, unitIdPrefix + n, "Leaseholder " + n, n % 10 == 0 ? null : "lh" + n + "@example.org");
        }
        return this;
    }

    /**
     * Replaces a unit's leaseholder; the unit keeps its block and its place in the block.
     *
     * @param organisationId   the organisation
     * @param unitId           an existing unit of the organisation
     * @param leaseholderName  the new leaseholder's name, or {@code null}
     * @param leaseholderEmail the new leaseholder's email, or {@code null}
     * @return this directory
     * @throws IllegalArgumentException if the organisation has no such unit
     */
    public InMemoryPropertyDirectory changeLeaseholder(String organisationId, String unitId,
                                                       String leaseholderName, String leaseholderEmail) {
        return locked(() -> {
            Organisation organisation = organisationOf(organisationId);
            UnitRecord current = existingUnit(organisation, organisationId, unitId);
            UnitRecord changed = new UnitRecord(unitId, current.blockId(), leaseholderName, leaseholderEmail,
                    current.postalAddress());
            organisation.units.put(unitId, changed);
            organisation.unitsByBlock.get(current.blockId()).put(unitId, changed);
        });
    }

    /**
     * Moves a unit to the end of another block of the same organisation (adding that block if needed),
     * keeping its leaseholder.
     *
     * @param organisationId the organisation
     * @param unitId         an existing unit of the organisation
     * @param blockId        its new block
     * @return this directory
     * @throws IllegalArgumentException if the organisation has no such unit
     */
    public InMemoryPropertyDirectory moveUnit(String organisationId, String unitId, String blockId) {
        Objects.requireNonNull(blockId, "blockId must not be null");
        return locked(() -> {
            Organisation organisation = organisationOf(organisationId);
            UnitRecord current = existingUnit(organisation, organisationId, unitId);
            UnitRecord moved = new UnitRecord(unitId, blockId, current.leaseholderName(), current.leaseholderEmail(),
                    current.postalAddress());
            organisation.unitsByBlock.get(current.blockId()).remove(unitId);
            organisation.units.put(unitId, moved);
            organisation.unitsByBlock.computeIfAbsent(blockId, b -> new LinkedHashMap<>()).put(unitId, moved);
        });
    }

    /**
     * Removes a unit from the organisation; its block stays.
     *
     * @param organisationId the organisation
     * @param unitId         an existing unit of the organisation
     * @return this directory
     * @throws IllegalArgumentException if the organisation has no such unit
     */
    public InMemoryPropertyDirectory removeUnit(String organisationId, String unitId) {
        return locked(() -> {
            Organisation organisation = organisationOf(organisationId);
            UnitRecord current = existingUnit(organisation, organisationId, unitId);
            organisation.units.remove(unitId);
            organisation.unitsByBlock.get(current.blockId()).remove(unitId);
        });
    }

    /**
     * Removes a block and every unit in it.
     *
     * @param organisationId the organisation
     * @param blockId        an existing block of the organisation
     * @return this directory
     * @throws IllegalArgumentException if the organisation has no such block
     */
    public InMemoryPropertyDirectory removeBlock(String organisationId, String blockId) {
        Objects.requireNonNull(blockId, "blockId must not be null");
        return locked(() -> {
            Organisation organisation = organisationOf(organisationId);
            Map<String, UnitRecord> units = organisation.unitsByBlock.remove(blockId);
            if (units == null) {
                throw new IllegalArgumentException("organisation " + organisationId + " has no block " + blockId);
            }
            units.keySet().forEach(organisation.units::remove);
        });
    }

    /**
     * Makes every port method throw {@code failure} (after counting the call) until called again with
     * {@code null}, to simulate the host's directory being down.
     *
     * @param failure what to throw, or {@code null} to answer normally again
     * @return this directory
     */
    public InMemoryPropertyDirectory failWith(RuntimeException failure) {
        this.failure.set(failure);
        return this;
    }

    // ---- what a test's own model reads (not counted: the library never calls these) -------------------

    /**
     * @param organisationId the organisation
     * @param unitId         a unit id
     * @return the unit as the directory has it now, or empty if the organisation has no such unit
     */
    public Optional<UnitRecord> unit(String organisationId, String unitId) {
        Objects.requireNonNull(organisationId, "organisationId must not be null");
        Objects.requireNonNull(unitId, "unitId must not be null");
        return read(() -> {
            Organisation organisation = organisations.get(organisationId);
            return Optional.ofNullable(organisation == null ? null : organisation.units.get(unitId));
        });
    }

    /** @param organisationId the organisation @return its unit ids, in the order they were added */
    public List<String> unitIds(String organisationId) {
        Objects.requireNonNull(organisationId, "organisationId must not be null");
        return read(() -> {
            Organisation organisation = organisations.get(organisationId);
            return organisation == null ? List.of() : List.copyOf(organisation.units.keySet());
        });
    }

    /** @param organisationId the organisation @return its block ids, in the order they were added */
    public List<String> blockIds(String organisationId) {
        Objects.requireNonNull(organisationId, "organisationId must not be null");
        return read(() -> {
            Organisation organisation = organisations.get(organisationId);
            return organisation == null ? List.of() : List.copyOf(organisation.unitsByBlock.keySet());
        });
    }

    // ---- call counts ---------------------------------------------------------------------------------

    /** @return how many times {@link #blockBelongsTo} was called since creation or the last reset */
    public long blockBelongsToCalls() {
        return blockBelongsToCalls.get();
    }

    /** @return how many times {@link #findUnits} was called since creation or the last reset */
    public long findUnitsCalls() {
        return findUnitsCalls.get();
    }

    /** @return how many times {@link #findUnitsInBlock} was called since creation or the last reset */
    public long findUnitsInBlockCalls() {
        return findUnitsInBlockCalls.get();
    }

    /**
     * Sets every call count back to zero, typically after a test's setup and before the call it examines.
     *
     * @return this directory
     */
    public InMemoryPropertyDirectory resetCallCounts() {
        blockBelongsToCalls.set(0);
        findUnitsCalls.set(0);
        findUnitsInBlockCalls.set(0);
        return this;
    }

    // ---- the port ------------------------------------------------------------------------------------

    /** {@inheritDoc} */
    @Override
    public boolean blockBelongsTo(String organisationId, String blockId) {
        blockBelongsToCalls.incrementAndGet();
        failIfTold();
        return read(() -> {
            Organisation organisation = organisations.get(organisationId);
            return organisation != null && organisation.unitsByBlock.containsKey(blockId);
        });
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, UnitRecord> findUnits(String organisationId, Collection<String> unitIds) {
        findUnitsCalls.incrementAndGet();
        failIfTold();
        Objects.requireNonNull(unitIds, "unitIds must not be null");
        return read(() -> {
            Organisation organisation = organisations.get(organisationId);
            if (organisation == null) {
                return Map.of();
            }
            Map<String, UnitRecord> found = new HashMap<>();
            for (String unitId : unitIds) {
                UnitRecord unit = organisation.units.get(unitId);
                if (unit != null) {
                    found.put(unitId, unit);
                }
            }
            return Collections.unmodifiableMap(found);
        });
    }

    /** {@inheritDoc} Units come in the order they were added to the block. */
    @Override
    public List<UnitRecord> findUnitsInBlock(String organisationId, String blockId) {
        findUnitsInBlockCalls.incrementAndGet();
        failIfTold();
        return read(() -> {
            Organisation organisation = organisations.get(organisationId);
            Map<String, UnitRecord> units = organisation == null ? null : organisation.unitsByBlock.get(blockId);
            return units == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(units.values()));
        });
    }

    @Override
    public String toString() {
        return read(() -> "InMemoryPropertyDirectory[organisations=" + organisations.size() + "]");
    }

    // ---- internals -----------------------------------------------------------------------------------

    private void failIfTold() {
        RuntimeException toThrow = failure.get();
        if (toThrow != null) {
            throw toThrow;
        }
    }

    private <T> T read(Supplier<T> query) {
        lock.readLock().lock();
        try {
            return query.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private InMemoryPropertyDirectory locked(Runnable change) {
        lock.writeLock().lock();
        try {
            change.run();
        } finally {
            lock.writeLock().unlock();
        }
        return this;
    }

    private Organisation organisationOf(String organisationId) {
        Objects.requireNonNull(organisationId, "organisationId must not be null");
        Organisation organisation = organisations.get(organisationId);
        if (organisation == null) {
            throw new IllegalArgumentException("organisation " + organisationId + " has no blocks or units");
        }
        return organisation;
    }

    private static UnitRecord existingUnit(Organisation organisation, String organisationId, String unitId) {
        Objects.requireNonNull(unitId, "unitId must not be null");
        UnitRecord unit = organisation.units.get(unitId);
        if (unit == null) {
            throw new IllegalArgumentException("organisation " + organisationId + " has no unit " + unitId);
        }
        return unit;
    }
}
