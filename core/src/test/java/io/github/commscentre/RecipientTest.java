package io.github.commscentre;

import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Recipient#withDelivery}: the delivery fields change, the snapshot and who added it when never do. */
class RecipientTest {

    private static final Instant ADDED = Instant.parse("2030-01-01T00:00:00.000001Z");
    private static final Instant LATER = Instant.parse("2030-06-01T12:00:00.000002Z");

    @Test
    void withDeliveryChangesTheDeliveryFieldsOnly() {
        Recipient before = new Recipient(UUID.fromString("00000000-0000-7000-8000-000000000002"), "org-1",
                UUID.fromString("00000000-0000-7000-8000-000000000001"), "unit-1", 42, "A. Leaseholder", "a@example.com",
                DeliveryStatus.DELIVERED, ADDED.plusSeconds(1), ADDED.plusSeconds(2), "old reason", ADDED, ADDED.plusSeconds(3),
                "admin-1");

        Recipient after = before.withDelivery(DeliveryStatus.BOUNCED, null, LATER, "mailbox full", LATER);

        assertThat(after.deliveryStatus()).isEqualTo(DeliveryStatus.BOUNCED);
        assertThat(after.deliveredAt()).isNull();
        assertThat(after.openedAt()).isEqualTo(LATER);
        assertThat(after.failureReason()).isEqualTo("mailbox full");
        assertThat(after.updatedAt()).isEqualTo(LATER);
        Set<String> changing = Set.of("deliveryStatus", "deliveredAt", "openedAt", "failureReason", "updatedAt");
        for (RecordComponent component : Recipient.class.getRecordComponents()) {
            if (!changing.contains(component.getName())) {
                assertThat(value(after, component)).as(component.getName()).isEqualTo(value(before, component));
            }
        }
    }

    private static Object value(Recipient r, RecordComponent component) {
        try {
            return component.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
