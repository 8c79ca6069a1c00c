package io.github.commscentre.jpa;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.spi.CommunicationKey;
import io.github.commscentre.spi.RecipientStats;
import io.github.commscentre.spi.StoreTransaction;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import org.hibernate.Session;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
import java.util.function.Supplier;

/**
 * The store's operations on one {@link EntityManager} and its transaction, which is either the adapter's own
 * or the host's.
 *
 * <p>Rules that keep it correct in both cases:
 * <ul>
 *   <li>None of the adapter's entities stays managed after a method returns (they are detached, never
 *       {@code clear()}ed, because clearing would also detach the host's entities). So bulk {@code UPDATE}s
 *       cannot leave stale entities behind, and memory stays bounded however many rows are streamed.</li>
 *   <li>Writes are flushed inside the method that makes them, so constraint violations surface as
 *       {@code CONFLICT} from the call that caused them.</li>
 *   <li>Every persistence failure is translated by {@link StoreFailures}; exceptions thrown by a consumer
 *       passed in by the facade are not caught here and leave unchanged.</li>
 * </ul>
 */
final class JpaStoreTransaction implements StoreTransaction {

    /** Rows per keyset page when streaming recipients and audit events. */
    static final int STREAM_PAGE_SIZE = 1_000;

    private static final String AUDIT_EVENT_PAGE = "select organisation_id, id, sequence, communication_id, recipient_id,"
            + " event_type, actor_user_id, occurred_at, details, unit_ids, previous_hash, hash from cc_audit_event"
            + " where organisation_id = ? and sequence > ? order by organisation_id, sequence"
            + " fetch first " + STREAM_PAGE_SIZE + " rows only";

    private static final String RECIPIENT_COLUMNS = "organisation_id, id, communication_id, unit_id, position, recipient_name,"
            + " recipient_email, delivery_status, delivered_at, opened_at, failure_reason, added_at, updated_at, added_by";

    private static final String INSERT_RECIPIENT = "insert into cc_recipient (" + RECIPIENT_COLUMNS
            + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Completed by {@link DatabaseKind#rowLock()}. */
    private static final String LOCK_RECIPIENT = "select " + RECIPIENT_COLUMNS
            + " from cc_recipient where organisation_id = ? and id = ?";

    private static final String UPDATE_RECIPIENT = "update cc_recipient set unit_id = ?, position = ?, recipient_name = ?,"
            + " recipient_email = ?, delivery_status = ?, delivered_at = ?, opened_at = ?, failure_reason = ?, added_at = ?,"
            + " updated_at = ?, added_by = ? where organisation_id = ? and id = ? and communication_id = ? and delivery_status = ?";

    /** Completed by {@link DatabaseKind#rowLock()}. */
    private static final String LOCK_CHAIN_HEAD = "select organisation_id, last_sequence, last_hash from cc_audit_chain_head"
            + " where organisation_id = ?";

    private static final String MOVE_CHAIN_HEAD = "update cc_audit_chain_head set last_sequence = ?, last_hash = ?"
            + " where organisation_id = ?";

    private static final String INSERT_CHAIN_HEAD = "insert into cc_audit_chain_head (organisation_id, last_sequence, last_hash)"
            + " values (?, ?, ?)";

    private static final String INSERT_AUDIT_EVENT = "insert into cc_audit_event (organisation_id, id, sequence,"
            + " communication_id, recipient_id, event_type, actor_user_id, occurred_at, details, unit_ids, previous_hash, hash)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Communications carry bodies of up to 1,000,000 characters, so they are streamed in smaller pages. */
    static final int COMMUNICATION_PAGE_SIZE = 50;

    /**
     * Unit ids per look-up: bounds the statement's size, and keeps the {@code IN} list of other databases well under
     * PostgreSQL's limit of 32,767 bind parameters per statement.
     */
    static final int IN_LIST_CHUNK = 10_000;

    private static final String COMMUNICATION_COLUMNS = "c.organisation_id, c.id, c.communication_type, c.subject,"
            + " c.body_html, c.block_id, c.unit_id, c.channel, c.status, c.scheduled_at, c.sent_at, c.sent_by, c.failed_at,"
            + " c.failure_reason, c.notes, c.created_by, c.created_at, c.updated_at, c.version";

    private static final List<String> EDITABLE = List.of(
            CommunicationStatus.DRAFT.wireName(), CommunicationStatus.SCHEDULED.wireName());

    private final EntityManager em;
    private final String organisationId;
    private final DatabaseKind database;
    private final boolean readOnly;
    private final int batchSize;
    /** Set while a read runs without a transaction of its own: it may then read with one statement only. */
    private final boolean singleCall;
    private int calls;

    JpaStoreTransaction(EntityManager em, String organisationId, DatabaseKind database, boolean readOnly, int batchSize) {
        this(em, organisationId, database, readOnly, batchSize, false);
    }

    JpaStoreTransaction(EntityManager em, String organisationId, DatabaseKind database, boolean readOnly, int batchSize,
                        boolean singleCall) {
        this.em = em;
        this.organisationId = organisationId;
        this.database = database;
        this.readOnly = readOnly;
        this.batchSize = batchSize;
        this.singleCall = singleCall;
    }

    @Override
    public String organisationId() {
        return organisationId;
    }

    /** Records of another organisation are a programming error of the caller, refused before any SQL runs. */
    private void requireOwn(String recordOrganisationId) {
        if (!organisationId.equals(recordOrganisationId)) {
            throw new IllegalArgumentException("this unit of work was started for organisation " + organisationId
                    + ", not " + recordOrganisationId);
        }
    }

    // ---- communications -------------------------------------------------------------------------

    @Override
    public Optional<Communication> findCommunication(UUID id) {
        return guard("reading a communication", () -> single(em.createQuery(
                        "select c from CcCommunication c where c.organisationId = :org and c.id = :id", CommunicationEntity.class)
                .setParameter("org", organisationId)
                .setParameter("id", id), EntityMapping::toDomain));
    }

    @Override
    public Optional<Communication> lockCommunication(UUID id) {
        requireWritable();
        return guard("locking a communication", () -> single(em.createQuery(
                        "select c from CcCommunication c where c.organisationId = :org and c.id = :id", CommunicationEntity.class)
                .setParameter("org", organisationId)
                .setParameter("id", id)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE), EntityMapping::toDomain));
    }

