package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.spi.AuditEventSink;
import io.github.commscentre.spi.MalformedAuditEvent;
import io.github.commscentre.spi.StoreTransaction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.github.commscentre.testkit.StoreTestData.auditEvent;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code forEachStoredAuditEvent}, the stream {@code verifyAuditTrail} reads: every event of the organisation exactly as
 * stored, the linked ones in sequence order and then the pending ones in the order they were appended, across more
 * than one page of each, and nothing of another organisation. How a store hands over a damaged row
 * ({@code malformed}) cannot be provoked through the SPI; the database stores prove it with direct SQL.
 */
abstract class StoredAuditEventsContract extends StoreContractFixture {

    /** What a sink received, in order. */
    private static final class Received implements AuditEventSink {
        final List<AuditEvent> events = new ArrayList<>();
        final List<MalformedAuditEvent> malformed = new ArrayList<>();

        @Override
        public void accept(AuditEvent event) {
            events.add(event);
        }

        @Override
        public void malformed(MalformedAuditEvent row) {
            malformed.add(row);
        }
    }

    private Received stored(String organisationId) {
        return read(organisationId, (StoreTransaction tx) -> {
            Received received = new Received();
            tx.forEachStoredAuditEvent(received);
            return received;
        });
    }

    @Test
    void linkedEventsComeInSequenceOrderThenPendingOnesInAppendOrder() {
        List<AuditEvent> linked = new ArrayList<>();
        long prefix = UUID.randomUUID().getMostSignificantBits();
        for (long sequence = 1; sequence <= 1_100; sequence++) {
            // Ids run against sequence order, so that a store ordering by id instead fails.
            linked.add(auditEvent(org, sequence, UUID.randomUUID()).id(new UUID(prefix, 9_000 - sequence)).build());
        }
        for (int from = 0; from < linked.size(); from += 275) {
            List<AuditEvent> batch = linked.subList(from, from + 275);
            write(org, tx -> {
                tx.tryLockAuditChain().orElseThrow();
                tx.appendAuditEvents(batch);
            });
        }
        List<AuditEvent> pending = new ArrayList<>();
        for (int i = 0; i < 1_050; i++) {
            // Random ids: only the append order may order them.
            pending.add(auditEvent(org, 0, UUID.randomUUID()).previousHash(null).hash(null).build());
        }
        for (int from = 0; from < pending.size(); from += 350) {
            List<AuditEvent> batch = pending.subList(from, from + 350);
            write(org, tx -> tx.appendAuditEvents(batch));
        }
        append(otherOrg, auditEvent(otherOrg, 1, UUID.randomUUID()).build());
        write(otherOrg, tx -> tx.appendAuditEvents(List.of(auditEvent(otherOrg, 0, UUID.randomUUID())
                .previousHash(null).hash(null).build())));

        Received received = stored(org);

        assertThat(received.malformed).isEmpty();
        List<AuditEvent> expected = new ArrayList<>(linked);
        expected.addAll(pending);
        assertThat(received.events).containsExactlyElementsOf(expected);
        assertThat(stored(otherOrg).events).hasSize(2);
    }

    @Test
    void anOrganisationWithoutEventsStreamsNothing() {
        Received received = stored(org);
        assertThat(received.events).isEmpty();
        assertThat(received.malformed).isEmpty();
    }
}
