package io.github.commscentre.internal;

import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.PropertyDirectory;
import io.github.commscentre.spi.UnitRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The host's store and directory as the use cases call them: whatever a port throws reaches the host as our
 * one exception type, {@code UNAVAILABLE} with the cause attached, while our own exceptions (thrown by a use
 * case inside a unit of work) pass through as they are.
 */
final class Ports {

    /**
     * The category port failures were always logged under, when one class held the whole facade: a host's
     * logging configuration may name it.
     */
    private static final Logger LOG = LoggerFactory.getLogger("io.github.commscentre.internal.DefaultCommunicationCentre");

    private final CommunicationStore store;
    private final PropertyDirectory directory;

    Ports(CommunicationStore store, PropertyDirectory directory) {
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.directory = Objects.requireNonNull(directory, "directory must not be null");
    }

    /** Runs {@code work} in one unit of work that may write, for the organisation. */
    <T> T write(String organisationId, CommunicationStore.StoreWork<T> work) {
        return call(() -> store.write(organisationId, work));
    }

    /** Runs the linker's sweep; a store failure reaches the host as UNAVAILABLE. */
    long linkPending(AuditLinker linker) {
        return call(linker::linkPending);
    }

    /** Runs {@code work} on a snapshot of the store's own, never in the host's transaction, for the organisation. */
    <T> T readDetached(String organisationId, CommunicationStore.StoreWork<T> work) {
        return call(() -> store.readDetached(organisationId, work));
    }

    /** Runs {@code work} in one read-only unit of work, for the organisation. */
    <T> T read(String organisationId, CommunicationStore.StoreWork<T> work) {
        return call(() -> store.read(organisationId, work));
    }

    boolean blockBelongsTo(String organisationId, String blockId) {
        return call(() -> directory.blockBelongsTo(organisationId, blockId));
    }

    /** @return the units of the organisation among {@code unitIds}, by id; a directory answering {@code null} found none */
    Map<String, UnitRecord> findUnits(String organisationId, Collection<String> unitIds) {
        Map<String, UnitRecord> found = call(() -> directory.findUnits(organisationId, unitIds));
        return found == null ? Map.of() : found;
    }

    List<UnitRecord> findUnitsInBlock(String organisationId, String blockId) {
        return call(() -> directory.findUnitsInBlock(organisationId, blockId));
    }

    /** Calls any port (the HTML sanitiser too) so that a failure reaches the host as {@code UNAVAILABLE}. */
    static <T> T call(Supplier<T> portCall) {
        try {
            return portCall.get();
        } catch (CommunicationCentreException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("a port of the Communications Centre failed", e);
            throw CommunicationCentreException.unavailable("the store or the property directory failed: " + e.getMessage(), e);
        }
    }
}
