package io.github.commscentre.jpa;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.spi.UpdateAndAppend;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import static io.github.commscentre.jpa.TransactionContext.STREAM_PAGE_SIZE;

/**
 * Linking the audit chain of one store transaction's organisation: the chain lock that linkers only ever try, the
 * pending events in the order they were appended, and giving them their place. Writers never come here but to append.
 */
final class AuditLinkQueries {

    /**
     * Parameters (organisation id); the dialect's try-lock clause is appended. On PostgreSQL one round trip answers
     * the head row, the end of the chain as the linked events show it, and whether anything waits to be linked, so the
     * usual write costs the statements it cost when writers appended under the lock. The subqueries see the snapshot
     * the statement started with, while the locked head row is its latest version: when another linker committed in
     * between, the two disagree, and the chain's end is read again in a statement of its own.
     */
    static final String TRY_LOCK_HEAD_WITH_CHAIN_END = "select h.organisation_id, h.last_sequence, h.last_hash,"
            + " (select e.sequence from cc_audit_event e where e.organisation_id = h.organisation_id"
            + " and e.sequence is not null order by e.organisation_id, e.sequence desc fetch first 1 rows only),"
            + " (select e.hash from cc_audit_event e where e.organisation_id = h.organisation_id"
            + " and e.sequence is not null order by e.organisation_id, e.sequence desc fetch first 1 rows only),"
            + " exists (select 1 from cc_audit_event p where p.organisation_id = h.organisation_id and p.sequence is null)"
            + " from cc_audit_chain_head h where h.organisation_id = ?";

    /** Parameters (organisation id); the dialect's try-lock clause is appended. The head row alone. */
    static final String TRY_LOCK_HEAD = "select " + ChainHeadRows.COLUMNS + " from cc_audit_chain_head"
            + " where organisation_id = ?";

    /** The end of the chain as the linked events show it. */
    private static final String LAST_LINKED = "select sequence, hash from cc_audit_event"
            + " where organisation_id = ? and sequence is not null order by organisation_id, sequence desc"
            + " fetch first 1 rows only";

    private static final String HEAD_EXISTS = "select 1 from cc_audit_chain_head where organisation_id = ?";

    /** Parameters (organisation id, after append order, limit). */
    private static final String PENDING_PAGE = "select " + AuditEventRows.COLUMNS + ", append_order from cc_audit_event"
            + " where organisation_id = ? and sequence is null and append_order > ? order by append_order"
            + " fetch first ? rows only";

    /** Only a pending row matches, so an event can never be linked twice. */
    private static final String LINK = "update cc_audit_event set sequence = ?, previous_hash = ?, hash = ?"
            + " where organisation_id = ? and id = ? and sequence is null";

    private final TransactionContext context;
    /** Set when this transaction's chain lock saw no pending event; a writer's common case then asks no more. */
    private boolean nothingPending;

    AuditLinkQueries(TransactionContext context) {
        this.context = context;
    }

    /**
     * @return the locked end of the chain as the linked events show it (a lost or rewound head row is not believed),
     *         or empty when another transaction holds the lock
     */
    Optional<AuditChainHead> tryLock() {
        return context.guard("locking the audit chain", () -> context.jdbc(connection -> {
            Optional<LockedHead> head = lockedHead(connection);
            if (head.isEmpty()) {
                if (headExists(connection)) {
                    return Optional.<AuditChainHead>empty();
                }
                // The organisation's first linking, or its head row was deleted: the events say where the chain ends.
                context.dialect.createChainHeadIfAbsent(connection, context.organisationId);
                head = lockedHead(connection);
                if (head.isEmpty()) {
                    return Optional.<AuditChainHead>empty();
                }
            }
            nothingPending = !head.get().pending();
            return Optional.of(head.get().endOfChain());
        }));
    }

    /** @return whether the event was appended linked after {@code expected}, with the chain lock now held */
    boolean tryAppendLinkedAfter(AuditChainHead expected, AuditEvent linked) {
        return context.guard("appending a linked audit event", () -> context.jdbc(connection ->
                context.dialect.tryAppendLinkedAfter(connection, context.organisationId, expected, linked)));
    }

    /** @return what was written: the recipient's compare-and-set, and the event only if that replaced it */
    UpdateAndAppend updateRecipientAndTryAppendLinked(Recipient updated, DeliveryStatus expectedStatus,
                                                      AuditChainHead expected, AuditEvent linked) {
        return context.guard("updating a recipient and appending its audit event", () -> context.jdbc(connection ->
                context.dialect.updateRecipientAndTryAppendLinked(connection, context.organisationId, updated,
                        expectedStatus, expected, linked)));
    }

    /** @return whether the recipient was replaced and its pending event appended */
    boolean updateRecipientAndAppendPending(Recipient updated, DeliveryStatus expectedStatus, AuditEvent pending) {
        return context.guard("updating a recipient and appending its audit event", () -> context.jdbc(connection ->
                context.dialect.updateRecipientAndAppendPending(connection, updated, expectedStatus, pending)));
    }

