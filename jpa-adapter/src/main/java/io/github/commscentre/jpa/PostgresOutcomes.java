package io.github.commscentre.jpa;

import io.github.commscentre.Recipient;

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
 * Dispatch outcomes recorded on PostgreSQL as one set-based statement: the outcomes travel as parallel arrays, one per
 * column, joined to the rows by key. A JDBC batch of 500 single-row updates spent most of a dispatch round in the
 * database (each a statement of its own to parse, plan and execute); one statement updating 500 rows costs about a
 * third of that. Instants travel as ISO-8601 text, which PostgreSQL reads exactly to the microsecond the library
 * keeps, so no driver-specific array type is needed.
 */
final class PostgresOutcomes {

    /**
     * Parameters (ids, communication ids, delivery statuses, delivered at, opened at, failure reasons, updated at,
     * provider message ids, dispatch attempts, next attempt at, organisation id, claim). Only the fields an outcome may
     * change are set, which is what {@code StoreTransaction.recordDispatchOutcomes} promises.
     */
    static final String RECORD = "update cc_recipient r set delivery_status = u.delivery_status,"
            + " delivered_at = u.delivered_at, opened_at = u.opened_at, failure_reason = u.failure_reason,"
            + " updated_at = u.updated_at, provider_message_id = u.provider_message_id,"
            + " dispatch_attempts = u.dispatch_attempts, next_attempt_at = u.next_attempt_at, claim_token = null"
            + " from unnest(cast(? as uuid[]), cast(? as uuid[]), cast(? as varchar[]),"
            + " cast(cast(? as text[]) as timestamptz[]), cast(cast(? as text[]) as timestamptz[]), cast(? as text[]),"
            + " cast(cast(? as text[]) as timestamptz[]), cast(? as text[]), cast(? as int[]),"
            + " cast(cast(? as text[]) as timestamptz[]))"
            + " as u(id, communication_id, delivery_status, delivered_at, opened_at, failure_reason, updated_at,"
            + " provider_message_id, dispatch_attempts, next_attempt_at)"
            + " where r.organisation_id = ? and r.id = u.id and r.communication_id = u.communication_id"
            + " and r.claim_token = ? and r.delivery_status = 'pending'"
            + " returning r.id";

    private PostgresOutcomes() {
    }

    static Set<UUID> record(Connection connection, String organisationId, UUID claim, List<Recipient> updated)
            throws SQLException {
        int n = updated.size();
        UUID[] ids = new UUID[n];
        UUID[] communicationIds = new UUID[n];
        String[] statuses = new String[n];
        String[] deliveredAt = new String[n];
        String[] openedAt = new String[n];
        String[] reasons = new String[n];
        String[] updatedAt = new String[n];
        String[] messageIds = new String[n];
        Integer[] attempts = new Integer[n];
        String[] nextAttemptAt = new String[n];
        for (int i = 0; i < n; i++) {
            RecipientEntity e = EntityMapping.toEntity(updated.get(i));
            ids[i] = e.id;
            communicationIds[i] = e.communicationId;
            statuses[i] = e.deliveryStatus;
            deliveredAt[i] = text(e.deliveredAt);
            openedAt[i] = text(e.openedAt);
            reasons[i] = e.failureReason;
            updatedAt[i] = text(e.updatedAt);
            messageIds[i] = e.providerMessageId;
            attempts[i] = e.dispatchAttempts;
            nextAttemptAt[i] = text(e.nextAttemptAt);
        }
        List<Array> arrays = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(RECORD)) {
            int index = 1;
            statement.setArray(index++, array(connection, arrays, "uuid", ids));
            statement.setArray(index++, array(connection, arrays, "uuid", communicationIds));
            statement.setArray(index++, array(connection, arrays, "varchar", statuses));
            statement.setArray(index++, array(connection, arrays, "text", deliveredAt));
            statement.setArray(index++, array(connection, arrays, "text", openedAt));
            statement.setArray(index++, array(connection, arrays, "text", reasons));
            statement.setArray(index++, array(connection, arrays, "text", updatedAt));
            statement.setArray(index++, array(connection, arrays, "text", messageIds));
            statement.setArray(index++, array(connection, arrays, "int4", attempts));
            statement.setArray(index++, array(connection, arrays, "text", nextAttemptAt));
            statement.setString(index++, organisationId);
            statement.setObject(index, claim);
            Set<UUID> replaced = new HashSet<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    replaced.add(rs.getObject(1, UUID.class));
                }
            }
            Set<UUID> inOrder = new LinkedHashSet<>();
            for (UUID id : ids) {
                if (replaced.contains(id)) {
                    inOrder.add(id);
                }
            }
            return Collections.unmodifiableSet(inOrder);
        } finally {
            for (Array array : arrays) {
                array.free();
            }
        }
    }

    private static Array array(Connection connection, List<Array> arrays, String type, Object[] elements)
            throws SQLException {
        Array array = connection.createArrayOf(type, elements);
        arrays.add(array);
        return array;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
