package io.github.commscentre.jpa;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.RecipientChange;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Updates of many rows on PostgreSQL as one set-based statement each: the new values travel as parallel arrays, one per
 * column, joined to the rows by key ({@code update ... from unnest(...)}). A JDBC batch of 500 or 1,000 single-row
 * updates spent most of a dispatch round, a webhook batch or a linking in the database, each row a statement of its
 * own to parse, plan and execute; one statement updating them all costs a fraction of that. Instants travel as
 * ISO-8601 text, which PostgreSQL reads exactly to the microsecond the library keeps, so that no driver-specific array
 * type is needed. Each statement answers the ids it updated.
 */
final class PostgresSetUpdates {

    /**
     * The recipient's columns that an update may change, each set from the array of the same name. The others are the
     * snapshot (unit, position, name, email, address, who added it when), which never changes: the database refuses
     * it (V2's guard), so sending them would only cost the arrays.
     */
    private static final String RECIPIENT_SETS = "delivery_status = u.delivery_status, delivered_at = u.delivered_at,"
            + " opened_at = u.opened_at, failure_reason = u.failure_reason, updated_at = u.updated_at,"
            + " provider_message_id = u.provider_message_id, dispatch_attempts = u.dispatch_attempts,"
            + " next_attempt_at = u.next_attempt_at";

    /** The arrays, in {@link #bindRecipients}'s order, then one more column each caller names. */
    private static final String RECIPIENT_ARRAYS = "unnest(cast(? as uuid[]), cast(? as uuid[]), cast(? as varchar[]), "
            + instants(2) + ", cast(? as text[]), " + instants(1) + ", cast(? as text[]), cast(? as int4[]), "
            + instants(1) + ", cast(? as varchar[]))"
            + " as u(id, communication_id, delivery_status, delivered_at, opened_at, failure_reason, updated_at,"
            + " provider_message_id, dispatch_attempts, next_attempt_at, extra)";

    /**
     * Dispatch outcomes: applies where the row still holds the claim and is pending, and releases the claim. Parameters
     * (the arrays, an unused last one, organisation id, claim).
     */
    static final String RECORD_OUTCOMES = "update cc_recipient r set " + RECIPIENT_SETS + ", claim_token = null from "
            + RECIPIENT_ARRAYS + " where r.organisation_id = ? and r.id = u.id and r.communication_id = u.communication_id"
            + " and r.claim_token = ? and r.delivery_status = 'pending' returning r.id";

    /** Compare-and-set on the delivery status, the expected status in the last array. Parameters (the arrays, org). */
    static final String COMPARE_AND_SET = "update cc_recipient r set " + RECIPIENT_SETS + " from " + RECIPIENT_ARRAYS
            + " where r.organisation_id = ? and r.id = u.id and r.communication_id = u.communication_id"
            + " and r.delivery_status = u.extra returning r.id";

    /** Links pending events; only a pending row matches. Parameters (ids, sequences, previous hashes, hashes, org). */
    static final String LINK = "update cc_audit_event e set sequence = u.sequence, previous_hash = u.previous_hash,"
            + " hash = u.hash from unnest(cast(? as uuid[]), cast(? as int8[]), cast(? as varchar[]), cast(? as varchar[]))"
            + " as u(id, sequence, previous_hash, hash)"
            + " where e.organisation_id = ? and e.id = u.id and e.sequence is null returning e.id";

    /**
     * Appends events as one set-based insert; linked ones then move the head in the same statement. Parameters (the
     * twelve arrays of {@link AuditEventRows#COLUMNS}, then for {@link #APPEND_AND_MOVE} the move's three).
     */
    static final String APPEND = "insert into cc_audit_event (" + AuditEventRows.COLUMNS + ")"
            + " select * from unnest(cast(? as varchar[]), cast(? as uuid[]), cast(? as int8[]), cast(? as uuid[]),"
            + " cast(? as uuid[]), cast(? as varchar[]), cast(? as varchar[]), " + instants(1) + ", cast(? as text[]),"
            + " cast(? as text[]), cast(? as varchar[]), cast(? as varchar[]))";

    /** {@link #APPEND}, and the head moved to the last linked event; the update count says whether a head row moved. */
    static final String APPEND_AND_MOVE = "with appended as (" + APPEND + " returning 1) " + ChainHeadRows.MOVE;

    private PostgresSetUpdates() {
    }

