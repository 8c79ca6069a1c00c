package io.github.commscentre.internal;

import io.github.commscentre.AuditEventType;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.internal.AuditChain.Details;
import io.github.commscentre.internal.AuditChain.Pending;
import io.github.commscentre.spi.UnitRecord;

import java.time.Instant;
import java.util.List;

/**
 * Creating a communication: a draft, or scheduled when it comes with a time to go out, scoped to a block
 * and unit of the caller's organisation. Recorded by a {@code created} event.
 */
final class Creating {

    private final Ports ports;
    private final CommunicationInput input;
    private final Now now;
    private final UuidV7 ids;
    private final AuditLog audit;

    Creating(Ports ports, CommunicationInput input, Now now, UuidV7 ids, AuditLog audit) {
        this.ports = ports;
        this.input = input;
        this.now = now;
        this.ids = ids;
        this.audit = audit;
    }

    Communication create(Caller caller, NewCommunication newCommunication) {
        String org = Callers.writer(caller);
        NewCommunication in = Texts.requireNonNull("input", newCommunication);
        Texts.requireNonNull("communicationType", in.communicationType());
        String subject = input.subject(in.subject());
        String body = input.bodyHtml(in.bodyHtml());
        String blockId = Texts.optionalHostId("blockId", in.blockId());
        String unitId = Texts.optionalHostId("unitId", in.unitId());
        String channel = in.channel() == null ? NewCommunication.DEFAULT_CHANNEL : input.channel(in.channel());
        String notes = input.notes(in.notes());
        Instant at = now.instant();
        Instant scheduledAt = CommunicationInput.scheduledAt(in.scheduledAt(), at);
        checkScope(org, blockId, unitId);

        Communication created = Communication.builder()
                .id(ids.next())
                .organisationId(org)
                .communicationType(in.communicationType())
                .subject(subject)
                .bodyHtml(body)
                .blockId(blockId)
                .unitId(unitId)
                .channel(channel)
                .status(CommunicationStatus.DRAFT)
                .notes(notes)
                .createdBy(caller.userId())
                .createdAt(at)
                .updatedAt(at)
                .build()
                .withSchedule(scheduledAt);
        List<Pending> events = List.of(createdEvent(created));
        return ports.write(org, tx -> {
            tx.insertCommunication(created);
            audit.append(tx, caller, at, events);
            return created;
        });
    }

    /** The scope must be the organisation's own, and a unit given with a block must lie in it. */
    private void checkScope(String org, String blockId, String unitId) {
        if (blockId != null && !ports.blockBelongsTo(org, blockId)) {
            throw CommunicationCentreException.badRequest("blockId", "is not a block of this organisation");
        }
        if (unitId != null) {
            UnitRecord unit = ports.findUnits(org, List.of(unitId)).get(unitId);
            if (unit == null) {
                throw CommunicationCentreException.badRequest("unitId", "is not a unit of this organisation");
            }
            if (blockId != null && !blockId.equals(unit.blockId())) {
                throw CommunicationCentreException.badRequest("unitId", "is not in the block given as blockId");
            }
        }
    }

    private static Pending createdEvent(Communication created) {
        Details details = new Details()
                .put("communicationType", created.communicationType().wireName())
                .put("subject", created.subject())
                .put("channel", created.channel())
                .put("status", created.status().wireName())
                .put("bodySha256", created.bodyHtml() == null ? null : Digests.sha256Hex(created.bodyHtml()))
                .put("blockId", created.blockId())
                .put("unitId", created.unitId())
                .put("scheduledAt", created.scheduledAt())
                .put("notes", created.notes());
        return new Pending(created.id(), AuditEventType.CREATED, details.map());
    }
}
