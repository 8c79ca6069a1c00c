package io.github.commscentre.internal;

import io.github.commscentre.Caller;
import io.github.commscentre.internal.AuditChain.Pending;
import io.github.commscentre.spi.StoreTransaction;

import java.time.Instant;
import java.util.List;

/**
 * Appends the events of one call to the caller's organisation chain, in the call's unit of work, all at the
 * call's one instant and in the caller's name; event ids come from the facade's one id generator.
 */
final class AuditLog {

    private final UuidV7 ids;

    AuditLog(UuidV7 ids) {
        this.ids = ids;
    }

    void append(StoreTransaction tx, Caller caller, Instant occurredAt, List<Pending> events) {
        AuditChain.append(tx, caller.organisationId(), caller.userId(), occurredAt, ids, events);
    }
}