    @Override
    public List<Communication> listCommunications(CommunicationFilter filter, CommunicationKey after, int limit) {
        if (database != DatabaseKind.OTHER) {
            return guard("listing communications", () -> em.unwrap(Session.class)
                    .doReturningWork(connection -> communicationPage(connection, organisationId, filter, after, limit)));
        }
        return guard("listing communications", () -> {
            StringBuilder jpql = new StringBuilder("select c from CcCommunication c where c.organisationId = :org");
            appendFilter(jpql, filter);
            if (after != null) {
                // Written out with OR rather than a row-value comparison, which is portable; the redundant
                // "createdAt <=" is what lets PostgreSQL and H2 start the index scan at the cursor. Without it the OR
                // is only a filter, and a page 10,000 rows deep read (and threw away) every row before it
                // (docs/benchmarks.md: 419 ms instead of 0.4 ms on PostgreSQL over 1,000,000 communications).
                jpql.append(" and c.createdAt <= :afterCreatedAt"
                        + " and (c.createdAt < :afterCreatedAt or (c.createdAt = :afterCreatedAt and c.id < :afterId))");
            }
            jpql.append(listingOrder(filter));
            TypedQuery<CommunicationEntity> query = em.createQuery(jpql.toString(), CommunicationEntity.class)
                    .setParameter("org", organisationId);
            bindFilter(query, filter);
            if (after != null) {
                query.setParameter("afterCreatedAt", after.createdAt()).setParameter("afterId", after.id());
            }
            return list(query.setMaxResults(limit), EntityMapping::toDomain);
        });
    }

    @Override
    public long countCommunications(CommunicationFilter filter) {
        return guard("counting communications", () -> {
            StringBuilder jpql = new StringBuilder("select count(c) from CcCommunication c where c.organisationId = :org");
            appendFilter(jpql, filter);
            TypedQuery<Long> query = em.createQuery(jpql.toString(), Long.class).setParameter("org", organisationId);
            bindFilter(query, filter);
            return query.getSingleResult();
        });
    }

    @Override
    public void forEachFinishedCommunication(Consumer<Communication> consumer) {
        requireSnapshot();
        for (CommunicationStatus status : List.of(CommunicationStatus.SENT, CommunicationStatus.FAILED)) {
            CommunicationKey after = null;
            CommunicationFilter filter = new CommunicationFilter(null, null, null, status);
            while (true) {
                List<Communication> page = listCommunications(filter, after, COMMUNICATION_PAGE_SIZE);
                page.forEach(consumer);
                if (page.size() < COMMUNICATION_PAGE_SIZE) {
                    break;
                }
                Communication last = page.get(page.size() - 1);
                after = new CommunicationKey(last.createdAt(), last.id());
            }
        }
    }

    @Override
    public void insertCommunication(Communication communication) {
        requireWritable();
        requireOwn(communication.organisationId());
        guard("inserting a communication", () -> {
            CommunicationEntity entity = EntityMapping.toEntity(communication);
            em.persist(entity);
            em.flush();
            em.detach(entity);
            return null;
        });
    }

    @Override
    public boolean updateCommunication(Communication updated, long expectedVersion) {
        requireWritable();
        requireOwn(updated.organisationId());
        return guard("updating a communication", () -> em.createQuery(
                        "update CcCommunication c set c.communicationType = :type, c.subject = :subject, c.bodyHtml = :body,"
                                + " c.blockId = :blockId, c.unitId = :unitId, c.channel = :channel, c.status = :status,"
                                + " c.scheduledAt = :scheduledAt, c.sentAt = :sentAt, c.sentBy = :sentBy, c.failedAt = :failedAt,"
                                + " c.failureReason = :failureReason, c.notes = :notes, c.createdBy = :createdBy,"
                                + " c.createdAt = :createdAt, c.updatedAt = :updatedAt, c.version = :version"
                                + " where c.organisationId = :org and c.id = :id and c.version = :expectedVersion"
                                + " and c.status in :editable")
                .setParameter("type", updated.communicationType().wireName())
                .setParameter("subject", updated.subject())
                .setParameter("body", updated.bodyHtml())
                .setParameter("blockId", updated.blockId())
                .setParameter("unitId", updated.unitId())
                .setParameter("channel", updated.channel())
                .setParameter("status", updated.status().wireName())
                .setParameter("scheduledAt", updated.scheduledAt())
                .setParameter("sentAt", updated.sentAt())
                .setParameter("sentBy", updated.sentBy())
                .setParameter("failedAt", updated.failedAt())
                .setParameter("failureReason", updated.failureReason())
                .setParameter("notes", updated.notes())
                .setParameter("createdBy", updated.createdBy())
                .setParameter("createdAt", updated.createdAt())
                .setParameter("updatedAt", updated.updatedAt())
                .setParameter("version", updated.version())
                .setParameter("org", updated.organisationId())
                .setParameter("id", updated.id())
                .setParameter("expectedVersion", expectedVersion)
                .setParameter("editable", EDITABLE)
                .executeUpdate() == 1);
    }

