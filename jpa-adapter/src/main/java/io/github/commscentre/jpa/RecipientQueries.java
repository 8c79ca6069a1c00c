package io.github.commscentre.jpa;

import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.RecipientStats;
import jakarta.persistence.TypedQuery;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import static io.github.commscentre.jpa.TransactionContext.STREAM_PAGE_SIZE;

/** The recipients of one store transaction's organisation. */
final class RecipientQueries {

    /** Unit ids per look-up: bounds the size of one statement and of its array parameter. */
    static final int UNIT_IDS_PER_LOOKUP = 10_000;

    private static final String STATS = "select count(r),"
            + " sum(case when r.deliveryStatus = 'pending' then 1 else 0 end),"
            + " sum(case when r.deliveryStatus = 'accepted' then 1 else 0 end),"
            + " sum(case when r.deliveryStatus = 'delivered' then 1 else 0 end),"
            + " sum(case when r.deliveryStatus = 'opened' then 1 else 0 end),"
            + " sum(case when r.deliveryStatus = 'bounced' then 1 else 0 end),"
            + " sum(case when r.deliveryStatus = 'failed' then 1 else 0 end),"
            + " sum(case when r.recipientEmail is null then 1 else 0 end),"
            + " max(r.position)"
            + " from CcRecipient r where r.organisationId = :org and r.communicationId = :communicationId";

    /** Parameters (organisation id, recipient id); the dialect's row lock is appended. */
    private static final String LOCK = "select " + RecipientRows.COLUMNS
            + " from cc_recipient where organisation_id = ? and id = ?";

    private final TransactionContext context;

    RecipientQueries(TransactionContext context) {
        this.context = context;
    }

    RecipientStats stats(UUID communicationId) {
        return context.guard("counting recipients", () -> {
            Object[] row = context.em.createQuery(STATS, Object[].class)
                    .setParameter("org", context.organisationId)
                    .setParameter("communicationId", communicationId)
                    .getSingleResult();
            Map<DeliveryStatus, Long> byStatus = new EnumMap<>(DeliveryStatus.class);
            byStatus.put(DeliveryStatus.PENDING, number(row[1]));
            byStatus.put(DeliveryStatus.ACCEPTED, number(row[2]));
            byStatus.put(DeliveryStatus.DELIVERED, number(row[3]));
            byStatus.put(DeliveryStatus.OPENED, number(row[4]));
            byStatus.put(DeliveryStatus.BOUNCED, number(row[5]));
            byStatus.put(DeliveryStatus.FAILED, number(row[6]));
            return new RecipientStats(number(row[0]), byStatus, number(row[7]), number(row[8]));
        });
    }

