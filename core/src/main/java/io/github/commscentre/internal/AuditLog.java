package io.github.commscentre.internal;

import io.github.commscentre.Caller;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.internal.AuditChain.Pending;
import io.github.commscentre.spi.StoreTransaction;

import java.time.Instant;
import java.util.List;

/**
 * Appends the events of one call to the caller's organisation trail, in the call's unit of work, all at the
 * call's one instant and in the caller's name; event ids come from the facade's one id generator. The
 * {@link AuditLinker} gives them their place in the chain, at once or after commit.
 */
final class AuditLog {

    private final UuidV7 ids;
    private final AuditLinker linker;

    AuditLog(UuidV7 ids, AuditLinker linker) {
        this.ids = ids;
        this.linker = linker;
    }

    void append(StoreTransaction tx, Caller caller, Instant occurredAt, List<Pending> events) {
        append(tx, caller.userId(), occurredAt, events);
    }

    /**
     * A recipient's compare-and-set and the event recording it, appended only if the recipient was replaced; in one
     * round trip where the store and the linker can.
     *
     * @return whether the recipient was replaced
     */
    boolean appendIfUpdated(StoreTransaction tx, Caller caller, Instant occurredAt, Recipient updated,
                            DeliveryStatus expectedStatus, Pending event) {
        return linker.appendIfUpdated(tx, updated, expectedStatus,
                AuditChain.event(tx, caller.userId(), occurredAt, ids, event));
    }

    /** Appends in the name of {@code actorUserId}: a user, or the dispatcher. */
    void append(StoreTransaction tx, String actorUserId, Instant occurredAt, List<Pending> events) {
        AuditChain.append(tx, linker, actorUserId, occurredAt, ids, events);
    }
}
