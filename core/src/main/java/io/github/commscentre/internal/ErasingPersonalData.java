package io.github.commscentre.internal;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.internal.AuditChain.Details;
import io.github.commscentre.internal.AuditChain.Pending;
import io.github.commscentre.spi.StoreTransaction;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The right to erasure, years after sending, without losing the proof: a recipient's name, email and postal address are
 * set to nothing, and a {@code personal_data_erased} event keeps the SHA-256 of the snapshot they were part of. The
 * recipients digest of a version 4 {@code sent}/{@code failed} event is a list of such snapshot digests, so it still
 * verifies; for an older version the library first checks the stored recipients against it and then records the
 * version 4 digest of the list in the erasure event, which verification holds them to from then on. What was sent, when
 * and to which unit stays provable; who the leaseholder was is gone from the database.
 */
final class ErasingPersonalData {

    private final Ports ports;
    private final Now now;
    private final AuditLog audit;

    ErasingPersonalData(Ports ports, Now now, AuditLog audit) {
        this.ports = ports;
        this.now = now;
        this.audit = audit;
    }

    Recipient erase(Caller caller, UUID recipientId) {
        String org = Callers.writer(caller);
        UUID id = Texts.requireNonNull("recipientId", recipientId);
        Instant at = now.instant();
        return ports.write(org, tx -> {
            Recipient found = tx.findRecipient(id).orElseThrow(() -> notFound(id));
            // The facade's locking order: the communication, then the recipient.
            Communication c = tx.lockCommunication(found.communicationId()).orElseThrow(() -> notFound(id));
            Recipient r = tx.lockRecipient(id).orElseThrow(() -> notFound(id));
            if (c.status() != CommunicationStatus.SENT && c.status() != CommunicationStatus.FAILED) {
                throw CommunicationCentreException.conflict("communication " + c.id() + " is " + c.status().wireName()
                        + ": personal data is erased from sent or failed communications only (delete a draft instead)");
            }
            if (r.recipientName() == null && r.recipientEmail() == null && r.postalAddress() == null) {
                return r; // nothing (left) to erase
            }
            String recipientsDigest = checkedDigest(tx, c);
            Map<String, String> details = new Details()
                    .put("unitId", r.unitId())
                    .put("elementSha256", Digests.elementSha256(r))
                    .put("recipientsSha256", recipientsDigest)
                    .put(Digests.RECIPIENTS_VERSION_KEY, 4)
                    .map();
            audit.append(tx, caller, at, List.of(new Pending(c.id(), r.id(), AuditEventType.PERSONAL_DATA_ERASED, details,
                    List.of())));
            tx.erasePersonalData(r.id());
            return tx.findRecipient(id).orElseThrow(() -> notFound(id));
        });
    }

    /**
     * Checks the stored recipients against the digest the trail holds them to now (the outcome event's, or the last
     * erasure's), so that no erasure event ever vouches for rows someone edited; then gives the version 4 digest of the
     * list, which is the outcome event's own when that is of version 4.
     */
    private static String checkedDigest(StoreTransaction tx, Communication c) {
        AuditEvent outcome = null;
        AuditEvent lastErasure = null;
        Map<UUID, String> erased = new HashMap<>();
        for (AuditEvent e : tx.auditEventsOf(c.id())) {
            if (e.type() == AuditEventType.SENT || e.type() == AuditEventType.FAILED) {
                outcome = e;
            } else if (e.type() == AuditEventType.PERSONAL_DATA_ERASED && e.recipientId() != null) {
                erased.put(e.recipientId(), e.details().get("elementSha256"));
                lastErasure = e;
            }
        }
        if (outcome == null) {
            throw CommunicationCentreException.conflict("communication " + c.id() + " has no sent or failed event:"
                    + " run verifyAuditTrail; nothing was erased");
        }
        int version = Digests.recipientsVersion(outcome.details().get(Digests.RECIPIENTS_VERSION_KEY));
        boolean asList = version == 4 || lastErasure != null;
        Digests.RecipientSnapshots legacy = asList || version == 0 ? null : new Digests.RecipientSnapshots(version);
        Digests.RecipientSnapshots list = new Digests.RecipientSnapshots(4);
        tx.forEachRecipient(c.id(), r -> {
            String element = erased.get(r.id());
            if (element != null) {
                list.addElement(element);
            } else {
                list.add(r);
                if (legacy != null) {
                    legacy.add(r);
                }
            }
        });
        String listDigest = list.hex();
        String expected = version == 4 || lastErasure == null ? outcome.details().get("recipientsSha256")
                : lastErasure.details().get("recipientsSha256");
        String found = version == 4 || lastErasure != null ? listDigest : legacy == null ? null : legacy.hex();
        if (found == null || !found.equals(expected)) {
            throw CommunicationCentreException.conflict("the stored recipients of communication " + c.id()
                    + " no longer match its audit trail (run verifyAuditTrail): nothing was erased, so that no erasure"
                    + " event vouches for edited rows");
        }
        return listDigest;
    }

    private static CommunicationCentreException notFound(UUID id) {
        return CommunicationCentreException.notFound("recipient " + id + " not found");
    }
}