    List<AuditEvent> pending(int limit) {
        if (nothingPending) {
            // The lock taken a moment ago saw none, and only this transaction could have linked any since.
            return List.of();
        }
        List<AuditEvent> events = new ArrayList<>();
        page(Long.MIN_VALUE, limit, events);
        return List.copyOf(events);
    }

    void forEachPending(Consumer<AuditEvent> consumer) {
        context.requireSnapshot();
        long after = Long.MIN_VALUE;
        while (true) {
            List<AuditEvent> events = new ArrayList<>(STREAM_PAGE_SIZE);
            long last = page(after, STREAM_PAGE_SIZE, events);
            events.forEach(consumer);
            if (events.size() < STREAM_PAGE_SIZE) {
                return;
            }
            after = last;
        }
    }

    /** Sets the link columns of each event, all or none, and moves the head to the last. */
    void link(List<AuditEvent> linked) {
        context.guard("linking audit events", () -> context.jdbcJoiningArrays(connection -> {
            context.dialect.linkAuditEvents(connection, context.organisationId, linked);
            ChainHeadRows.move(connection, context.organisationId, linked.get(linked.size() - 1));
            return null;
        }));
    }

    /** One JDBC batch of {@link #LINK}, a row a statement; a row not pending is refused as {@code CONFLICT}. */
    static void linkInBatch(Connection connection, String organisationId, List<AuditEvent> linked) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(LINK)) {
            for (AuditEvent event : linked) {
                statement.setLong(1, event.sequence());
                statement.setString(2, event.previousHash());
                statement.setString(3, event.hash());
                statement.setString(4, organisationId);
                statement.setObject(5, event.id());
                statement.addBatch();
            }
            int[] counts = statement.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    throw CommunicationCentreException.conflict("audit event " + linked.get(i).id()
                            + " is not pending: it was linked already or never appended");
                }
            }
        }
    }

    int countPending(Collection<UUID> eventIds) {
        List<UUID> ids = List.copyOf(new java.util.LinkedHashSet<>(eventIds));
        String sql = "select count(*) from cc_audit_event where organisation_id = ? and sequence is null and id in ("
                + String.join(", ", java.util.Collections.nCopies(ids.size(), "?")) + ")";
        return context.guard("counting pending audit events", () -> context.jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, context.organisationId);
                for (int i = 0; i < ids.size(); i++) {
                    statement.setObject(i + 2, ids.get(i));
                }
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        }));
    }

    /** @return the append order of the last row read, to continue after */
    private long page(long afterAppendOrder, int limit, List<AuditEvent> into) {
        return context.guard("reading pending audit events", () -> context.jdbc(connection -> {
            long last = afterAppendOrder;
            try (PreparedStatement statement = connection.prepareStatement(PENDING_PAGE)) {
                statement.setString(1, context.organisationId);
                statement.setLong(2, afterAppendOrder);
                statement.setInt(3, limit);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        into.add(AuditEventRows.read(rs));
                        last = rs.getLong(13);
                    }
                }
            }
            return last;
        }));
    }

    /** The locked head row, the last linked event, and whether any event waits. */
    private record LockedHead(String organisationId, long lastLinkedSequence, String lastLinkedHash, boolean pending) {
        AuditChainHead endOfChain() {
            return lastLinkedHash == null ? AuditChainHead.empty(organisationId)
                    : new AuditChainHead(organisationId, lastLinkedSequence, lastLinkedHash);
        }
    }

    private Optional<LockedHead> lockedHead(Connection connection) throws SQLException {
        boolean oneRoundTrip = context.dialect.tryLockAnswersChainEnd();
        String sql = (oneRoundTrip ? TRY_LOCK_HEAD_WITH_CHAIN_END : TRY_LOCK_HEAD) + context.dialect.tryRowLock();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, context.organisationId);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                if (oneRoundTrip) {
                    long headSequence = rs.getLong(2);
                    String headHash = rs.getString(3);
                    long linkedSequence = rs.getLong(4);
                    String linkedHash = rs.getString(5);
                    boolean agree = linkedHash == null ? headSequence == 0
                            : headSequence == linkedSequence && headHash.equals(linkedHash);
                    if (agree) {
                        return Optional.of(new LockedHead(rs.getString(1), linkedSequence, linkedHash, rs.getBoolean(6)));
                    }
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(LAST_LINKED)) {
            statement.setString(1, context.organisationId);
            try (ResultSet rs = statement.executeQuery()) {
                boolean any = rs.next();
                // Pending events are then looked up when asked for, in a statement (and snapshot) of their own.
                return Optional.of(new LockedHead(context.organisationId, any ? rs.getLong(1) : 0, any ? rs.getString(2) : null,
                        true));
            }
        }
    }

    private boolean headExists(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(HEAD_EXISTS)) {
            statement.setString(1, context.organisationId);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }
}
