package io.github.commscentre.internal;

import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.HtmlSanitizer;
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
 * case inside a unit of work) pass through as they are. The message is our own and names the port, never the
 * port's message: a host's directory or store may put SQL, table names or values in it, and a host's API may
 * hand our message to its clients. The port's exception stays in the cause, and in the log, for the operator.
 */
final class Ports {

    /**
     * The category port failures were always logged under, when one class held the whole facade: a host's
     * logging configuration may name it.
     */
    private static final Logger LOG = LoggerFactory.getLogger("io.github.commscentre.internal.DefaultCommunicationCentre");

    private static final String STORE = "the store";
    private static final String DIRECTORY = "the property directory";
    private static final String SANITIZER = "the HTML sanitiser";

    private final CommunicationStore store;
    private final PropertyDirectory directory;

    Ports(CommunicationStore store, PropertyDirectory directory) {
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.directory = Objects.requireNonNull(directory, "directory must not be null");
    }

    /** Runs {@code work} in one unit of work that may write, for the organisation. */
    <T> T write(String organisationId, CommunicationStore.StoreWork<T> work) {
        return call(STORE, () -> store.write(organisationId, work));
    }

    /** Runs the linker's sweep; a store failure reaches the host as UNAVAILABLE. */
    /** Runs {@code work} in a short transaction of the store's own, never the host's: how the dispatcher writes. */
    <T> T writeDetached(String organisationId, CommunicationStore.StoreWork<T> work) {
        return call(STORE, () -> store.writeDetached(organisationId, work));
    }

    /** @return organisations with communications to dispatch at {@code now} */
    List<String> organisationsWithDueCommunications(java.time.Instant now, int limit) {
        return call(STORE, () -> store.organisationsWithDueCommunications(now, limit));
    }

    long linkPending(AuditLinker linker) {
        return call(STORE, linker::linkPending);
    }

    /** Links one organisation's pending events; a store failure reaches the host as UNAVAILABLE. */
    boolean linkOrganisation(AuditLinker linker, String organisationId) {
        return call(STORE, () -> linker.linkOrganisation(organisationId));
    }

    /** Runs {@code work} on a snapshot of the store's own, never in the host's transaction, for the organisation. */
    <T> T readDetached(String organisationId, CommunicationStore.StoreWork<T> work) {
        return call(STORE, () -> store.readDetached(organisationId, work));
    }

    /** Runs {@code work} in one read-only unit of work, for the organisation. */
    <T> T read(String organisationId, CommunicationStore.StoreWork<T> work) {
        return call(STORE, () -> store.read(organisationId, work));
    }

    boolean blockBelongsTo(String organisationId, String blockId) {
        return call(DIRECTORY, () -> directory.blockBelongsTo(organisationId, blockId));
    }

    /** @return the units of the organisation among {@code unitIds}, by id; a directory answering {@code null} found none */
    Map<String, UnitRecord> findUnits(String organisationId, Collection<String> unitIds) {
        Map<String, UnitRecord> found = call(DIRECTORY, () -> directory.findUnits(organisationId, unitIds));
        return found == null ? Map.of() : found;
    }

    /** @return the units the directory lists in the block; a directory answering {@code null} listed none */
    List<UnitRecord> findUnitsInBlock(String organisationId, String blockId) {
        List<UnitRecord> found = call(DIRECTORY, () -> directory.findUnitsInBlock(organisationId, blockId));
        return found == null ? List.of() : found;
    }

    /** Calls the host's HTML sanitiser, so that a failure reaches the host as {@code UNAVAILABLE}. */
    static String sanitize(HtmlSanitizer sanitizer, String html) {
        return call(SANITIZER, () -> sanitizer.sanitize(html));
    }

    private static <T> T call(String port, Supplier<T> portCall) {
        try {
            return portCall.get();
        } catch (CommunicationCentreException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("a port of the Communications Centre failed: {}", port, e);
            throw CommunicationCentreException.unavailable(port + " failed (the cause says how)", e);
        }
    }
}
