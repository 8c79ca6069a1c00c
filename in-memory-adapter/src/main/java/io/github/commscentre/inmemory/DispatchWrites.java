package io.github.commscentre.inmemory;

import io.github.commscentre.Communication;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The dispatcher's operations in one transaction: the communications it has work for, claiming recipients, and
 * recording the outcomes of a claim. A claim token is kept beside the recipient ({@link RecipientIndex#claimOf}), never
 * in the record, and every change, claims included, is undone with the transaction.
 *
 * <p>The organisation's write lock is held for the whole unit of work, so no other transaction can hold a recipient
 * this one would have to skip: two claims of one organisation run one after the other, and the second finds the first
 * one's recipients leased until {@code leaseUntil}.
 */
final class DispatchWrites {

    private final OrganisationData data;
    private final TransactionGuard guard;
    private final UndoLog undoLog;

    DispatchWrites(OrganisationData data, TransactionGuard guard, UndoLog undoLog) {
        this.data = data;
        this.guard = guard;
        this.undoLog = undoLog;
    }

    List<Communication> dueCommunications(Instant now, int limit) {
        guard.checkRead();
        Objects.requireNonNull(now, "now must not be null");
        requireNotNegative(limit);
        return data.communications.due(now, limit);
    }

    List<Recipient> claim(UUID communicationId, Instant now, UUID claim, Instant leaseUntil, int limit) {
        guard.checkWrite();
        Objects.requireNonNull(communicationId, "communicationId must not be null");
        Objects.requireNonNull(now, "now must not be null");
        Objects.requireNonNull(claim, "claim must not be null");
        Objects.requireNonNull(leaseUntil, "leaseUntil must not be null");
        requireNotNegative(limit);
        RecipientList list = data.recipients.listOf(communicationId);
        if (list == null || limit == 0) {
            return List.of();
        }
        List<Recipient> claimed = new ArrayList<>();
        for (Recipient stored : list.claimable(now, limit)) {
            Recipient leased = stored.withDispatch(stored.providerMessageId(), stored.dispatchAttempts() + 1, leaseUntil);
            data.recipients.put(leased);
            UUID previousClaim = data.recipients.setClaim(stored.id(), claim);
            undoLog.record(() -> {
                data.recipients.put(stored);
                data.recipients.setClaim(stored.id(), previousClaim);
            });
            claimed.add(leased);
        }
        return Collections.unmodifiableList(claimed);
    }

    Set<UUID> record(UUID claim, List<Recipient> updated) {
        guard.checkWrite();
        Objects.requireNonNull(claim, "claim must not be null");
        Objects.requireNonNull(updated, "updated must not be null");
        List<Recipient> batch = List.copyOf(updated);
        // Every check before the first change, so that a refused batch records nothing.
        for (Recipient recipient : batch) {
            guard.checkOrganisation(recipient.organisationId());
            Recipient stored = data.recipients.get(recipient.id());
            if (stored != null && (!stored.communicationId().equals(recipient.communicationId())
                    || !stored.unitId().equals(recipient.unitId()) || stored.position() != recipient.position())) {
                throw new IllegalArgumentException("an outcome may not change a recipient's communication, unit or "
                        + "position: " + recipient.id());
            }
        }
        Set<UUID> replaced = new LinkedHashSet<>();
        for (Recipient recipient : batch) {
            Recipient stored = data.recipients.get(recipient.id());
            // Once recorded the claim is released, so the same recipient twice in one batch is recorded once.
            if (stored == null || stored.deliveryStatus() != DeliveryStatus.PENDING
                    || !claim.equals(data.recipients.claimOf(recipient.id()))) {
                continue;
            }
            data.recipients.putTracked(stored, recipient);
            data.recipients.setClaim(recipient.id(), null);
            undoLog.record(() -> {
                data.recipients.put(stored);
                data.recipients.setClaim(stored.id(), claim);
            });
            replaced.add(recipient.id());
        }
        return Collections.unmodifiableSet(replaced);
    }

    private static void requireNotNegative(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
    }
}
