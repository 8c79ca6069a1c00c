package io.github.commscentre.internal;

import io.github.commscentre.AuditEventType;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.internal.AuditChain.Details;
import io.github.commscentre.internal.AuditChain.Pending;
import io.github.commscentre.spi.RecipientStats;
import io.github.commscentre.spi.StoreTransaction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * How sending starts, whoever starts it (the {@code send} call, or the dispatcher when a scheduled communication
 * falls due): a draft or scheduled communication becomes {@code sending}, and from then on its content and recipients
 * are frozen until the dispatcher finishes it. One that cannot be sent at all (no channel registered for it, no
 * recipients) goes on to {@code failed} in the same unit of work, with the reason, and nothing is handed to any
 * channel.
 */
final class SendingStart {

    private final Now now;
    private final AuditLog audit;
    private final DeliveryChannels channels;

    SendingStart(Now now, AuditLog audit, DeliveryChannels channels) {
        this.now = now;
        this.audit = audit;
        this.channels = channels;
    }

    /**
     * Starts a scheduled communication that has fallen due, in the dispatcher's name, unless another dispatcher (or a
     * host's edit) got there first.
     *
     * @return the communication as started (sending, or failed), or {@code null} when it is no longer a due scheduled one
     */
    Communication startIfDue(StoreTransaction tx, UUID id, String dispatcher) {
        Communication c = tx.lockCommunication(id).orElse(null);
        Instant at = now.instant();
        if (c == null || c.status() != CommunicationStatus.SCHEDULED || c.scheduledAt() == null || c.scheduledAt().isAfter(at)) {
            return null;
        }
        return start(tx, c, dispatcher, at);
    }

    /** Moves a locked draft or scheduled communication to sending, or through it to failed. */
    Communication start(StoreTransaction tx, Communication c, String actor, Instant at) {
        RecipientStats stats = tx.recipientStats(c.id());
        Communication sending = c.sending(actor, at).nextVersion(at);
        List<Pending> events = new ArrayList<>(2);
        events.add(new Pending(c.id(), AuditEventType.DISPATCH_STARTED, new Details()
                .put("channel", c.channel())
                .put("recipientCount", stats.total())
                .put("contentSha256", Digests.contentSha256(c))
                .put("scheduledAt", c.status() == CommunicationStatus.SCHEDULED ? c.scheduledAt() : null)
                .map()));
        String cannot = channels.missingReason(c.channel());
        if (cannot == null && stats.total() == 0) {
            cannot = "it has no recipients";
        }
        Communication result = sending;
        if (cannot != null) {
            result = sending.failed(at, ProviderTexts.storable("nothing was sent: " + cannot, Texts.REASON_MAX));
            events.add(new Pending(c.id(), AuditEventType.FAILED, FinishEvidence.details(tx, result)
                    .put("failedAt", at).put("reason", result.failureReason()).map()));
        }
        StoredCommunications.replace(tx, result, c.version());
        audit.append(tx, actor, at, events);
        return result;
    }
}