    /**
     * The candidates go in as one array parameter, joined with the recipients so that each one is looked up in the
     * unique (organisation_id, communication_id, unit_id) index; a long {@code IN} list was compared with every
     * recipient of the communication instead (docs/benchmarks.md).
     */
    Set<String> existingUnitIds(UUID communicationId, Collection<String> unitIds) {
        return context.guard("looking up recipients", () -> {
            Set<String> existing = new HashSet<>();
            List<String> all = new ArrayList<>(unitIds);
            for (int from = 0; from < all.size(); from += UNIT_IDS_PER_LOOKUP) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + UNIT_IDS_PER_LOOKUP));
                existing.addAll(context.jdbcJoiningArrays(connection -> existing(connection, communicationId, chunk)));
            }
            return Collections.unmodifiableSet(existing);
        });
    }

    private List<String> existing(Connection connection, UUID communicationId, List<String> chunk) throws SQLException {
        Array array = connection.createArrayOf("varchar", chunk.toArray());
        try (PreparedStatement statement = connection.prepareStatement(context.dialect.existingUnitIds())) {
            statement.setArray(1, array);
            statement.setString(2, context.organisationId);
            statement.setObject(3, communicationId);
            List<String> found = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
            return found;
        } finally {
            array.free();
        }
    }

    /**
     * Plain JDBC batches of {@code batchSize} rows on the transaction's own connection: the same batches Hibernate
     * would send, without its per-entity work (docs/benchmarks.md). The rows never become managed entities, so
     * nothing is left to detach.
     */
    void insert(List<Recipient> recipients) {
        context.guard("inserting recipients", () -> context.jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(RecipientRows.INSERT)) {
                int inBatch = 0;
                for (Recipient recipient : recipients) {
                    RecipientRows.bindInsert(statement, recipient);
                    statement.addBatch();
                    if (++inBatch == context.batchSize) {
                        statement.executeBatch();
                        inBatch = 0;
                    }
                }
                if (inBatch > 0) {
                    statement.executeBatch();
                }
            }
            return null;
        }));
    }

    List<Recipient> list(UUID communicationId, DeliveryStatus status, long afterPosition, int limit) {
        return context.guard("listing recipients", () -> {
            String jpql = "select r from CcRecipient r where r.organisationId = :org and r.communicationId = :communicationId"
                    + (status == null ? "" : " and r.deliveryStatus = :status")
                    + " and r.position > :afterPosition order by r.position, r.id";
            TypedQuery<RecipientEntity> query = context.em.createQuery(jpql, RecipientEntity.class)
                    .setParameter("org", context.organisationId)
                    .setParameter("communicationId", communicationId)
                    .setParameter("afterPosition", afterPosition)
                    .setMaxResults(limit);
            if (status != null) {
                query.setParameter("status", status.wireName());
            }
            return context.detached(query, EntityMapping::toDomain);
        });
    }

    void forEach(UUID communicationId, Consumer<Recipient> consumer) {
        context.requireSnapshot();
        long afterPosition = -1;
        UUID afterId = null;
        while (true) {
            List<Recipient> page = page(communicationId, afterPosition, afterId);
            page.forEach(consumer);
            if (page.size() < STREAM_PAGE_SIZE) {
                return;
            }
            Recipient last = page.get(page.size() - 1);
            afterPosition = last.position();
            afterId = last.id();
        }
    }

    private List<Recipient> page(UUID communicationId, long afterPosition, UUID afterId) {
        return context.guard("reading recipients", () -> {
            TypedQuery<RecipientEntity> query = context.em.createQuery(
                            "select r from CcRecipient r where r.organisationId = :org and r.communicationId = :communicationId"
                                    // The redundant "position >=" starts the index scan at the cursor (see CommunicationListing).
                                    + (afterId == null ? " and r.position > :afterPosition"
                                            : " and r.position >= :afterPosition"
                                                    + " and (r.position > :afterPosition or (r.position = :afterPosition and r.id > :afterId))")
                                    + " order by r.position, r.id", RecipientEntity.class)
                    .setParameter("org", context.organisationId)
                    .setParameter("communicationId", communicationId)
                    .setParameter("afterPosition", afterPosition)
                    .setMaxResults(STREAM_PAGE_SIZE);
            if (afterId != null) {
                query.setParameter("afterId", afterId);
            }
            return context.detached(query, EntityMapping::toDomain);
        });
    }

    Optional<Recipient> find(UUID recipientId) {
        return context.guard("reading a recipient", () -> context.jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(LOCK)) {
                statement.setString(1, context.organisationId);
                statement.setObject(2, recipientId);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? Optional.of(RecipientRows.read(rs)) : Optional.<Recipient>empty();
                }
            }
        }));
    }

    Optional<Recipient> lock(UUID recipientId) {
        return context.guard("locking a recipient", () -> context.jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(LOCK + context.dialect.rowLock())) {
                statement.setString(1, context.organisationId);
                statement.setObject(2, recipientId);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? Optional.of(RecipientRows.read(rs)) : Optional.<Recipient>empty();
                }
            }
        }));
    }

    boolean update(Recipient updated, DeliveryStatus expectedStatus) {
        return context.guard("updating a recipient", () -> context.jdbc(connection ->
                RecipientRows.update(connection, updated, expectedStatus)));
    }

    private static long number(Object value) {
        return value == null ? 0L : ((Number) value).longValue();
    }
}
