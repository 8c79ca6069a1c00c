package io.github.commscentre.jpa;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.AuditChainHead;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The explicit mapping between domain records and entities, both ways, every field, without a database. */
class EntityMappingTest {

    private static final Instant T = Instant.parse("2026-05-06T07:08:09.123456Z");

    @ParameterizedTest
    @EnumSource(CommunicationStatus.class)
    void aCommunicationWithEveryFieldSetSurvivesTheEntityAndBack(CommunicationStatus status) {
        for (CommunicationType type : CommunicationType.values()) {
            Communication c = new Communication(UUID.randomUUID(), "org-1", type, "Subject ✓", "<p>body</p>", "block-1", "unit-1", "post",
                    status, T.plusSeconds(1), T.plusSeconds(2), "sender", T.plusSeconds(3), "reason", "notes", "creator", T,
                    T.plusSeconds(4), 9);
            CommunicationEntity e = EntityMapping.toEntity(c);
            assertThat(e.status).isEqualTo(status.wireName());
            assertThat(e.communicationType).isEqualTo(type.wireName());
            assertThat(e.organisationId).isEqualTo("org-1");
            assertThat(e.version).isEqualTo(9);
            assertThat(EntityMapping.toDomain(e)).isEqualTo(c);
        }
    }

    @Test
    void aCommunicationWithOnlyItsRequiredFieldsKeepsItsNulls() {
        Communication c = new Communication(UUID.randomUUID(), "org-1", CommunicationType.CIRCULAR, "s", null, null, null, "email",
                CommunicationStatus.DRAFT, null, null, null, null, null, null, "creator", T, T, 0);
        assertThat(EntityMapping.toDomain(EntityMapping.toEntity(c))).isEqualTo(c);
    }

    @ParameterizedTest
    @EnumSource(DeliveryStatus.class)
    void aRecipientSurvivesTheEntityAndBack(DeliveryStatus status) {
        Recipient r = new Recipient(UUID.randomUUID(), "org-1", UUID.randomUUID(), "unit-7", 3, "Name", "n@example.org", status,
                T.plusSeconds(1), T.plusSeconds(2), "reason", T, T.plusSeconds(3), "adder");
        RecipientEntity e = EntityMapping.toEntity(r);
        assertThat(e.deliveryStatus).isEqualTo(status.wireName());
        assertThat(e.communicationId).isEqualTo(r.communicationId());
        assertThat(EntityMapping.toDomain(e)).isEqualTo(r);
        Recipient bare = new Recipient(UUID.randomUUID(), "org-1", UUID.randomUUID(), "unit-8", 1, null, null, status,
                null, null, null, T, T, "adder");
        assertThat(EntityMapping.toDomain(EntityMapping.toEntity(bare))).isEqualTo(bare);
    }

    @ParameterizedTest
    @EnumSource(AuditEventType.class)
    void anAuditEventSurvivesTheEntityAndBack(AuditEventType type) {
        AuditEvent a = new AuditEvent(UUID.randomUUID(), "org-1", 12, UUID.randomUUID(), type == AuditEventType.RECIPIENT_STATUS_CHANGED
                ? UUID.randomUUID() : null, type, "actor", T, Map.of("k", "v \"quoted\"", "b", ""),
                List.of("unit-1", "unit,2"), "a".repeat(64), "b".repeat(64));
        AuditEventEntity e = EntityMapping.toEntity(a);
        assertThat(e.eventType).isEqualTo(type.wireName());
        assertThat(e.details).isEqualTo("{\"b\":\"\",\"k\":\"v \\\"quoted\\\"\"}");
        assertThat(e.unitIds).isEqualTo("[\"unit-1\",\"unit,2\"]");
        assertThat(EntityMapping.toDomain(e)).isEqualTo(a);
    }

    @Test
    void theChainHeadSurvivesTheEntityAndBack() {
        AuditChainHead head = new AuditChainHead("org-1", 41, "c".repeat(64));
        assertThat(EntityMapping.toDomain(EntityMapping.toEntity(head))).isEqualTo(head);
        assertThat(EntityMapping.toDomain(EntityMapping.toEntity(AuditChainHead.empty("org-2")))).isEqualTo(AuditChainHead.empty("org-2"));
    }

    @Test
    void anUnknownStoredValueIsADamagedStoreNotABadRequest() {
        CommunicationEntity e = EntityMapping.toEntity(new Communication(UUID.randomUUID(), "org-1", CommunicationType.CIRCULAR, "s",
                null, null, null, "email", CommunicationStatus.DRAFT, null, null, null, null, null, null, "creator", T, T, 0));
        e.status = "archived";
        assertThatThrownBy(() -> EntityMapping.toDomain(e)).isInstanceOf(IllegalStateException.class).hasMessageContaining("status");
    }
}