    @Override
    public boolean deleteCommunication(UUID id, long expectedVersion) {
        requireWritable();
        // The recipients go with it through the foreign key's ON DELETE CASCADE: one statement, however many.
        return guard("deleting a communication", () -> em.createQuery(
                        "delete from CcCommunication c where c.organisationId = :org and c.id = :id"
                                + " and c.version = :expectedVersion and c.status in :editable")
                .setParameter("org", organisationId)
                .setParameter("id", id)
                .setParameter("expectedVersion", expectedVersion)
                .setParameter("editable", EDITABLE)
                .executeUpdate() == 1);
    }

    // ---- recipients -----------------------------------------------------------------------------

    @Override
    public RecipientStats recipientStats(UUID communicationId) {
        return guard("counting recipients", () -> {
            Object[] row = em.createQuery(
                            "select count(r),"
                                    + " sum(case when r.deliveryStatus = 'pending' then 1 else 0 end),"
                                    + " sum(case when r.deliveryStatus = 'delivered' then 1 else 0 end),"
                                    + " sum(case when r.deliveryStatus = 'opened' then 1 else 0 end),"
                                    + " sum(case when r.deliveryStatus = 'bounced' then 1 else 0 end),"
                                    + " sum(case when r.deliveryStatus = 'failed' then 1 else 0 end),"
                                    + " sum(case when r.recipientEmail is null then 1 else 0 end),"
                                    + " max(r.position)"
                                    + " from CcRecipient r where r.organisationId = :org and r.communicationId = :communicationId",
                            Object[].class)
                    .setParameter("org", organisationId)
                    .setParameter("communicationId", communicationId)
                    .getSingleResult();
            Map<DeliveryStatus, Long> byStatus = new EnumMap<>(DeliveryStatus.class);
            byStatus.put(DeliveryStatus.PENDING, number(row[1]));
            byStatus.put(DeliveryStatus.DELIVERED, number(row[2]));
            byStatus.put(DeliveryStatus.OPENED, number(row[3]));
            byStatus.put(DeliveryStatus.BOUNCED, number(row[4]));
            byStatus.put(DeliveryStatus.FAILED, number(row[5]));
            return new RecipientStats(number(row[0]), byStatus, number(row[6]), number(row[7]));
        });
    }

