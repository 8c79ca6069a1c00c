package io.github.commscentre.internal;

import io.github.commscentre.AuditEventType;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.internal.AuditChain.Details;
import io.github.commscentre.internal.AuditChain.Pending;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Deleting a draft or scheduled communication with its recipients. Its {@code deleted} event keeps what it
 * was (type, subject, status, how many recipients), as the trail outlives the row.
 */
final class Deleting {

    private final Ports ports;
    private final Now now;
    private final AuditLog audit;

    Deleting(Ports ports, Now now, AuditLog audit) {
        this.ports = ports;
        this.now = now;
        this.audit = audit;
    }

    void delete(Caller caller, UUID communicationId) {
        String org = Callers.writer(caller);
        UUID id = Texts.requireNonNull("communicationId", communicationId);
        ports.write(org, tx -> {
            Communication c = StoredCommunications.lockEditable(tx, id, "deleted");
            Instant at = now.instant(); // read under the lock, so that time order follows commit order
            long recipients = tx.recipientStats(id).total();
            StoredCommunications.delete(tx, id, c.version());
            audit.append(tx, caller, at, List.of(deletedEvent(c, recipients)));
            return null;
        });
    }

    private static Pending deletedEvent(Communication deleted, long recipientCount) {
        return new Pending(deleted.id(), AuditEventType.DELETED, new Details()
                .put("communicationType", deleted.communicationType().wireName())
                .put("subject", deleted.subject())
                .put("status", deleted.status().wireName())
                .put("recipientCount", recipientCount)
                .map());
    }
}
