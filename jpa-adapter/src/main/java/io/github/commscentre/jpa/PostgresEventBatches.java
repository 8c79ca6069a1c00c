package io.github.commscentre.jpa;

import io.github.commscentre.Recipient;
import io.github.commscentre.spi.LockedRecipients;
import io.github.commscentre.spi.ProviderEventRecord;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The two statements a batch of provider webhook events starts with on PostgreSQL, each doing what took two before: the
 * recipients found by id and by provider message id and locked together, and the event ids recorded where new, which
 * tells at once which were seen before. Two round trips and two index passes fewer in every batch.
 */
final class PostgresEventBatches {

    /**
     * The ids named, and those the provider message ids find, locked in id order as {@link PostgresDialect}'s
     * {@code LOCK_RECIPIENTS} does, so that two batches naming the same recipients queue instead of deadlocking. The
     * wanted ids are materialized, so that each probes the primary key whatever the statistics say. Parameters
     * (recipient ids, provider message ids, organisation id, organisation id).
     */
    static final String LOCK_FOR_EVENTS = "with wanted as materialized (select t.i as id from unnest(cast(? as uuid[])) as t(i)"
            + " union select m.id from unnest(cast(? as varchar[])) as x(p)"
            + " join cc_recipient m on m.organisation_id = ? and m.provider_message_id = x.p)"
            + " select " + prefixed("r.", RecipientRows.COLUMNS) + " from wanted w"
            + " join cc_recipient r on r.organisation_id = ? and r.id = w.id order by r.id for no key update of r";

    /**
     * The events inserted from arrays, those recorded before skipped; answers the ones inserted. A concurrent
     * transaction inserting the same id makes this one wait for it and then skip the id. Parameters (organisation id,
     * provider, event ids, recipient ids, received-at instants as text).
     */
    static final String RECORD_NEW = "insert into cc_provider_event"
            + " (organisation_id, provider, provider_event_id, recipient_id, received_at)"
            + " select ?, ?, e.event_id, e.recipient_id, cast(e.received_at as timestamptz)"
            + " from unnest(cast(? as varchar[]), cast(? as uuid[]), cast(? as text[])) as e(event_id, recipient_id, received_at)"
            + " on conflict (organisation_id, provider, provider_event_id) do nothing returning provider_event_id";

    private PostgresEventBatches() {
    }

    static LockedRecipients lockForEvents(Connection connection, String organisationId, Collection<UUID> recipientIds,
                                          Collection<String> providerMessageIds) throws SQLException {
        Map<UUID, Recipient> byId = new LinkedHashMap<>();
        List<Array> arrays = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(LOCK_FOR_EVENTS)) {
            statement.setArray(1, PostgresSetUpdates.array(connection, arrays, "uuid", recipientIds.toArray()));
            statement.setArray(2, PostgresSetUpdates.array(connection, arrays, "varchar", providerMessageIds.toArray()));
            statement.setString(3, organisationId);
            statement.setString(4, organisationId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Recipient r = RecipientRows.read(rs);
                    byId.put(r.id(), r);
                }
            }
        } finally {
            PostgresSetUpdates.free(arrays);
        }
        // Every recipient a requested message id names came back (by the message id, if not by its own id), so a
        // message id on more than one of them is seen here: it names none of them.
        Set<String> wanted = new HashSet<>(providerMessageIds);
        Map<String, UUID> byMessageId = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        for (Recipient r : byId.values()) {
            String messageId = r.providerMessageId();
            if (messageId != null && wanted.contains(messageId) && byMessageId.putIfAbsent(messageId, r.id()) != null) {
                ambiguous.add(messageId);
            }
        }
        byMessageId.keySet().removeAll(ambiguous);
        return new LockedRecipients(byId, byMessageId);
    }

    /** @return the event ids inserted now */
    static Set<String> recordNew(Connection connection, String organisationId, String provider,
                                 List<ProviderEventRecord> events) throws SQLException {
        // In event id order, so that two batches recording some of the same ids wait for each other in one order.
        List<ProviderEventRecord> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(ProviderEventRecord::providerEventId));
        int n = sorted.size();
        String[] eventIds = new String[n];
        UUID[] recipientIds = new UUID[n];
        String[] receivedAt = new String[n];
        for (int i = 0; i < n; i++) {
            ProviderEventRecord e = sorted.get(i);
            eventIds[i] = e.providerEventId();
            recipientIds[i] = e.recipientId();
            receivedAt[i] = PostgresSetUpdates.text(e.receivedAt());
        }
        Set<String> inserted = new LinkedHashSet<>();
        List<Array> arrays = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(RECORD_NEW)) {
            statement.setString(1, organisationId);
            statement.setString(2, provider);
            statement.setArray(3, PostgresSetUpdates.array(connection, arrays, "varchar", eventIds));
            statement.setArray(4, PostgresSetUpdates.array(connection, arrays, "uuid", recipientIds));
            statement.setArray(5, PostgresSetUpdates.array(connection, arrays, "text", receivedAt));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getString(1));
                }
            }
        } finally {
            PostgresSetUpdates.free(arrays);
        }
        return inserted;
    }

    /** @return the comma-separated columns, each with the prefix */
    private static String prefixed(String prefix, String columns) {
        StringBuilder out = new StringBuilder();
        for (String column : columns.split(",")) {
            out.append(out.length() == 0 ? "" : ", ").append(prefix).append(column.strip());
        }
        return out.toString();
    }
}
