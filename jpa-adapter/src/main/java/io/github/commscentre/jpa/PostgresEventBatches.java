package io.github.commscentre.jpa;

import io.github.commscentre.spi.ProviderEventRecord;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Provider event ids recorded where new on PostgreSQL, in one statement that also tells which were seen before: what
 * took a look-up and a JDBC batch of inserts. A recipients' look-up by id and by message id folded into the lock was
 * tried and left out: the id array it gathered in the statement was planned as ten rows, and with the statistics of a
 * table grown since its last analyse PostgreSQL then compared every recipient of the organisation with every id
 * (0.3 to 0.8 s for 1,000 among 3,000), where the parameter array of the separate lock is planned as what it holds.
 */
final class PostgresEventBatches {

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
}
