package io.github.commscentre.inmemory;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.spi.AuditChainHead;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The writes of one transaction to its organisation's audit chain: appending events (pending, or linked under the
 * chain lock) and linking pending ones, each checked before the first change and undone with the transaction.
 */
final class AuditChainWrites {

    private final OrganisationData data;
    private final TransactionGuard guard;
    private final UndoLog undoLog;

    AuditChainWrites(OrganisationData data, TransactionGuard guard, UndoLog undoLog) {
        this.data = data;
        this.guard = guard;
        this.undoLog = undoLog;
    }

    void append(List<AuditEvent> events) {
        guard.checkWrite();
        Objects.requireNonNull(events, "events must not be null");
        if (events.isEmpty()) {
            return;
        }
        List<AuditEvent> batch = List.copyOf(events);
        AuditChainHead previousHead = data.auditChain.head();
        long expected = endOfChain() + 1;
        for (AuditEvent event : batch) {
            guard.checkOrganisation(event.organisationId());
            if (!event.isLinked()) {
                if (data.auditChain.pending(event.id()) != null) {
                    throw CommunicationCentreException.conflict("audit event " + event.id() + " is already pending");
                }
                continue;
            }
            if (event.sequence() != expected || data.auditChain.contains(event.sequence())) {
                throw CommunicationCentreException.conflict("audit sequence " + event.sequence() + " of organisation "
                        + data.organisationId + " does not continue the chain at " + expected);
            }
            expected++;
        }
        AuditEvent lastLinked = null;
        for (AuditEvent event : batch) {
            if (event.isLinked()) {
                data.auditChain.put(event);
                lastLinked = event;
            } else {
                data.auditChain.putPending(event);
            }
        }
        if (lastLinked != null) {
            data.auditChain.moveHead(new AuditChainHead(data.organisationId, lastLinked.sequence(), lastLinked.hash()));
        }
        undoLog.record(() -> {
            for (AuditEvent event : batch) {
                if (event.isLinked()) {
                    data.auditChain.remove(event.sequence());
                } else {
                    data.auditChain.removePending(event.id());
                }
            }
            data.auditChain.moveHead(previousHead);
        });
    }

    void link(List<AuditEvent> linked) {
        guard.checkWrite();
        Objects.requireNonNull(linked, "linked must not be null");
        if (linked.isEmpty()) {
            return;
        }
        List<AuditEvent> batch = List.copyOf(linked);
        long expected = endOfChain() + 1;
        List<AuditEvent> before = new ArrayList<>(batch.size());
        for (AuditEvent event : batch) {
            guard.checkOrganisation(event.organisationId());
            AuditEvent stored = data.auditChain.pending(event.id());
            if (stored == null) {
                throw CommunicationCentreException.conflict("audit event " + event.id() + " is not pending: it was linked"
                        + " already or never appended");
            }
            if (!event.isLinked() || !stored.linkedAt(event.sequence(), event.previousHash(), event.hash()).equals(event)) {
                throw new IllegalArgumentException("audit event " + event.id() + " must be the pending event, linked");
            }
            if (event.sequence() != expected || data.auditChain.contains(event.sequence())) {
                throw CommunicationCentreException.conflict("audit sequence " + event.sequence() + " of organisation "
                        + data.organisationId + " does not continue the chain at " + expected);
            }
            before.add(stored);
            expected++;
        }
        AuditChainHead previousHead = data.auditChain.head();
        for (AuditEvent event : batch) {
            data.auditChain.removePending(event.id());
            data.auditChain.put(event);
        }
        AuditEvent last = batch.get(batch.size() - 1);
        data.auditChain.moveHead(new AuditChainHead(data.organisationId, last.sequence(), last.hash()));
        undoLog.record(() -> {
            for (AuditEvent event : batch) {
                data.auditChain.remove(event.sequence());
            }
            // Put back in their old append order, ahead of anything appended since (nothing can be: the lock is held).
            List<AuditEvent> later = data.auditChain.pending();
            later.forEach(e -> data.auditChain.removePending(e.id()));
            before.forEach(data.auditChain::putPending);
            later.forEach(data.auditChain::putPending);
            data.auditChain.moveHead(previousHead);
        });
    }

    /** @return the sequence of the last linked event, 0 when nothing is linked */
    long endOfChain() {
        AuditEvent last = data.auditChain.lastLinked();
        return last == null ? 0 : last.sequence();
    }
}