    /**
     * Appends the events in one statement, moving the head to {@code lastLinked} in it when there is one.
     *
     * @return the head rows moved: 0 when the organisation has no head row yet, or nothing was linked
     */
    static int appendEvents(Connection connection, String organisationId, List<AuditEvent> events, AuditEvent lastLinked)
            throws SQLException {
        int n = events.size();
        Object[][] columns = new Object[12][n];
        for (int i = 0; i < n; i++) {
            AuditEventEntity e = EntityMapping.toEntity(events.get(i));
            Object[] row = {e.organisationId, e.id, e.sequence, e.communicationId, e.recipientId, e.eventType,
                e.actorUserId, text(e.occurredAt), e.details, e.unitIds, e.previousHash, e.hash};
            for (int c = 0; c < row.length; c++) {
                columns[c][i] = row[c];
            }
        }
        String[] types = {"varchar", "uuid", "int8", "uuid", "uuid", "varchar", "varchar", "text", "text", "text",
            "varchar", "varchar"};
        List<Array> arrays = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(lastLinked == null ? APPEND : APPEND_AND_MOVE)) {
            for (int c = 0; c < columns.length; c++) {
                statement.setArray(c + 1, array(connection, arrays, types[c], columns[c]));
            }
            if (lastLinked == null) {
                statement.executeUpdate();
                return 0;
            }
            ChainHeadRows.bindMove(statement, 13, organisationId, lastLinked);
            return statement.executeUpdate();
        } finally {
            free(arrays);
        }
    }

    /** @return the ids of the recipients replaced, in the order given */
    static Set<UUID> recordOutcomes(Connection connection, String organisationId, UUID claim, List<Recipient> updated)
            throws SQLException {
        List<Array> arrays = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(RECORD_OUTCOMES)) {
            int next = bindRecipients(connection, statement, arrays, updated, new String[updated.size()]);
            statement.setString(next, organisationId);
            statement.setObject(next + 1, claim);
            return inOrder(statement, ids(updated));
        } finally {
            free(arrays);
        }
    }

    /** @return the ids of the recipients replaced, in the order given */
    static Set<UUID> compareAndSet(Connection connection, String organisationId, List<RecipientChange> changes)
            throws SQLException {
        List<Recipient> updated = new ArrayList<>(changes.size());
        String[] expected = new String[changes.size()];
        for (int i = 0; i < expected.length; i++) {
            updated.add(changes.get(i).updated());
            expected[i] = changes.get(i).expectedStatus().wireName();
        }
        List<Array> arrays = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(COMPARE_AND_SET)) {
            int next = bindRecipients(connection, statement, arrays, updated, expected);
            statement.setString(next, organisationId);
            return inOrder(statement, ids(updated));
        } finally {
            free(arrays);
        }
    }

    /**
     * Links the events, all or none: an event that is not pending (linked already, or never appended) is refused as
     * {@code CONFLICT}, and the caller's transaction then rolls back.
     */
    static void link(Connection connection, String organisationId, List<AuditEvent> linked) throws SQLException {
        int n = linked.size();
        UUID[] ids = new UUID[n];
        Long[] sequences = new Long[n];
        String[] previous = new String[n];
        String[] hashes = new String[n];
        for (int i = 0; i < n; i++) {
            AuditEvent event = linked.get(i);
            ids[i] = event.id();
            sequences[i] = event.sequence();
            previous[i] = event.previousHash();
            hashes[i] = event.hash();
        }
        List<Array> arrays = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(LINK)) {
            statement.setArray(1, array(connection, arrays, "uuid", ids));
            statement.setArray(2, array(connection, arrays, "int8", sequences));
            statement.setArray(3, array(connection, arrays, "varchar", previous));
            statement.setArray(4, array(connection, arrays, "varchar", hashes));
            statement.setString(5, organisationId);
            Set<UUID> done = inOrder(statement, List.of(ids));
            if (done.size() != n) {
                for (UUID id : ids) {
                    if (!done.contains(id)) {
                        throw CommunicationCentreException.conflict("audit event " + id
                                + " is not pending: it was linked already or never appended");
                    }
                }
            }
        } finally {
            free(arrays);
        }
    }

    /** Binds the recipients' ten arrays and {@code extra} from the first parameter on; @return the next parameter */
    private static int bindRecipients(Connection connection, PreparedStatement statement, List<Array> arrays,
                                      List<Recipient> recipients, String[] extra) throws SQLException {
        int n = recipients.size();
        Object[][] columns = new Object[10][n];
        for (int i = 0; i < n; i++) {
            RecipientEntity e = EntityMapping.toEntity(recipients.get(i));
            Object[] row = {e.id, e.communicationId, e.deliveryStatus, text(e.deliveredAt), text(e.openedAt),
                e.failureReason, text(e.updatedAt), e.providerMessageId, e.dispatchAttempts, text(e.nextAttemptAt)};
            for (int c = 0; c < row.length; c++) {
                columns[c][i] = row[c];
            }
        }
        String[] types = {"uuid", "uuid", "varchar", "text", "text", "text", "text", "text", "int4", "text"};
        int index = 1;
        for (int c = 0; c < columns.length; c++) {
            statement.setArray(index++, array(connection, arrays, types[c], columns[c]));
        }
        statement.setArray(index++, array(connection, arrays, "varchar", extra));
        return index;
    }

    private static Set<UUID> inOrder(PreparedStatement statement, List<UUID> given) throws SQLException {
        Set<UUID> updated = new HashSet<>();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                updated.add(rs.getObject(1, UUID.class));
            }
        }
        Set<UUID> ordered = new LinkedHashSet<>();
        for (UUID id : given) {
            if (updated.contains(id)) {
                ordered.add(id);
            }
        }
        return Collections.unmodifiableSet(ordered);
    }

    private static List<UUID> ids(List<Recipient> recipients) {
        List<UUID> ids = new ArrayList<>(recipients.size());
        recipients.forEach(r -> ids.add(r.id()));
        return ids;
    }

    static Array array(Connection connection, List<Array> arrays, String type, Object[] elements)
            throws SQLException {
        Array array = connection.createArrayOf(type, elements);
        arrays.add(array);
        return array;
    }

    static void free(List<Array> arrays) throws SQLException {
        for (Array array : arrays) {
            array.free();
        }
    }

    private static String instants(int count) {
        return String.join(", ", Collections.nCopies(count, "cast(cast(? as text[]) as timestamptz[])"));
    }

    static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
