package io.github.commscentre.jpa;

import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.spi.CommunicationKey;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/** The communications of one store transaction's organisation. */
final class CommunicationQueries {

    /** Communications carry bodies of up to 1,000,000 characters, so they are streamed in smaller pages. */
    static final int COMMUNICATION_PAGE_SIZE = 50;

    private static final String BY_ID = "select c from CcCommunication c where c.organisationId = :org and c.id = :id";

    /** The statuses in which a communication may be deleted. */
    private static final List<String> EDITABLE = List.of(
            CommunicationStatus.DRAFT.wireName(), CommunicationStatus.SCHEDULED.wireName());

    /** The statuses in which a communication may be updated: every one but sent and failed. */
    private static final List<String> UNFINISHED = List.of(CommunicationStatus.DRAFT.wireName(),
            CommunicationStatus.SCHEDULED.wireName(), CommunicationStatus.SENDING.wireName());

    private final TransactionContext context;

    CommunicationQueries(TransactionContext context) {
        this.context = context;
    }

    Optional<Communication> find(UUID id) {
        return context.guard("reading a communication", () -> context.first(context.em
                .createQuery(BY_ID, CommunicationEntity.class)
                .setParameter("org", context.organisationId)
                .setParameter("id", id), EntityMapping::toDomain));
    }

    Optional<Communication> lock(UUID id) {
        return context.guard("locking a communication", () -> context.first(context.em
                .createQuery(BY_ID, CommunicationEntity.class)
                .setParameter("org", context.organisationId)
                .setParameter("id", id)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE), EntityMapping::toDomain));
    }

    /**
     * One page of summaries in plain JDBC: a read of a few dozen rows that the caller gets as records, so managed
     * entities would be built only to be thrown away (docs/benchmarks.md). The body column is not selected at all.
     */
    List<CommunicationSummary> listSummaries(CommunicationFilter filter, CommunicationKey after, int limit) {
        return page(CommunicationRows.SUMMARY_COLUMNS, CommunicationRows::readSummary, filter, after, limit);
    }

    /** One page of whole communications, bodies included: for verification, which digests the content. */
    private List<Communication> list(CommunicationFilter filter, CommunicationKey after, int limit) {
        return page(CommunicationRows.COLUMNS, CommunicationRows::read, filter, after, limit);
    }

    /** How a row of the page's columns becomes a record. */
    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> page(String columns, RowReader<T> reader, CommunicationFilter filter, CommunicationKey after,
                             int limit) {
        return context.guard("listing communications", () -> context.jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(CommunicationListing.pageSql(columns, filter, after))) {
                CommunicationListing.bindPage(statement, context.organisationId, filter, after, limit);
                List<T> page = new ArrayList<>(Math.min(limit, 1_000));
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        page.add(reader.read(rs));
                    }
                }
                return page;
            }
        }));
    }

    long count(CommunicationFilter filter) {
        return context.guard("counting communications", () -> {
            StringBuilder jpql = new StringBuilder("select count(c) from CcCommunication c where c.organisationId = :org");
            CommunicationListing.appendJpqlFilter(jpql, filter);
            TypedQuery<Long> query = context.em.createQuery(jpql.toString(), Long.class)
                    .setParameter("org", context.organisationId);
            CommunicationListing.bindJpqlFilter(query, filter);
            return query.getSingleResult();
        });
    }

    void forEachFinished(Consumer<Communication> consumer) {
        context.requireSnapshot();
        for (CommunicationStatus status : List.of(CommunicationStatus.SENT, CommunicationStatus.FAILED)) {
            CommunicationKey after = null;
            CommunicationFilter filter = new CommunicationFilter(null, null, null, status);
            while (true) {
                List<Communication> page = list(filter, after, COMMUNICATION_PAGE_SIZE);
                page.forEach(consumer);
                if (page.size() < COMMUNICATION_PAGE_SIZE) {
                    break;
                }
                Communication last = page.get(page.size() - 1);
                after = new CommunicationKey(last.createdAt(), last.id());
            }
        }
    }

    void insert(Communication communication) {
        context.guard("inserting a communication", () -> {
            CommunicationEntity entity = EntityMapping.toEntity(communication);
            context.em.persist(entity);
            context.em.flush();
            context.em.detach(entity);
            return null;
        });
    }

    boolean update(Communication updated, long expectedVersion) {
        return context.guard("updating a communication", () -> context.em.createQuery(
                        "update CcCommunication c set c.communicationType = :type, c.subject = :subject, c.bodyHtml = :body,"
                                + " c.blockId = :blockId, c.unitId = :unitId, c.channel = :channel, c.status = :status,"
                                + " c.scheduledAt = :scheduledAt, c.sentAt = :sentAt, c.sentBy = :sentBy, c.failedAt = :failedAt,"
                                + " c.failureReason = :failureReason, c.notes = :notes, c.createdBy = :createdBy,"
                                + " c.createdAt = :createdAt, c.updatedAt = :updatedAt, c.version = :version,"
                                + " c.sendingStartedAt = :sendingStartedAt"
                                + " where c.organisationId = :org and c.id = :id and c.version = :expectedVersion"
                                + " and c.status in :unfinished")
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
                .setParameter("sendingStartedAt", updated.sendingStartedAt())
                .setParameter("org", context.organisationId)
                .setParameter("id", updated.id())
                .setParameter("expectedVersion", expectedVersion)
                .setParameter("unfinished", UNFINISHED)
                .executeUpdate() == 1);
    }

    /** The recipients go with it through the foreign key's ON DELETE CASCADE: one statement, however many. */
    boolean delete(UUID id, long expectedVersion) {
        return context.guard("deleting a communication", () -> context.em.createQuery(
                        "delete from CcCommunication c where c.organisationId = :org and c.id = :id"
                                + " and c.version = :expectedVersion and c.status in :editable")
                .setParameter("org", context.organisationId)
                .setParameter("id", id)
                .setParameter("expectedVersion", expectedVersion)
                .setParameter("editable", EDITABLE)
                .executeUpdate() == 1);
    }
}
