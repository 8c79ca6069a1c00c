package io.github.commscentre.jpa;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.spi.ProviderEventRecord;
import io.github.commscentre.spi.RecipientChange;
import io.github.commscentre.spi.UpdateAndAppend;
import org.hibernate.dialect.Dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Everything the adapter says differently to each database it supports, one implementation per database, chosen
 * once when the store is built. SQL that every supported database understands alike is written once, beside the
 * query that runs it. A database without an implementation here is refused rather than served by a guess.
 */
sealed interface SqlDialect permits PostgresDialect, H2Dialect {

    /** @return the database's name, as a host developer knows it */
    String name();

    /**
     * @return a statement that finds and locks, in id order, the recipients of an organisation named by id or by provider
     *         message id, or empty where the store looks the message ids up apart. Parameters (recipient ids, message
     *         ids, organisation id, organisation id); it answers the recipient's columns.
     */
    default Optional<String> lockNamedRecipients() {
        return Optional.empty();
    }

    /**
     * Before the first statement of a transaction the store ends itself that joins an array of ids to a table (a webhook
     * batch, a linking, a dispatch outcome): makes the database probe an index once per element, where it would
     * otherwise trust statistics about one organisation that may be older than its rows and read all of them. Does
     * nothing by default.
     *
     * @param connection the transaction's connection
     * @throws SQLException if the database refuses
     */
    default void planArrayJoinsAsIndexProbes(Connection connection) throws SQLException {
    }

    /**
     * @return the clause that write-locks the selected row, as Hibernate renders {@code PESSIMISTIC_WRITE} for the
     *         database
     */
    String rowLock();

    /**
     * @return whether the statement that tries the chain lock may also read the end of the chain and whether events
     *         are pending, in subqueries
     */
    boolean tryLockAnswersChainEnd();

    /** @return the clause that write-locks the selected row if no other transaction holds it, and skips it otherwise */
    String tryRowLock();

    /**
     * @return SQL with parameters (unit id array, organisation id, communication id) selecting those unit ids that
     *         already are recipients of the communication
     */
    String existingUnitIds();

    /**
     * @return SQL with parameters (provider message id array, organisation id) selecting (provider message id, recipient
     *         id) of the organisation's recipients that have one of the ids
     */
    String recipientsByProviderMessageId();

    /**
     * @return SQL with parameters (recipient id array, organisation id) selecting {@link RecipientRows#COLUMNS} of the
     *         organisation's recipients with those ids, write-locked in id order
     */
    String lockRecipients();

    /**
     * @return SQL with parameters (event id array, organisation id, provider) selecting the event ids among them that
     *         the provider's events recorded in the organisation have
     */
    String seenProviderEvents();

    /**
     * Claims pending recipients of a communication in one statement: chooses the candidates
     * ({@link DispatchQueries#claimCandidates}), updates them ({@link DispatchQueries#CLAIM_SETS}, if still
     * {@link DispatchQueries#CLAIMABLE}) and answers them.
     *
     * @return the claimed rows in (position, id) order
     */
    List<Recipient> claimRecipients(Connection connection, String organisationId, UUID communicationId, Instant now,
                                    UUID claim, Instant leaseUntil, int limit) throws SQLException;

    /**
     * Records the outcomes of a claim in one round trip: each recipient's delivery and dispatch fields replace the
     * stored ones where the row still holds {@code claim} and is pending, and the claim is released.
     *
     * @return the ids of the recipients replaced, in the order given
     */
    Set<UUID> recordOutcomes(Connection connection, String organisationId, UUID claim, List<Recipient> updated)
            throws SQLException;

    /**
     * Records the provider events not seen before in one statement ({@code StoreTransaction#recordNewProviderEvents}).
     *
     * @return the event ids recorded, or empty where the database has no such statement (the two are then run apart)
     */
    default Optional<Set<String>> recordNewProviderEvents(Connection connection, String organisationId, String provider,
                                                          List<ProviderEventRecord> events) throws SQLException {
        return Optional.empty();
    }

    /**
     * Compare-and-set of many recipients in one round trip: each replaces the stored row where its delivery status is
     * the expected one.
     *
     * @return the ids of the recipients replaced, in the order given
     */
    Set<UUID> updateRecipients(Connection connection, String organisationId, List<RecipientChange> changes)
            throws SQLException;

