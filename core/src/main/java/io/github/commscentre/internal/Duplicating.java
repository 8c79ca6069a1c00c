package io.github.commscentre.internal;

import io.github.commscentre.AuditEventType;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.internal.AuditChain.Details;
import io.github.commscentre.internal.AuditChain.Pending;
import io.github.commscentre.spi.UnitRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Duplicating a communication of any status into a new draft with the same content and scope, and if asked
 * the same units as recipients. The body is sanitised again under the current policy. Recorded by a {@code duplicated} event on the copy, then
 * {@code recipients_added} when it has recipients.
 */
final class Duplicating {

    private final Ports ports;
    private final CommunicationInput input;
    private final Now now;
    private final UuidV7 ids;
    private final NewRecipients newRecipients;
    private final AuditLog audit;

    Duplicating(Ports ports, CommunicationInput input, Now now, UuidV7 ids, NewRecipients newRecipients, AuditLog audit) {
        this.ports = ports;
        this.input = input;
        this.now = now;
        this.ids = ids;
        this.newRecipients = newRecipients;
        this.audit = audit;
    }

    private record Source(Communication communication, List<String> unitIds) {
    }

    Communication duplicate(Caller caller, UUID communicationId, boolean includeRecipients) {
        String org = Callers.writer(caller);
        UUID sourceId = Texts.requireNonNull("communicationId", communicationId);
        Source source = ports.read(org, tx -> {
            Communication c = tx.findCommunication(sourceId).orElseThrow(() -> StoredCommunications.notFound(sourceId));
            List<String> units = new ArrayList<>();
            if (includeRecipients) {
                tx.forEachRecipient(sourceId, r -> units.add(r.unitId()));
            }
            return new Source(c, units);
        });
        // Fresh snapshots: the leaseholders as they are today, not as they were on the original.
        Map<String, UnitRecord> found = source.unitIds().isEmpty() ? Map.of() : ports.findUnits(org, source.unitIds());
        List<UnitRecord> units = NewRecipients.foundInOrder(source.unitIds(), found);
        Communication s = source.communication();
        // The source may have been stored under an older, laxer policy (or by another facade with its own): the copy is
        // a new body, so it is cleaned under this facade's policy, and held to the limit, like any other new body.
        String body = input.bodyHtml(s.bodyHtml());
        Instant at = now.instant();
        Communication copy = Communication.builder()
                .id(ids.next())
                .organisationId(org)
                .communicationType(s.communicationType())
                .subject(s.subject())
                .bodyHtml(body)
                .blockId(s.blockId())
                .unitId(s.unitId())
                .channel(s.channel())
                .status(CommunicationStatus.DRAFT)
                .notes(s.notes())
                .createdBy(caller.userId())
                .createdAt(at)
                .updatedAt(at)
                .build();
        List<Recipient> recipients = newRecipients.snapshot(caller, copy.id(), units, 0, at);
        return ports.write(org, tx -> {
            tx.insertCommunication(copy);
            List<Pending> events = new ArrayList<>();
            events.add(duplicatedEvent(sourceId, includeRecipients, copy));
            if (!recipients.isEmpty()) {
                tx.insertRecipients(recipients);
                events.add(NewRecipients.addedEvent(copy.id(), recipients));
            }
            audit.append(tx, caller, at, events);
            return copy;
        });
    }

    private static Pending duplicatedEvent(UUID sourceId, boolean includeRecipients, Communication copy) {
        return new Pending(copy.id(), AuditEventType.DUPLICATED, new Details()
                .put("sourceCommunicationId", sourceId)
                .put("includeRecipients", includeRecipients)
                .put("communicationType", copy.communicationType().wireName())
                .put("subject", copy.subject())
                .put("channel", copy.channel())
                .put("bodySha256", copy.bodyHtml() == null ? null : Digests.sha256Hex(copy.bodyHtml()))
                .put("blockId", copy.blockId())
                .put("unitId", copy.unitId())
                .put("notes", copy.notes())
                .map());
    }
}
