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
 * Marking a communication sent or failed, after which it never changes. The {@code sent} or {@code failed}
 * event holds digests of the final content and of the recipient snapshots, which {@code verifyAuditTrail}
 * later compares with the stored rows.
 */
final class Finishing {

    private final Ports ports;
    private final Now now;
    private final AuditLog audit;

    Finishing(Ports ports, Now now, AuditLog audit) {
        this.ports = ports;
        this.now = now;
        this.audit = audit;
    }

    Communication markSent(Caller caller, UUID communicationId) {
        String org = Callers.writer(caller);
        UUID id = Texts.requireNonNull("communicationId", communicationId);
        return ports.write(org, tx -> {
            Communication c = StoredCommunications.lockEditable(tx, id, "marked sent");
            Instant at = now.instant(); // read under the lock, so that time order follows commit order
            Communication sent = c.sent(at, caller.userId()).nextVersion(at);
            Details details = FinishEvidence.details(tx, sent).put("sentAt", at);
            StoredCommunications.replace(tx, sent, c.version());
            audit.append(tx, caller, at, List.of(new Pending(id, AuditEventType.SENT, details.map())));
            return sent;
        });
    }

    Communication markFailed(Caller caller, UUID communicationId, String reason) {
        String org = Callers.writer(caller);
        UUID id = Texts.requireNonNull("communicationId", communicationId);
        String why = Texts.optional("reason", reason, Texts.REASON_MAX);
        return ports.write(org, tx -> {
            Communication c = StoredCommunications.lockEditable(tx, id, "marked failed");
            Instant at = now.instant(); // read under the lock, so that time order follows commit order
            Communication failed = c.failed(at, why).nextVersion(at);
            Details details = FinishEvidence.details(tx, failed).put("failedAt", at).put("reason", why);
            StoredCommunications.replace(tx, failed, c.version());
            audit.append(tx, caller, at, List.of(new Pending(id, AuditEventType.FAILED, details.map())));
            return failed;
        });
    }
}