    @Override
    public Set<String> existingRecipientUnitIds(UUID communicationId, Collection<String> unitIds) {
        return guard("looking up recipients", () -> {
            Set<String> existing = new HashSet<>();
            List<String> all = new ArrayList<>(unitIds);
            for (int from = 0; from < all.size(); from += IN_LIST_CHUNK) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_LIST_CHUNK));
                existing.addAll(database.supportsArrayParameters()
                        ? existingByArray(organisationId, communicationId, chunk)
                        : existingByInList(organisationId, communicationId, chunk));
            }
            return Collections.unmodifiableSet(existing);
        });
    }

    /**
     * The candidates go in as one array parameter, joined with the recipients so that each one is looked up in the
     * unique (organisation_id, communication_id, unit_id) index. A long {@code IN (?, ?, ...)} list was instead compared
     * with every recipient of the communication (measured here: minutes for 50,000 candidates against 50,000 recipients).
     */
    private List<String> existingByArray(String organisationId, UUID communicationId, List<String> chunk) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            Array array = connection.createArrayOf("varchar", chunk.toArray());
            try (PreparedStatement statement = connection.prepareStatement(database.existingUnitIdsByArray())) {
                statement.setArray(1, array);
                statement.setString(2, organisationId);
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
        });
    }

    private List<String> existingByInList(String organisationId, UUID communicationId, List<String> chunk) {
        return em.createQuery("select r.unitId from CcRecipient r where r.organisationId = :org"
                        + " and r.communicationId = :communicationId and r.unitId in :unitIds", String.class)
                .setParameter("org", organisationId)
                .setParameter("communicationId", communicationId)
                .setParameter("unitIds", chunk)
                .getResultList();
    }

    @Override
    public void insertRecipients(List<Recipient> recipients) {
        requireWritable();
        recipients.forEach(r -> requireOwn(r.organisationId()));
        if (database != DatabaseKind.OTHER) {
            guard("inserting recipients", () -> {
                em.unwrap(Session.class).doWork(connection -> insertRecipientRows(connection, recipients));
                return null;
            });
            return;
        }
        guard("inserting recipients", () -> {
            // persist + flush per chunk of one JDBC batch, then detach: one executeBatch per chunk and a persistence
            // context that never holds more than one chunk, for 10 or 50,000 recipients alike.
            List<RecipientEntity> chunk = new ArrayList<>(Math.min(batchSize, recipients.size()));
            for (Recipient recipient : recipients) {
                RecipientEntity entity = EntityMapping.toEntity(recipient);
                em.persist(entity);
                chunk.add(entity);
                if (chunk.size() == batchSize) {
                    flushAndDetach(chunk);
                }
            }
            flushAndDetach(chunk);
            return null;
        });
    }

    /**
     * New recipients as plain JDBC batches of {@code batchSize} rows on the transaction's own connection, mapped by
     * {@link EntityMapping} like every other write. Persisting them as entities cost Hibernate's per-entity work
     * (insert actions, dirty checks, a Calendar per timestamp) on top of the same batches: addRecipients of 10,000
     * units took 1.68 times the raw JDBC insert of the same rows, with 69% of its samples in the flush
     * (docs/benchmarks.md). The rows never become managed entities, so nothing is left to detach. Java time types
     * bind as JDBC 4.2 {@code OffsetDateTime} in UTC, which PostgreSQL's and H2's drivers take; other databases keep
     * the entity path.
     */
    private void insertRecipientRows(Connection connection, List<Recipient> recipients) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_RECIPIENT)) {
            int inBatch = 0;
            for (Recipient recipient : recipients) {
                RecipientEntity e = EntityMapping.toEntity(recipient);
                statement.setString(1, e.organisationId);
                statement.setObject(2, e.id);
                statement.setObject(3, e.communicationId);
                statement.setString(4, e.unitId);
                statement.setLong(5, e.position);
                statement.setString(6, e.recipientName);
                statement.setString(7, e.recipientEmail);
                statement.setString(8, e.deliveryStatus);
                setInstant(statement, 9, e.deliveredAt);
                setInstant(statement, 10, e.openedAt);
                statement.setString(11, e.failureReason);
                setInstant(statement, 12, e.addedAt);
                setInstant(statement, 13, e.updatedAt);
                statement.setString(14, e.addedBy);
                statement.addBatch();
                if (++inBatch == batchSize) {
                    statement.executeBatch();
                    inBatch = 0;
                }
            }
            if (inBatch > 0) {
                statement.executeBatch();
            }
        }
    }

    private static void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    @Override
    public List<Recipient> listRecipients(UUID communicationId, DeliveryStatus status, long afterPosition, int limit) {
        return guard("listing recipients", () -> {
            String jpql = "select r from CcRecipient r where r.organisationId = :org and r.communicationId = :communicationId"
                    + (status == null ? "" : " and r.deliveryStatus = :status")
                    + " and r.position > :afterPosition order by r.position, r.id";
            TypedQuery<RecipientEntity> query = em.createQuery(jpql, RecipientEntity.class)
                    .setParameter("org", organisationId)
                    .setParameter("communicationId", communicationId)
                    .setParameter("afterPosition", afterPosition)
                    .setMaxResults(limit);
            if (status != null) {
                query.setParameter("status", status.wireName());
            }
            return list(query, EntityMapping::toDomain);
        });
    }

    @Override
    public void forEachRecipient(UUID communicationId, Consumer<Recipient> consumer) {
        requireSnapshot();
        long afterPosition = -1;
        UUID afterId = null;
        while (true) {
            long position = afterPosition;
            UUID id = afterId;
            List<Recipient> page = guard("reading recipients", () -> {
                TypedQuery<RecipientEntity> query = em.createQuery(
                                "select r from CcRecipient r where r.organisationId = :org and r.communicationId = :communicationId"
                                        // The redundant "position >=" starts the index scan at the cursor (see listCommunications).
                                        + (id == null ? " and r.position > :afterPosition"
                                                : " and r.position >= :afterPosition"
                                                        + " and (r.position > :afterPosition or (r.position = :afterPosition and r.id > :afterId))")
                                        + " order by r.position, r.id", RecipientEntity.class)
                        .setParameter("org", organisationId)
                        .setParameter("communicationId", communicationId)
                        .setParameter("afterPosition", position)
                        .setMaxResults(STREAM_PAGE_SIZE);
                if (id != null) {
                    query.setParameter("afterId", id);
                }
                return list(query, EntityMapping::toDomain);
            });
            page.forEach(consumer);
            if (page.size() < STREAM_PAGE_SIZE) {
                return;
            }
            Recipient last = page.get(page.size() - 1);
            afterPosition = last.position();
            afterId = last.id();
        }
    }

    @Override
    public Optional<Recipient> lockRecipient(UUID recipientId) {
        requireWritable();
        if (database != DatabaseKind.OTHER) {
            return guard("locking a recipient", () -> em.unwrap(Session.class).doReturningWork(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(LOCK_RECIPIENT + database.rowLock())) {
                    statement.setString(1, organisationId);
                    statement.setObject(2, recipientId);
                    try (ResultSet rs = statement.executeQuery()) {
                        return rs.next() ? Optional.of(EntityMapping.toDomain(recipientRow(rs))) : Optional.<Recipient>empty();
                    }
                }
            }));
        }
        return guard("locking a recipient", () -> single(em.createQuery(
                        "select r from CcRecipient r where r.organisationId = :org and r.id = :id", RecipientEntity.class)
                .setParameter("org", organisationId)
                .setParameter("id", recipientId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE), EntityMapping::toDomain));
    }

    @Override
    public boolean updateRecipient(Recipient updated, DeliveryStatus expectedStatus) {
        requireWritable();
        requireOwn(updated.organisationId());
        if (database != DatabaseKind.OTHER) {
            return guard("updating a recipient", () -> em.unwrap(Session.class).doReturningWork(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(UPDATE_RECIPIENT)) {
                    RecipientEntity e = EntityMapping.toEntity(updated);
                    statement.setString(1, e.unitId);
                    statement.setLong(2, e.position);
                    statement.setString(3, e.recipientName);
                    statement.setString(4, e.recipientEmail);
                    statement.setString(5, e.deliveryStatus);
                    setInstant(statement, 6, e.deliveredAt);
                    setInstant(statement, 7, e.openedAt);
                    statement.setString(8, e.failureReason);
                    setInstant(statement, 9, e.addedAt);
                    setInstant(statement, 10, e.updatedAt);
                    statement.setString(11, e.addedBy);
                    statement.setString(12, e.organisationId);
                    statement.setObject(13, e.id);
                    statement.setObject(14, e.communicationId);
                    statement.setString(15, expectedStatus.wireName());
                    return statement.executeUpdate() == 1;
                }
            }));
        }
        return guard("updating a recipient", () -> em.createQuery(
                        "update CcRecipient r set r.unitId = :unitId, r.position = :position, r.recipientName = :name,"
                                + " r.recipientEmail = :email, r.deliveryStatus = :status, r.deliveredAt = :deliveredAt,"
                                + " r.openedAt = :openedAt, r.failureReason = :failureReason, r.addedAt = :addedAt,"
                                + " r.updatedAt = :updatedAt, r.addedBy = :addedBy"
                                + " where r.organisationId = :org and r.id = :id and r.communicationId = :communicationId"
                                + " and r.deliveryStatus = :expectedStatus")
                .setParameter("unitId", updated.unitId())
                .setParameter("position", updated.position())
                .setParameter("name", updated.recipientName())
                .setParameter("email", updated.recipientEmail())
                .setParameter("status", updated.deliveryStatus().wireName())
                .setParameter("deliveredAt", updated.deliveredAt())
                .setParameter("openedAt", updated.openedAt())
                .setParameter("failureReason", updated.failureReason())
                .setParameter("addedAt", updated.addedAt())
                .setParameter("updatedAt", updated.updatedAt())
                .setParameter("addedBy", updated.addedBy())
                .setParameter("org", updated.organisationId())
                .setParameter("id", updated.id())
                .setParameter("communicationId", updated.communicationId())
                .setParameter("expectedStatus", expectedStatus.wireName())
                .executeUpdate() == 1);
    }

    // ---- audit chain ----------------------------------------------------------------------------

    @Override
    public AuditChainHead lockAuditChain() {
        requireWritable();
        return guard("locking the audit chain", () -> {
            // The common case costs one statement; only an organisation's very first write creates the row.
            Optional<AuditChainHead> head = lockedHead(organisationId);
            if (head.isPresent()) {
                return head.get();
            }
            em.unwrap(Session.class).doWork(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(database.insertChainHeadIfAbsent())) {
                    insert.setString(1, organisationId);
                    insert.setString(2, AuditEvent.GENESIS_HASH);
                    insert.executeUpdate();
                } catch (SQLException e) {
                    // H2's MERGE waits for a concurrent creator and then reports its row as a duplicate. H2 keeps the
                    // transaction usable after a failed statement, so the row, committed by now, is simply locked below.
                    // (Plain JDBC here: through JPA the failure would mark the whole transaction rollback-only.)
                    if (!database.survivesFailedStatements() || !"23505".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            });
            return lockedHead(organisationId).orElseThrow(() -> CommunicationCentreException.conflict(
                    "the audit chain of the organisation is being created by a concurrent call; retry"));
        });
    }

    @Override
    public AuditChainHead auditChainHead() {
        return guard("reading the audit chain head", () -> single(em.createQuery(
                        "select h from CcAuditChainHead h where h.organisationId = :org", AuditChainHeadEntity.class)
                .setParameter("org", organisationId), EntityMapping::toDomain)
                .orElseGet(() -> AuditChainHead.empty(organisationId)));
    }

    @Override
    public void appendAuditEvents(List<AuditEvent> events) {
        requireWritable();
        events.forEach(e -> requireOwn(e.organisationId()));
        if (events.isEmpty()) {
            return;
        }
        if (database != DatabaseKind.OTHER) {
            guard("appending audit events", () -> {
                for (AuditEvent event : events) {
                    if (!event.organisationId().equals(organisationId)) {
                        throw new IllegalArgumentException("an audit event of another organisation cannot join this chain");
                    }
                }
                em.unwrap(Session.class).doWork(connection -> appendAuditRows(connection, organisationId, events));
                return null;
            });
            return;
        }
        guard("appending audit events", () -> {
            List<AuditEventEntity> entities = new ArrayList<>(events.size());
            for (AuditEvent event : events) {
                if (!event.organisationId().equals(organisationId)) {
                    throw new IllegalArgumentException("an audit event of another organisation cannot join this chain");
                }
                AuditEventEntity entity = EntityMapping.toEntity(event);
                em.persist(entity);
                entities.add(entity);
            }
            flushAndDetach(entities);
            AuditEvent last = events.get(events.size() - 1);
            int moved = em.createQuery(
                            "update CcAuditChainHead h set h.lastSequence = :sequence, h.lastHash = :hash where h.organisationId = :org")
                    .setParameter("sequence", last.sequence())
                    .setParameter("hash", last.hash())
                    .setParameter("org", organisationId)
                    .executeUpdate();
            if (moved == 0) {
                // Only when the caller appended without lockAuditChain; a concurrent creator then hits the primary key.
                AuditChainHeadEntity head = EntityMapping.toEntity(new AuditChainHead(organisationId, last.sequence(), last.hash()));
                em.persist(head);
                em.flush();
                em.detach(head);
            }
            return null;
        });
    }

    @Override
    public List<AuditEvent> auditEventsOf(UUID communicationId) {
        return guard("reading audit events", () -> list(em.createQuery(
                        "select e from CcAuditEvent e where e.organisationId = :org and e.communicationId = :communicationId"
                                // Leading constant columns: see listingOrder.
                                + " order by e.organisationId, e.communicationId, e.sequence", AuditEventEntity.class)
                .setParameter("org", organisationId)
                .setParameter("communicationId", communicationId), EntityMapping::toDomain));
    }

    @Override
    public void forEachAuditEvent(Consumer<AuditEvent> consumer) {
        requireSnapshot();
        long afterSequence = Long.MIN_VALUE;
        while (true) {
            long after = afterSequence;
            List<AuditEvent> page = guard("reading audit events", () -> em.unwrap(Session.class)
                    .doReturningWork(connection -> auditEventPage(connection, organisationId, after)));
            page.forEach(consumer);
            if (page.size() < STREAM_PAGE_SIZE) {
                return;
            }
            afterSequence = page.get(page.size() - 1).sequence();
        }
    }

    /**
     * One page of an organisation's events in plain JDBC, mapped by {@link EntityMapping} like every other read.
     * Verifying a chain reads every event once and never changes one, so managed entities buy nothing here; loading
     * them through Hibernate (instantiate, register, detach) was over half of verifyAuditTrail's time over 1,000,000
     * events (docs/benchmarks.md). The ORDER BY names the index's leading column: see {@link #listingOrder}; without
     * it H2 sorted every later event for each page, and verifying 1,000,000 events did not finish in 15 minutes.
     */
    private static List<AuditEvent> auditEventPage(Connection connection, String organisationId, long afterSequence)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(AUDIT_EVENT_PAGE)) {
            statement.setString(1, organisationId);
            statement.setLong(2, afterSequence);
            List<AuditEvent> page = new ArrayList<>(STREAM_PAGE_SIZE);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    AuditEventEntity e = new AuditEventEntity();
                    e.organisationId = rs.getString(1);
                    e.id = rs.getObject(2, UUID.class);
                    e.sequence = rs.getLong(3);
                    e.communicationId = rs.getObject(4, UUID.class);
                    e.recipientId = rs.getObject(5, UUID.class);
                    e.eventType = rs.getString(6);
                    e.actorUserId = rs.getString(7);
                    e.occurredAt = rs.getObject(8, OffsetDateTime.class).toInstant();
                    e.details = rs.getString(9);
                    e.unitIds = rs.getString(10);
                    e.previousHash = rs.getString(11);
                    e.hash = rs.getString(12);
                    page.add(EntityMapping.toDomain(e));
                }
            }
            return page;
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private Optional<AuditChainHead> lockedHead(String organisationId) {
        if (database != DatabaseKind.OTHER) {
            return em.unwrap(Session.class).doReturningWork(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(LOCK_CHAIN_HEAD + database.rowLock())) {
                    statement.setString(1, organisationId);
                    try (ResultSet rs = statement.executeQuery()) {
                        return rs.next() ? Optional.of(new AuditChainHead(rs.getString(1), rs.getLong(2), rs.getString(3)))
                                : Optional.<AuditChainHead>empty();
                    }
                }
            });
        }
        return single(em.createQuery(
                        "select h from CcAuditChainHead h where h.organisationId = :org", AuditChainHeadEntity.class)
                .setParameter("org", organisationId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE), EntityMapping::toDomain);
    }

    /**
     * Appends the events and moves the chain head in plain JDBC: this runs under the organisation's chain lock, which
     * every writer of the organisation queues for, so whatever it costs is paid once per write by all of them.
     * Through Hibernate (persist, flush, detach, a JPQL update) it was most of updateRecipientStatus's own time
     * (docs/benchmarks.md). The mapping is still {@link EntityMapping}'s.
     */
    private void appendAuditRows(Connection connection, String organisationId, List<AuditEvent> events)
            throws SQLException {
        AuditEvent last = events.get(events.size() - 1);
        int moved;
        if (events.size() == 1 && database == DatabaseKind.POSTGRESQL) {
            // The usual single event and the head move in one round trip, while every writer waits for the lock.
            try (PreparedStatement statement = connection.prepareStatement(
                    "with appended as (" + INSERT_AUDIT_EVENT + ") " + MOVE_CHAIN_HEAD)) {
                bindAuditEvent(statement, last);
                statement.setLong(13, last.sequence());
                statement.setString(14, last.hash());
                statement.setString(15, organisationId);
                moved = statement.executeUpdate();
            }
        } else {
            try (PreparedStatement statement = connection.prepareStatement(INSERT_AUDIT_EVENT)) {
                for (AuditEvent event : events) {
                    bindAuditEvent(statement, event);
                    if (events.size() == 1) {
                        statement.executeUpdate();
                    } else {
                        statement.addBatch();
                    }
                }
                if (events.size() > 1) {
                    statement.executeBatch();
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(MOVE_CHAIN_HEAD)) {
                statement.setLong(1, last.sequence());
                statement.setString(2, last.hash());
                statement.setString(3, organisationId);
                moved = statement.executeUpdate();
            }
        }
        if (moved == 0) {
            // Only when the caller appended without lockAuditChain; a concurrent creator then hits the primary key.
            try (PreparedStatement statement = connection.prepareStatement(INSERT_CHAIN_HEAD)) {
                statement.setString(1, organisationId);
                statement.setLong(2, last.sequence());
                statement.setString(3, last.hash());
                statement.executeUpdate();
            }
        }
    }

    private static void bindAuditEvent(PreparedStatement statement, AuditEvent event) throws SQLException {
        AuditEventEntity e = EntityMapping.toEntity(event);
        statement.setString(1, e.organisationId);
        statement.setObject(2, e.id);
        statement.setLong(3, e.sequence);
        statement.setObject(4, e.communicationId);
        statement.setObject(5, e.recipientId);
        statement.setString(6, e.eventType);
        statement.setString(7, e.actorUserId);
        setInstant(statement, 8, e.occurredAt);
        statement.setString(9, e.details);
        statement.setString(10, e.unitIds);
        statement.setString(11, e.previousHash);
        statement.setString(12, e.hash);
    }

    /** A row selected with {@link #RECIPIENT_COLUMNS}, as the entity Hibernate would have loaded. */
    private static RecipientEntity recipientRow(ResultSet rs) throws SQLException {
        RecipientEntity e = new RecipientEntity();
        e.organisationId = rs.getString(1);
        e.id = rs.getObject(2, UUID.class);
        e.communicationId = rs.getObject(3, UUID.class);
        e.unitId = rs.getString(4);
        e.position = rs.getLong(5);
        e.recipientName = rs.getString(6);
        e.recipientEmail = rs.getString(7);
        e.deliveryStatus = rs.getString(8);
        e.deliveredAt = instant(rs, 9);
        e.openedAt = instant(rs, 10);
        e.failureReason = rs.getString(11);
        e.addedAt = instant(rs, 12);
        e.updatedAt = instant(rs, 13);
        e.addedBy = rs.getString(14);
        return e;
    }

    private static Instant instant(ResultSet rs, int index) throws SQLException {
        OffsetDateTime value = rs.getObject(index, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /**
     * Newest first, spelled with the leading columns of the index that serves the filter ({@code organisation_id},
     * then the most selective filter column). Those columns are fixed to one value by the WHERE clause, so the order
     * is the same; but H2 only reads an index in order, and stops after the page, when the ORDER BY names the index's
     * columns from the first: otherwise it sorts every matching row for every page, so paging through an
     * organisation is quadratic (EXPLAIN ANALYZE on 40,000 communications of one organisation: 40,001 rows scanned
     * for a page of 101, 117 ms, against 101 rows, 0.5 ms; see docs/benchmarks.md). PostgreSQL drops the constant
     * columns and plans as before.
     */
    private static String listingOrder(CommunicationFilter filter) {
        return listingOrder(filter, false);
    }

    /** @param sql column names of the table rather than attribute names of the entity */
    private static String listingOrder(CommunicationFilter filter, boolean sql) {
        String leading = "";
        if (filter != null) {
            if (filter.unitId() != null) {
                leading = sql ? "c.unit_id, " : "c.unitId, ";
            } else if (filter.blockId() != null) {
                leading = sql ? "c.block_id, " : "c.blockId, ";
            } else if (filter.status() != null) {
                leading = "c.status, ";
            } else if (filter.communicationType() != null) {
                leading = sql ? "c.communication_type, " : "c.communicationType, ";
            }
        }
        return sql ? " order by c.organisation_id, " + leading + "c.created_at desc, c.id desc"
                : " order by c.organisationId, " + leading + "c.createdAt desc, c.id desc";
    }

    /**
     * One page of the listing in plain JDBC: the same WHERE and ORDER BY as the JPQL above, in SQL. A page is a read
     * of a few dozen rows that the caller gets as records; through Hibernate (query interpretation, 26 managed
     * entities instantiated, registered and dropped) the library's first page cost 2.3 times the hand-written query
     * on PostgreSQL, most of it in Hibernate (docs/benchmarks.md).
     */
    private static List<Communication> communicationPage(Connection connection, String organisationId,
                                                         CommunicationFilter filter, CommunicationKey after, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("select ").append(COMMUNICATION_COLUMNS)
                .append(" from cc_communication c where c.organisation_id = ?");
        List<FilterTerm> terms = FilterTerm.of(filter);
        for (FilterTerm term : terms) {
            sql.append(" and c.").append(term.column()).append(" = ?");
        }
        if (after != null) {
            // See listCommunications for the redundant "created_at <=".
            sql.append(" and c.created_at <= ? and (c.created_at < ? or (c.created_at = ? and c.id < ?))");
        }
        sql.append(listingOrder(filter, true)).append(" limit ?");
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int index = 1;
            statement.setString(index++, organisationId);
            for (FilterTerm term : terms) {
                statement.setString(index++, term.value());
            }
            if (after != null) {
                setInstant(statement, index++, after.createdAt());
                setInstant(statement, index++, after.createdAt());
                setInstant(statement, index++, after.createdAt());
                statement.setObject(index++, after.id());
            }
            statement.setInt(index, limit);
            List<Communication> page = new ArrayList<>(Math.min(limit, 1_000));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    CommunicationEntity e = new CommunicationEntity();
                    e.organisationId = rs.getString(1);
                    e.id = rs.getObject(2, UUID.class);
                    e.communicationType = rs.getString(3);
                    e.subject = rs.getString(4);
                    e.bodyHtml = rs.getString(5);
                    e.blockId = rs.getString(6);
                    e.unitId = rs.getString(7);
                    e.channel = rs.getString(8);
                    e.status = rs.getString(9);
                    e.scheduledAt = instant(rs, 10);
                    e.sentAt = instant(rs, 11);
                    e.sentBy = rs.getString(12);
                    e.failedAt = instant(rs, 13);
                    e.failureReason = rs.getString(14);
                    e.notes = rs.getString(15);
                    e.createdBy = rs.getString(16);
                    e.createdAt = instant(rs, 17);
                    e.updatedAt = instant(rs, 18);
                    e.version = rs.getLong(19);
                    page.add(EntityMapping.toDomain(e));
                }
            }
            return page;
        }
    }

    /**
     * One condition of a listing filter: the entity attribute (also the JPQL parameter's name), the column, and the
     * value as stored. The JPQL and the SQL listings are written from the same terms, in the same order.
     */
    private record FilterTerm(String attribute, String column, String value) {
        static List<FilterTerm> of(CommunicationFilter filter) {
            List<FilterTerm> terms = new ArrayList<>(4);
            if (filter == null) {
                return terms;
            }
            if (filter.blockId() != null) {
                terms.add(new FilterTerm("blockId", "block_id", filter.blockId()));
            }
            if (filter.unitId() != null) {
                terms.add(new FilterTerm("unitId", "unit_id", filter.unitId()));
            }
            if (filter.communicationType() != null) {
                terms.add(new FilterTerm("communicationType", "communication_type", filter.communicationType().wireName()));
            }
            if (filter.status() != null) {
                terms.add(new FilterTerm("status", "status", filter.status().wireName()));
            }
            return terms;
        }
    }

    private static void appendFilter(StringBuilder jpql, CommunicationFilter filter) {
        for (FilterTerm term : FilterTerm.of(filter)) {
            jpql.append(" and c.").append(term.attribute()).append(" = :").append(term.attribute());
        }
    }

    private static void bindFilter(Query query, CommunicationFilter filter) {
        for (FilterTerm term : FilterTerm.of(filter)) {
            query.setParameter(term.attribute(), term.value());
        }
    }

    private <E, R> Optional<R> single(TypedQuery<E> query, java.util.function.Function<E, R> mapping) {
        List<R> rows = list(query, mapping);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private <E, R> List<R> list(TypedQuery<E> query, java.util.function.Function<E, R> mapping) {
        List<E> entities = query.getResultList();
        List<R> result = new ArrayList<>(entities.size());
        for (E entity : entities) {
            result.add(mapping.apply(entity));
            em.detach(entity);
        }
        // Unmodifiable, as the in-memory store's are: a caller cannot mistake a result for live state.
        return Collections.unmodifiableList(result);
    }

    private void flushAndDetach(List<?> entities) {
        if (entities.isEmpty()) {
            return;
        }
        em.flush();
        for (Object entity : entities) {
            em.detach(entity);
        }
        entities.clear();
    }

    private static long number(Object value) {
        return value == null ? 0L : ((Number) value).longValue();
    }

    /** Streaming reads page through several statements, which only a transaction shows one snapshot of. */
    private void requireSnapshot() {
        if (singleCall) {
            throw NeedsTransaction.SIGNAL;
        }
    }

    /**
     * Thrown when work run without a transaction of its own turns out to need one (a second statement); the store
     * runs the work again inside a read-only transaction. It never reaches the facade.
     */
    static final class NeedsTransaction extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final NeedsTransaction SIGNAL = new NeedsTransaction();

        private NeedsTransaction() {
            super("this read needs a transaction of its own", null, false, false);
        }
    }

    private void requireWritable() {
        if (readOnly) {
            throw new IllegalStateException("write operation inside CommunicationStore.read");
        }
    }

    /** Runs one persistence operation and translates whatever it throws. */
    private <T> T guard(String action, Supplier<T> operation) {
        if (singleCall && ++calls > 1) {
            throw NeedsTransaction.SIGNAL;
        }
        try {
            return operation.get();
        } catch (CommunicationCentreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw StoreFailures.translate(e, action);
        }
    }
}
