package io.github.commscentre.jpa;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.PostalAddress;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.AuditChainHead;

import java.util.List;
import java.util.function.Function;

/**
 * Explicit conversion between the domain records and the adapter's entities. Enums are stored by their
 * lower-case wire names, the same strings the check constraints list.
 */
final class EntityMapping {

    private EntityMapping() {
    }

    static CommunicationEntity toEntity(Communication c) {
        CommunicationEntity e = new CommunicationEntity();
        e.organisationId = c.organisationId();
        e.id = c.id();
        e.communicationType = c.communicationType().wireName();
        e.subject = c.subject();
        e.bodyHtml = c.bodyHtml();
        e.blockId = c.blockId();
        e.unitId = c.unitId();
        e.channel = c.channel();
        e.status = c.status().wireName();
        e.scheduledAt = c.scheduledAt();
        e.sentAt = c.sentAt();
        e.sentBy = c.sentBy();
        e.failedAt = c.failedAt();
        e.failureReason = c.failureReason();
        e.notes = c.notes();
        e.createdBy = c.createdBy();
        e.createdAt = c.createdAt();
        e.updatedAt = c.updatedAt();
        e.version = c.version();
        e.sendingStartedAt = c.sendingStartedAt();
        return e;
    }

    static Communication toDomain(CommunicationEntity e) {
        return new Communication(
                e.id,
                e.organisationId,
                wire(CommunicationType.values(), CommunicationType::wireName, e.communicationType, "communication_type"),
                e.subject,
                e.bodyHtml,
                e.blockId,
                e.unitId,
                e.channel,
                wire(CommunicationStatus.values(), CommunicationStatus::wireName, e.status, "status"),
                e.scheduledAt,
                e.sentAt,
                e.sentBy,
                e.failedAt,
                e.failureReason,
                e.notes,
                e.createdBy,
                e.createdAt,
                e.updatedAt,
                e.version,
                e.sendingStartedAt);
    }

    static RecipientEntity toEntity(Recipient r) {
        RecipientEntity e = new RecipientEntity();
        e.organisationId = r.organisationId();
        e.id = r.id();
        e.communicationId = r.communicationId();
        e.unitId = r.unitId();
        e.position = r.position();
        e.recipientName = r.recipientName();
        e.recipientEmail = r.recipientEmail();
        e.deliveryStatus = r.deliveryStatus().wireName();
        e.deliveredAt = r.deliveredAt();
        e.openedAt = r.openedAt();
        e.failureReason = r.failureReason();
        e.addedAt = r.addedAt();
        e.updatedAt = r.updatedAt();
        e.addedBy = r.addedBy();
        e.providerMessageId = r.providerMessageId();
        e.dispatchAttempts = r.dispatchAttempts();
        e.nextAttemptAt = r.nextAttemptAt();
        PostalAddress a = r.postalAddress();
        if (a != null) {
            e.addressLines = String.join("\n", a.lines());
            e.addressTown = a.town();
            e.addressPostcode = a.postcode();
            e.addressCountry = a.country();
        }
        return e;
    }

    static Recipient toDomain(RecipientEntity e) {
        return new Recipient(
                e.id,
                e.organisationId,
                e.communicationId,
                e.unitId,
                e.position,
                e.recipientName,
                e.recipientEmail,
                deliveryStatus(e.deliveryStatus),
                e.deliveredAt,
                e.openedAt,
                e.failureReason,
                e.addedAt,
                e.updatedAt,
                e.addedBy,
                e.providerMessageId,
                e.dispatchAttempts,
                e.nextAttemptAt,
                e.addressLines == null ? null : new PostalAddress(List.of(e.addressLines.split("\n", -1)),
                        e.addressTown, e.addressPostcode, e.addressCountry));
    }

    static AuditEventEntity toEntity(AuditEvent a) {
        AuditEventEntity e = new AuditEventEntity();
        e.organisationId = a.organisationId();
        e.id = a.id();
        e.sequence = a.isLinked() ? a.sequence() : null;
        e.communicationId = a.communicationId();
        e.recipientId = a.recipientId();
        e.eventType = a.type().wireName();
        e.actorUserId = a.actorUserId();
        e.occurredAt = a.occurredAt();
        e.details = TextCodec.encodeMap(a.details());
        e.unitIds = TextCodec.encodeList(a.unitIds());
        e.previousHash = a.previousHash();
        e.hash = a.hash();
        return e;
    }

    static AuditEvent toDomain(AuditEventEntity e) {
        return new AuditEvent(
                e.id,
                e.organisationId,
                e.sequence == null ? 0 : e.sequence,
                e.communicationId,
                e.recipientId,
                wire(AuditEventType.values(), AuditEventType::wireName, e.eventType, "event_type"),
                e.actorUserId,
                e.occurredAt,
                TextCodec.decodeMap(e.details),
                TextCodec.decodeList(e.unitIds),
                e.previousHash,
                e.hash);
    }

    static AuditChainHeadEntity toEntity(AuditChainHead head) {
        AuditChainHeadEntity e = new AuditChainHeadEntity();
        e.organisationId = head.organisationId();
        e.lastSequence = head.lastSequence();
        e.lastHash = head.lastHash();
        return e;
    }

    static AuditChainHead toDomain(AuditChainHeadEntity e) {
        return new AuditChainHead(e.organisationId, e.lastSequence, e.lastHash);
    }

    static DeliveryStatus deliveryStatus(String wireName) {
        return wire(DeliveryStatus.values(), DeliveryStatus::wireName, wireName, "delivery_status");
    }

    /**
     * Not the enums' own {@code fromWireName}: an unknown value read from the database is a damaged store
     * ({@code UNAVAILABLE}), not a caller's bad request.
     */
    private static <E extends Enum<E>> E wire(E[] values, Function<E, String> name, String stored, String column) {
        for (E value : values) {
            if (name.apply(value).equals(stored)) {
                return value;
            }
        }
        throw new IllegalStateException("unknown value in column " + column + ": " + stored);
    }
}