    /**
     * Appends one linked event after {@code expected} in the statement that tries the chain lock, if the lock is free,
     * the linked events end at {@code expected} and none is pending ({@code StoreTransaction#tryAppendLinkedAfter}).
     *
     * @return whether it was appended and the head moved; {@code false} when the database has no such statement
     */
    boolean tryAppendLinkedAfter(Connection connection, String organisationId, AuditChainHead expected, AuditEvent linked)
            throws SQLException;

    /**
     * A recipient's compare-and-set ({@link RecipientRows#UPDATE}) and, only if it replaced the row,
     * {@link #tryAppendLinkedAfter} with the event recording it ({@code StoreTransaction#updateRecipientAndTryAppendLinked}).
     * The default runs them one after the other.
     *
     * @return what was written
     */
    default UpdateAndAppend updateRecipientAndTryAppendLinked(Connection connection, String organisationId,
                                                              Recipient updated, DeliveryStatus expectedStatus,
                                                              AuditChainHead expected, AuditEvent linked)
            throws SQLException {
        if (!RecipientRows.update(connection, updated, expectedStatus)) {
            return UpdateAndAppend.NOT_REPLACED;
        }
        return tryAppendLinkedAfter(connection, organisationId, expected, linked) ? UpdateAndAppend.REPLACED_AND_APPENDED
                : UpdateAndAppend.REPLACED_NOT_APPENDED;
    }

    /**
     * A recipient's compare-and-set ({@link RecipientRows#UPDATE}) and, only if it replaced the row, the pending event
     * recording it inserted ({@code StoreTransaction#updateRecipientAndAppendPending}). The default runs them one after
     * the other.
     *
     * @return whether the recipient was replaced and the event inserted
     */
    default boolean updateRecipientAndAppendPending(Connection connection, Recipient updated,
                                                    DeliveryStatus expectedStatus, AuditEvent pending) throws SQLException {
        if (!RecipientRows.update(connection, updated, expectedStatus)) {
            return false;
        }
        try (java.sql.PreparedStatement statement = connection.prepareStatement(AuditEventRows.INSERT)) {
            AuditEventRows.bind(statement, pending);
            statement.executeUpdate();
        }
        return true;
    }

    /**
     * Appends several events and, when {@code lastLinked} is given, moves the head to it.
     *
     * @return the head rows moved: 0 when the organisation has no head row yet (the caller inserts it), or when
     *         nothing was linked
     */
    int appendEvents(Connection connection, String organisationId, List<AuditEvent> events, AuditEvent lastLinked)
            throws SQLException;

    /**
     * Sets the link columns of pending events in one round trip, all or none: an event that is not pending is refused
     * as {@code CONFLICT}.
     */
    void linkAuditEvents(Connection connection, String organisationId, List<AuditEvent> linked) throws SQLException;

    /**
     * Creates the organisation's chain head at the genesis hash unless it exists; waits for a concurrent creator
     * rather than failing the transaction.
     */
    void createChainHeadIfAbsent(Connection connection, String organisationId) throws SQLException;

    /**
     * Inserts one event and moves the chain head to it.
     *
     * @return how many head rows moved: 0 when the organisation has none yet
     */
    int appendEventAndMoveHead(Connection connection, String organisationId, AuditEvent event) throws SQLException;

    /** Called first thing in a read transaction; returns what {@link #endConsistentRead} needs to undo. */
    Object beginConsistentRead(Connection connection) throws SQLException;

    /** Called last thing in a read transaction, before it ends, whether the read succeeded or not. */
    void endConsistentRead(Connection connection, Object state) throws SQLException;

    /**
     * @param hibernateDialect the dialect Hibernate resolved for the entity manager factory
     * @return the adapter's dialect for that database
     * @throws IllegalArgumentException for a database other than PostgreSQL or H2
     */
    static SqlDialect of(Dialect hibernateDialect) {
        if (hibernateDialect instanceof org.hibernate.dialect.PostgreSQLDialect) {
            return new PostgresDialect();
        }
        if (hibernateDialect instanceof org.hibernate.dialect.H2Dialect) {
            return new H2Dialect();
        }
        String found = hibernateDialect.getClass().getSimpleName().replaceFirst("Dialect$", "");
        throw new IllegalArgumentException("JpaCommunicationStore supports PostgreSQL and H2, but the entity manager "
                + "factory's database is " + found + " (Hibernate dialect " + hibernateDialect.getClass().getName() + ")");
    }
}
