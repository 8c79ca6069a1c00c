package io.github.commscentre.jpa;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.spi.AuditChainHead;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import static io.github.commscentre.jpa.TransactionContext.STREAM_PAGE_SIZE;

/** The audit chain of one store transaction's organisation: its head, and the events appended to it. */
final class AuditChainQueries {

    /** Parameters (organisation id); the dialect's row lock is appended. */
    private static final String LOCK_HEAD = "select " + ChainHeadRows.COLUMNS + " from cc_audit_chain_head"
            + " where organisation_id = ?";

    /**
     * Parameters (organisation id, after sequence). The ORDER BY names the index's leading column, so that H2 reads
     * the index in order and stops after the page instead of sorting every later event (see CommunicationListing).
     */
    private static final String EVENT_PAGE = "select " + AuditEventRows.COLUMNS + " from cc_audit_event"
            + " where organisation_id = ? and sequence > ? order by organisation_id, sequence"
            + " fetch first " + STREAM_PAGE_SIZE + " rows only";

    private final TransactionContext context;

    AuditChainQueries(TransactionContext context) {
        this.context = context;
    }

    /** The common case costs one statement; only an organisation's very first write creates the head row. */
    AuditChainHead lock() {
        return context.guard("locking the audit chain", () -> {
            Optional<AuditChainHead> head = lockedHead();
            if (head.isPresent()) {
                return head.get();
            }
            context.jdbc(connection -> {
                context.dialect.createChainHeadIfAbsent(connection, context.organisationId);
                return null;
            });
            return lockedHead().orElseThrow(() -> CommunicationCentreException.conflict(
                    "the audit chain of the organisation is being created by a concurrent call; retry"));
        });
    }

    private Optional<AuditChainHead> lockedHead() {
        return context.jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(LOCK_HEAD + context.dialect.rowLock())) {
                statement.setString(1, context.organisationId);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? Optional.of(ChainHeadRows.read(rs)) : Optional.<AuditChainHead>empty();
                }
            }
        });
    }

    AuditChainHead head() {
        return context.guard("reading the audit chain head", () -> context.first(context.em.createQuery(
                        "select h from CcAuditChainHead h where h.organisationId = :org", AuditChainHeadEntity.class)
                .setParameter("org", context.organisationId), EntityMapping::toDomain)
                .orElseGet(() -> AuditChainHead.empty(context.organisationId)));
    }

    /**
     * Appends the events and moves the head in plain JDBC: this runs under the organisation's chain lock, which every
     * writer of the organisation queues for, so whatever it costs is paid once per write by all of them.
     */
    void append(List<AuditEvent> events) {
        context.guard("appending audit events", () -> context.jdbc(connection -> {
            AuditEvent last = events.get(events.size() - 1);
            int moved;
            if (events.size() == 1) {
                moved = context.dialect.appendEventAndMoveHead(connection, context.organisationId, last);
            } else {
                AuditEventRows.insert(connection, events);
                moved = ChainHeadRows.move(connection, context.organisationId, last);
            }
            if (moved == 0) {
                // Only when the caller appended without lockAuditChain; a concurrent creator then hits the primary key.
                ChainHeadRows.insert(connection, context.organisationId, last);
            }
            return null;
        }));
    }

    List<AuditEvent> eventsOf(UUID communicationId) {
        return context.guard("reading audit events", () -> context.detached(context.em.createQuery(
                        "select e from CcAuditEvent e where e.organisationId = :org and e.communicationId = :communicationId"
                                // Leading constant columns: see CommunicationListing.
                                + " order by e.organisationId, e.communicationId, e.sequence", AuditEventEntity.class)
                .setParameter("org", context.organisationId)
                .setParameter("communicationId", communicationId), EntityMapping::toDomain));
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
