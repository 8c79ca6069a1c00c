package io.github.commscentre.jpa;

import io.github.commscentre.Recipient;
import io.github.commscentre.spi.NamedRecipients;
import io.github.commscentre.spi.ProviderEventRecord;
import io.github.commscentre.spi.RecipientChange;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What a batch of provider webhook events needs, one statement (or one JDBC batch) each, whatever the batch's size:
 * recipients by provider message id, the recipients locked in id order, the event ids seen before, the new ones
 * recorded, and the recipients' compare-and-set. Each statement names the organisation; the look-ups join an array
 * parameter, as {@link RecipientQueries#existingUnitIds} does, so that each id probes an index under the plans that
 * {@link TransactionContext#jdbcJoiningArrays} asks for (a custom plan trusting stale statistics about the organisation
 * hashed all its recipients instead).
 */
final class ProviderEventQueries {

    /** Parameters (organisation id, provider, event id, recipient id, received at). */
    private static final String RECORD = "insert into cc_provider_event"
            + " (organisation_id, provider, provider_event_id, recipient_id, received_at) values (?, ?, ?, ?, ?)";

    private final TransactionContext context;

    ProviderEventQueries(TransactionContext context) {
        this.context = context;
    }

    Map<String, UUID> recipientIdsByProviderMessageId(Collection<String> providerMessageIds) {
        if (providerMessageIds.isEmpty()) {
            return Map.of();
        }
        return context.guard("finding recipients by provider message id", () -> context.jdbcJoiningArrays(connection -> {
            Map<String, UUID> found = new HashMap<>();
            Set<String> ambiguous = new HashSet<>();
            try (Lookup lookup = new Lookup(connection, context.dialect.recipientsByProviderMessageId(), "varchar",
                    providerMessageIds.toArray())) {
                lookup.statement.setString(2, context.organisationId);
                try (ResultSet rs = lookup.statement.executeQuery()) {
                    while (rs.next()) {
                        String messageId = rs.getString(1);
                        if (found.putIfAbsent(messageId, rs.getObject(2, UUID.class)) != null) {
                            ambiguous.add(messageId);
                        }
                    }
                }
            }
            // One id on several recipients names none of them (StoreTransaction#recipientIdsByProviderMessageId).
            found.keySet().removeAll(ambiguous);
            return Collections.unmodifiableMap(found);
        }));
    }

    Map<UUID, Recipient> lockRecipients(Collection<UUID> recipientIds) {
        if (recipientIds.isEmpty()) {
            return Map.of();
        }
        return context.guard("locking recipients", () -> context.jdbcJoiningArrays(connection -> {
            Map<UUID, Recipient> found = new LinkedHashMap<>();
            // Bound in id order: H2 locks the rows as its join reads them, in the array's order, whatever the ORDER BY says,
            // so two batches naming the same recipients in different orders deadlocked there (H2 2.4 and 2.5 alike).
            Object[] inIdOrder = recipientIds.stream().sorted(UNSIGNED_UUID_ORDER).toArray();
            try (Lookup lookup = new Lookup(connection, context.dialect.lockRecipients(), "uuid", inIdOrder)) {
                lookup.statement.setString(2, context.organisationId);
                try (ResultSet rs = lookup.statement.executeQuery()) {
                    while (rs.next()) {
                        Recipient r = RecipientRows.read(rs);
                        found.put(r.id(), r);
                    }
                }
            }
            return Collections.unmodifiableMap(found);
        }));
    }

    /**
     * @return the recipients named by id or message id, locked, in one statement; or empty where the dialect has no such
     *         statement
     */
    Optional<NamedRecipients> lockNamed(Collection<UUID> recipientIds, Collection<String> providerMessageIds) {
        Optional<String> sql = context.dialect.lockNamedRecipients();
        if (sql.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(context.guard("locking recipients", () -> context.jdbcJoiningArrays(connection -> {
            Map<UUID, Recipient> locked = new LinkedHashMap<>();
            Map<String, UUID> byMessageId = new HashMap<>();
            Set<String> shared = new HashSet<>();
            Set<String> asked = providerMessageIds instanceof Set<String> set ? set : new HashSet<>(providerMessageIds);
            Array ids = connection.createArrayOf("uuid", recipientIds.toArray());
            Array messageIds = connection.createArrayOf("varchar", providerMessageIds.toArray());
            try (PreparedStatement statement = connection.prepareStatement(sql.get())) {
                statement.setString(1, context.organisationId);
                statement.setArray(2, ids);
                statement.setArray(3, messageIds);
                statement.setString(4, context.organisationId);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        Recipient r = RecipientRows.read(rs);
                        locked.put(r.id(), r);
                        String messageId = r.providerMessageId();
                        if (messageId != null && asked.contains(messageId) && byMessageId.putIfAbsent(messageId, r.id()) != null) {
                            shared.add(messageId);
                        }
                    }
                }
            } finally {
                ids.free();
                messageIds.free();
            }
            // One id on several recipients names none of them (StoreTransaction#recipientIdsByProviderMessageId).
            byMessageId.keySet().removeAll(shared);
            return new NamedRecipients(locked, byMessageId);
        })));
    }

    /** @return the event ids recorded, or empty where the dialect reads the seen ones and records apart */
    Optional<Set<String>> recordNew(String provider, List<ProviderEventRecord> events) {
        return context.guard("recording provider events", () -> context.jdbc(connection ->
                context.dialect.recordNewProviderEvents(connection, context.organisationId, provider, events)));
    }

    Set<String> seen(String provider, Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        return context.guard("reading the provider events seen", () -> context.jdbcJoiningArrays(connection -> {
            Set<String> seen = new HashSet<>();
            try (Lookup lookup = new Lookup(connection, context.dialect.seenProviderEvents(), "varchar", eventIds.toArray())) {
                lookup.statement.setString(2, context.organisationId);
                lookup.statement.setString(3, provider);
                try (ResultSet rs = lookup.statement.executeQuery()) {
                    while (rs.next()) {
                        seen.add(rs.getString(1));
                    }
                }
            }
            return Collections.unmodifiableSet(seen);
        }));
    }

    /** One JDBC batch; a repeated id breaks the primary key, which the guard reports as {@code CONFLICT}. */
    void record(String provider, List<ProviderEventRecord> events) {
        if (events.isEmpty()) {
            return;
        }
        context.guard("recording provider events", () -> context.jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(RECORD)) {
                for (ProviderEventRecord event : events) {
                    statement.setString(1, context.organisationId);
                    statement.setString(2, provider);
                    statement.setString(3, event.providerEventId());
                    statement.setObject(4, event.recipientId());
                    JdbcTime.setInstant(statement, 5, event.receivedAt());
                    statement.addBatch();
                }
                statement.executeBatch();
            }
            return null;
        }));
    }

    /** The compare-and-set of every change in one round trip: the dialect's statement, or one JDBC batch. */
    Set<UUID> update(List<RecipientChange> changes) {
        if (changes.isEmpty()) {
            return Set.of();
        }
        return context.guard("updating recipients", () -> context.jdbcJoiningArrays(connection ->
                context.dialect.updateRecipients(connection, context.organisationId, changes)));
    }

    /**
     * One JDBC batch of {@link RecipientRows#UPDATE}, each a compare-and-set on the delivery status.
     *
     * @return the ids of the recipients replaced, in the order given
     */
    static Set<UUID> updateInBatch(Connection connection, List<RecipientChange> changes) throws SQLException {
        int[] counts;
        try (PreparedStatement statement = connection.prepareStatement(RecipientRows.UPDATE)) {
            for (RecipientChange change : changes) {
                RecipientRows.bindUpdate(statement, change.updated(), change.expectedStatus());
                statement.addBatch();
            }
            counts = statement.executeBatch();
        }
        Set<UUID> replaced = new LinkedHashSet<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                replaced.add(changes.get(i).updated().id());
            }
        }
        return Collections.unmodifiableSet(replaced);
    }

    /** A statement whose first parameter is an array of ids, and the array, freed with it. */
    /** UUIDs as PostgreSQL and H2 order them: as unsigned 128-bit numbers. */
    private static final java.util.Comparator<UUID> UNSIGNED_UUID_ORDER = (a, b) -> {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    };

    private static final class Lookup implements AutoCloseable {
        final PreparedStatement statement;
        private final Array array;

        Lookup(Connection connection, String sql, String type, Object[] ids) throws SQLException {
            array = connection.createArrayOf(type, ids);
            PreparedStatement prepared = null;
            try {
                prepared = connection.prepareStatement(sql);
                prepared.setArray(1, array);
            } catch (SQLException e) {
                array.free();
                if (prepared != null) {
                    prepared.close();
                }
                throw e;
            }
            statement = prepared;
        }

        @Override
        public void close() throws SQLException {
            try {
                statement.close();
            } finally {
                array.free();
            }
        }
    }
}
