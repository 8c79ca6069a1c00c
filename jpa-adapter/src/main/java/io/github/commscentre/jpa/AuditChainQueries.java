package io.github.commscentre.jpa;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.spi.AuditChainHead;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import static io.github.commscentre.jpa.TransactionContext.STREAM_PAGE_SIZE;

/** The audit chain of one store transaction's organisation: its head, and the events appended to it. */
final class AuditChainQueries {

    /**
     * Parameters (organisation id, after sequence). The ORDER BY names the index's leading column, so that H2 reads
     * the index in order and stops after the page instead of sorting every later event (see CommunicationListing).
     */
    private static final String EVENT_PAGE = "select " + AuditEventRows.COLUMNS + " from cc_audit_event"
            + " where organisation_id = ? and sequence > ? order by organisation_id, sequence"
            + " fetch first " + STREAM_PAGE_SIZE + " rows only";

    /** Parameters (organisation id, communication id). Leading constant columns: see CommunicationListing. */
    private static final String EVENTS_OF = "select " + AuditEventRows.COLUMNS + " from cc_audit_event"
            + " where organisation_id = ? and communication_id = ?"
            + " order by organisation_id, communication_id, sequence nulls last, append_order";

    private final TransactionContext context;

    AuditChainQueries(TransactionContext context) {
        this.context = context;
    }

    AuditChainHead head() {
        return context.guard("reading the audit chain head", () -> context.first(context.em.createQuery(
                        "select h from CcAuditChainHead h where h.organisationId = :org", AuditChainHeadEntity.class)
                .setParameter("org", context.organisationId), EntityMapping::toDomain)
                .orElseGet(() -> AuditChainHead.empty(context.organisationId)));
    }

    /**
     * Appends the events in plain JDBC. Linked ones (only under the chain lock, which the caller took) move the head;
     * the usual single linked event costs the dialect's one-round-trip append.
     */
    void append(List<AuditEvent> events) {
        context.guard("appending audit events", () -> context.jdbc(connection -> {
            AuditEvent lastLinked = null;
            for (AuditEvent event : events) {
                if (event.isLinked()) {
                    lastLinked = event;
                }
            }
            if (events.size() == 1 && lastLinked != null) {
                if (context.dialect.appendEventAndMoveHead(connection, context.organisationId, lastLinked) == 0) {
                    ChainHeadRows.insert(connection, context.organisationId, lastLinked);
                }
                return null;
            }
            if (context.dialect.appendEvents(connection, context.organisationId, events, lastLinked) == 0
                    && lastLinked != null) {
                ChainHeadRows.insert(connection, context.organisationId, lastLinked);
            }
            return null;
        }));
    }

    /** Linked events in sequence order, then pending ones in the order they were appended. */
    List<AuditEvent> eventsOf(UUID communicationId) {
        return context.guard("reading audit events", () -> context.jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(EVENTS_OF)) {
                statement.setString(1, context.organisationId);
                statement.setObject(2, communicationId);
                List<AuditEvent> events = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        events.add(AuditEventRows.read(rs));
                    }
                }
                return List.copyOf(events);
            }
        }));
    }

    /** Streams in plain JDBC: verifying a chain reads every event once and never changes one. */
    void forEach(Consumer<AuditEvent> consumer) {
        context.requireSnapshot();
        long afterSequence = Long.MIN_VALUE;
        while (true) {
            List<AuditEvent> page = page(afterSequence);
            page.forEach(consumer);
            if (page.size() < STREAM_PAGE_SIZE) {
                return;
            }
            afterSequence = page.get(page.size() - 1).sequence();
        }
    }

    private List<AuditEvent> page(long afterSequence) {
        return context.guard("reading audit events", () -> context.jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(EVENT_PAGE)) {
                statement.setString(1, context.organisationId);
                statement.setLong(2, afterSequence);
                List<AuditEvent> page = new ArrayList<>(STREAM_PAGE_SIZE);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        page.add(AuditEventRows.read(rs));
                    }
                }
                return page;
            }
        }));
    }
}
