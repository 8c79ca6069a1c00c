package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.spi.StoreTransaction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.github.commscentre.testkit.StoreTestData.auditEvent;
import static io.github.commscentre.testkit.StoreTestData.communication;
import static io.github.commscentre.testkit.StoreTestData.hash;
import static io.github.commscentre.testkit.StoreTestData.highBitId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The audit chain is append-only: events round-trip exactly, the head moves with every append, sequences
 * continue across units of work, and a sequence already taken is {@code CONFLICT} with nothing appended, so the
 * chain can never fork.
 */
abstract class AuditChainContract extends StoreContractFixture {

    @Test
    void anEmptyChainHasTheGenesisHead() {
        assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead())).isEqualTo(AuditChainHead.empty(org));
        assertThat(store().write(org, (StoreTransaction tx) -> tx.tryLockAuditChain().orElseThrow())).isEqualTo(AuditChainHead.empty(org));
        assertThat(allEvents(org)).isEmpty();
    }

    @Test
    void appendedEventsRoundTripEveryFieldAndMoveTheHead() {
        Communication c = communication(org).build();
        UUID recipientId = highBitId();
        List<AuditEvent> events = new ArrayList<>();
        AuditEventType[] types = AuditEventType.values();
        for (int i = 0; i < types.length; i++) {
            long sequence = i + 1;
            Map<String, String> details = new LinkedHashMap<>();
            details.put("subject.old", TRICKY);
            details.put("subject.new", "😀".repeat(250));
            details.put("ключ \"quoted\" \\", "value " + i);
            details.put("empty", "");
            events.add(auditEvent(org, sequence, c.id()).type(types[i]).actor(padded("user-😀", 100))
                    .recipientId(types[i] == AuditEventType.RECIPIENT_STATUS_CHANGED ? recipientId : null)
                    .unitIds(types[i] == AuditEventType.RECIPIENTS_ADDED ? List.of("unit-9", "unit-1", TRICKY, "unit-5") : List.of())
                    .occurredAt(StoreTestData.BASE.plusNanos(sequence * 1_001_000L))
                    .details(details).build());
        }

        AuditChainHead before = store().write(org, tx -> {
            AuditChainHead head = tx.tryLockAuditChain().orElseThrow();
            tx.appendAuditEvents(events);
            assertThat(tx.auditChainHead()).isEqualTo(new AuditChainHead(org, events.size(), events.get(events.size() - 1).hash()));
            return head;
        });

        assertThat(before).isEqualTo(AuditChainHead.empty(org));
        assertThat(allEvents(org)).containsExactlyElementsOf(events);
        assertThat(read(org, (StoreTransaction tx) -> tx.auditEventsOf(c.id()))).containsExactlyElementsOf(events);
        AuditEvent added = allEvents(org).stream().filter(e -> e.type() == AuditEventType.RECIPIENTS_ADDED).findFirst().orElseThrow();
        assertThat(added.unitIds()).containsExactly("unit-9", "unit-1", TRICKY, "unit-5");
        assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead()))
                .isEqualTo(new AuditChainHead(org, events.size(), events.get(events.size() - 1).hash()));
        assertThat(store().write(org, (StoreTransaction tx) -> tx.tryLockAuditChain().orElseThrow()))
                .isEqualTo(new AuditChainHead(org, events.size(), events.get(events.size() - 1).hash()));
    }

    @Test
    void appendsContinueTheChainAcrossUnitsOfWork() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        List<AuditEvent> expected = new ArrayList<>();
        for (long sequence = 1; sequence <= 12; sequence++) {
            AuditEvent event = auditEvent(org, sequence, sequence % 3 == 0 ? b : a).build();
            expected.add(event);
            append(org, event);
            assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead())).isEqualTo(new AuditChainHead(org, sequence, event.hash()));
        }

        assertThat(allEvents(org)).containsExactlyElementsOf(expected);
        assertThat(read(org, (StoreTransaction tx) -> tx.auditEventsOf(a))).extracting(AuditEvent::sequence)
                .containsExactly(1L, 2L, 4L, 5L, 7L, 8L, 10L, 11L);
        assertThat(read(org, (StoreTransaction tx) -> tx.auditEventsOf(b))).extracting(AuditEvent::sequence).containsExactly(3L, 6L, 9L, 12L);
        assertThat(read(org, (StoreTransaction tx) -> tx.auditEventsOf(UUID.randomUUID()))).isEmpty();
    }

    @Test
    void aRecipientsAddedEventKeeps50000UnitIdsInOrder() {
        List<String> unitIds = IntStream.range(0, 50_000).mapToObj(i -> "unit-" + (50_000 - i) + "-é😀").toList();
        AuditEvent event = auditEvent(org, 1, UUID.randomUUID()).type(AuditEventType.RECIPIENTS_ADDED).unitIds(unitIds)
                .details(Map.of("added", "50000")).build();
        append(org, event);

        AuditEvent stored = allEvents(org).get(0);
        assertThat(stored).isEqualTo(event);
        assertThat(stored.unitIds()).containsExactlyElementsOf(unitIds);
    }

    @Test
    void forEachAuditEventStreamsTheWholeChainInSequenceOrder() {
        List<AuditEvent> expected = new ArrayList<>();
        long prefix = UUID.randomUUID().getMostSignificantBits();
        for (long sequence = 1; sequence <= 1_000; sequence++) {
            // Ids run against sequence order, so that a store ordering by id instead of sequence fails.
            expected.add(auditEvent(org, sequence, UUID.randomUUID()).id(new UUID(prefix, 5_000 - sequence)).build());
        }
        for (int from = 0; from < expected.size(); from += 250) {
            List<AuditEvent> batch = expected.subList(from, from + 250);
            write(org, tx -> {
                tx.tryLockAuditChain().orElseThrow();
                tx.appendAuditEvents(batch);
            });
        }
        append(otherOrg, auditEvent(otherOrg, 1, UUID.randomUUID()).build());

        assertThat(allEvents(org)).containsExactlyElementsOf(expected);
        assertThat(allEvents(otherOrg)).hasSize(1);
    }

    @Test
    void appendingATakenSequenceIsConflictAndAppendsNothing() {
        UUID c = UUID.randomUUID();
        AuditEvent first = auditEvent(org, 1, c).build();
        AuditEvent second = auditEvent(org, 2, c).build();
        append(org, first, second);
        AuditChainHead head = read(org, tx -> tx.auditChainHead());

        List<List<AuditEvent>> clashes = List.of(
                List.of(auditEvent(org, 2, c).id(UUID.randomUUID()).hash(hash("fork")).build()),
                List.of(auditEvent(org, 1, c).hash(hash("fork at 1")).build()),
                List.of(auditEvent(org, 3, c).build(), auditEvent(org, 3, c).hash(hash("twice")).build()),
                List.of(auditEvent(org, 3, c).build(), auditEvent(org, 4, c).build(), auditEvent(org, 2, c).build()));
        for (List<AuditEvent> clash : clashes) {
            Throwable thrown = catchThrowable(() -> write(org, tx -> {
                tx.tryLockAuditChain().orElseThrow();
                tx.appendAuditEvents(clash);
            }));
            assertThat(thrown).as("append %s", clash.stream().map(AuditEvent::sequence).toList())
                    .isInstanceOf(CommunicationCentreException.class);
            assertThat(((CommunicationCentreException) thrown).code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(allEvents(org)).containsExactly(first, second);
            assertThat(read(org, (StoreTransaction tx) -> tx.auditChainHead())).isEqualTo(head);
        }
    }
}
