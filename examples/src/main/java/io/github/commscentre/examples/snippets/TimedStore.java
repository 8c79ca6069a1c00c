package io.github.commscentre.examples.snippets;

import io.github.commscentre.spi.CommunicationStore;

import java.util.List;
import java.util.Objects;
import java.util.function.ObjLongConsumer;
import java.util.function.Supplier;

/**
 * A store a host wrote itself: it times every unit of work of another store and hands the durations to the host's
 * metrics. It stands for any store that is not one of the library's ({@code docs/writing-a-store.md}), and proves
 * itself with the test kit's contract suite exactly as they do.
 */
public final class TimedStore implements CommunicationStore {

    private final CommunicationStore timed;
    private final ObjLongConsumer<String> metrics;

    /**
     * @param timed   the store that does the work
     * @param metrics receives {@code "write"} or {@code "read"} and the unit of work's duration in nanoseconds
     */
    public TimedStore(CommunicationStore timed, ObjLongConsumer<String> metrics) {
        this.timed = Objects.requireNonNull(timed, "timed must not be null");
        this.metrics = Objects.requireNonNull(metrics, "metrics must not be null");
    }

    @Override
    public <T> T write(String organisationId, StoreWork<T> work) {
        return time("write", () -> timed.write(organisationId, work));
    }

    @Override
    public <T> T read(String organisationId, StoreWork<T> work) {
        return time("read", () -> timed.read(organisationId, work));
    }

    @Override
    public <T> T writeDetached(String organisationId, StoreWork<T> work) {
        return time("write", () -> timed.writeDetached(organisationId, work));
    }

    @Override
    public <T> T readDetached(String organisationId, StoreWork<T> work) {
        return time("read", () -> timed.readDetached(organisationId, work));
    }

    @Override
    public List<String> organisationsWithPendingAuditEvents(int limit) {
        return timed.organisationsWithPendingAuditEvents(limit);
    }

    @Override
    public List<String> organisationsWithDueCommunications(java.time.Instant now, int limit) {
        return timed.organisationsWithDueCommunications(now, limit);
    }

    private <T> T time(String kind, Supplier<T> unitOfWork) {
        long start = System.nanoTime();
        try {
            return unitOfWork.get();
        } finally {
            metrics.accept(kind, System.nanoTime() - start);
        }
    }
}
