package io.github.commscentre.jpa;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.spi.ProviderEventRecord;
import io.github.commscentre.spi.RecipientChange;
import io.github.commscentre.spi.UpdateAndAppend;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** PostgreSQL 12 or later (and Citus): the production database. */
final class PostgresDialect implements SqlDialect {

    /** The usual single event and the head move in one round trip, while every writer waits for the head's lock. */
    private static final String APPEND_AND_MOVE = "with appended as (" + AuditEventRows.INSERT + ") " + ChainHeadRows.MOVE;

    /** The event appended only if the head row was locked. Parameters (the event's twelve columns). */
    private static final String APPENDED_AT_HEAD = "appended as (insert into cc_audit_event (" + AuditEventRows.COLUMNS
            + ") select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? where exists (select 1 from head) returning organisation_id)";

    /**
     * The chain lock tried, the guess checked and the event appended with the head moved, in one statement: the head row
     * is locked (skipping it if another transaction holds it) only if it ends the chain at the expected place, the
     * linked event there agrees with it, nothing is linked beyond it and nothing is pending; the insert and the move
     * happen only if it was. The subqueries see the statement's snapshot while the lock sees the head's latest version,
     * so a linker that committed meanwhile moved the head past the guess, and nothing is written. Parameters
     * ({@link #lockableHead}'s seven, the event's twelve columns, the move's three).
     */
    static final String TRY_APPEND_LINKED = "with head as (" + lockableHead("") + "), " + APPENDED_AT_HEAD + " "
            + ChainHeadRows.MOVE + " and exists (select 1 from appended)";

    /**
     * A recipient's compare-and-set first, then {@link #TRY_APPEND_LINKED}'s lock, append and move only if it replaced
     * the row: the whole write of a status update in one round trip. The update runs (and waits for a row another
     * transaction holds, if it must) before the head is tried, so the head is never held while waiting. Answers the rows
     * updated and the heads moved. Parameters (the update's twelve, then those of {@link #TRY_APPEND_LINKED}).
     */
    static final String UPDATE_AND_TRY_APPEND_LINKED = "with updated as (" + RecipientRows.UPDATE + " returning 1),"
            + " head as (" + lockableHead(" and exists (select 1 from updated)") + "), " + APPENDED_AT_HEAD + ","
            + " moved as (" + ChainHeadRows.MOVE + " and exists (select 1 from appended) returning 1)"
            + " select (select count(*) from updated), (select count(*) from moved)";

    private static final String INDEX_PROBES = "select set_config('plan_cache_mode', 'force_generic_plan', true),"
            + " set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)";

    /**
     * A recipient's compare-and-set, then its pending event inserted only if it replaced the row: the status update's
     * write in one round trip when the event is to be linked after commit. Parameters (the update's twelve, the event's
     * twelve columns).
     */
    static final String UPDATE_AND_APPEND_PENDING = "with updated as (" + RecipientRows.UPDATE + " returning 1)"
            + " insert into cc_audit_event (" + AuditEventRows.COLUMNS + ")"
            + " select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? where exists (select 1 from updated)";

    /** Waits for a concurrent creator's transaction and then does nothing: no error, no aborted transaction. */
    private static final String CREATE_CHAIN_HEAD = "insert into cc_audit_chain_head (" + ChainHeadRows.COLUMNS + ")"
            + " values (?, 0, ?) on conflict (organisation_id) do nothing";

    /**
     * A join with the unnested array rather than {@code unit_id = any(?)}: once the driver prepares the statement on
     * the server, a generic plan would test every recipient against the whole array; the join probes the unique
     * index once per candidate under the plans of {@link #planArrayJoinsAsIndexProbes}.
     */
    private static final String EXISTING_UNIT_IDS = "select r.unit_id from unnest(cast(? as varchar[])) as t(u)"
            + " join cc_recipient r on r.organisation_id = ? and r.communication_id = ? and r.unit_id = t.u";

    /** The provider message ids joined as the unit ids are, probing the partial index of V3. */
    private static final String RECIPIENTS_BY_MESSAGE_ID = "select r.provider_message_id, r.id"
            + " from unnest(cast(? as varchar[])) as t(m)"
            + " join cc_recipient r on r.organisation_id = ? and r.provider_message_id = t.m";

    /**
     * The rows are locked as they come out of the sort, so in id order: two batches naming the same recipients queue
     * behind one another instead of deadlocking.
     */
    private static final String LOCK_RECIPIENTS = "select " + RecipientRows.COLUMNS
            + " from unnest(cast(? as uuid[])) as t(i) join cc_recipient r on r.organisation_id = ? and r.id = t.i"
            + " order by r.id for no key update of r";

    /**
     * {@link #LOCK_RECIPIENTS} of the ids given and of those that have the message ids given, in one statement: the
     * look-up by message id cost a round trip and a statement of its own. Every recipient with one of the message ids
     * is locked, those that share one too, so that the store can tell which message ids name exactly one.
     */
    private static final String LOCK_NAMED_RECIPIENTS = "select " + RecipientRows.COLUMNS + " from cc_recipient r"
            + " where r.organisation_id = ? and r.id in (select t.i from unnest(cast(? as uuid[])) as t(i)"
            + " union all select m.id from unnest(cast(? as varchar[])) as u(k)"
            + " join cc_recipient m on m.organisation_id = ? and m.provider_message_id = u.k)"
            + " order by r.id for no key update of r";

    private static final String SEEN_PROVIDER_EVENTS = "select e.provider_event_id"
            + " from unnest(cast(? as varchar[])) as t(x)"
            + " join cc_provider_event e on e.organisation_id = ? and e.provider = ? and e.provider_event_id = t.x";

    /**
     * The candidates in a common table expression of their own, materialized: as an {@code IN} subquery PostgreSQL may
     * run them again for each row it updates, and each run skips the rows the update has just changed, so a claim of 3
     * took every pending recipient. The update finds the candidates by their row address ({@code ctid}), which
     * PostgreSQL reads directly (a TID scan) whatever its statistics say: joined by id, with the statistics of a table
     * that had grown since its last analyse (50,000 recipients added and sent at once), the join was planned as the
     * organisation's recipients scanned once per candidate, and a claim of 500 among 3,500 took 250 ms (among 50,000,
     * seconds). A candidate's address cannot change before the update: the statement holds its lock. The update then
     * returns the claimed rows, which the same statement orders.
     * PostgreSQL locks the candidates below their limit, so rows it skips do not count towards it. Parameters
     * (organisation id, communication id, now, limit, lease until, claim, organisation id, now).
     */
    static final String CLAIM = "with candidates as materialized ("
            + DispatchQueries.claimCandidates("ctid", "cc_recipient", "order by position, id ",
                    " for no key update skip locked")
            + "), claimed as (update cc_recipient set " + DispatchQueries.CLAIM_SETS + " from candidates"
            + " where organisation_id = ? and ctid = candidate and " + DispatchQueries.CLAIMABLE
            + " returning " + RecipientRows.COLUMNS + ")"
            + " select " + RecipientRows.COLUMNS + " from claimed order by position, id";

    /**
     * The head row, locked unless another transaction holds it, if it ends the chain where expected, the last linked
     * event is the expected one and nothing is pending; {@code condition} is added to its filter. Parameters bound by
     * {@link #bindLockableHead}.
     *
     * <p>The chain's end is read as its last linked event, by the unique index on (organisation, sequence) backwards,
     * and every probe names the organisation and the expected values as parameters rather than correlating with the
     * head row: written as "an event at the head's sequence with its hash, and none beyond it", PostgreSQL planned the
     * two probes as joins that read every event of the organisation (the statistics of a table that had grown since its
     * last analyse said the organisation had one), so the usual status update slowed as the chain grew, to 6 ms at
     * 5,000 events.
     */
    private static String lockableHead(String condition) {
        return "select h.organisation_id from cc_audit_chain_head h"
                + " where h.organisation_id = ? and h.last_sequence = ? and h.last_hash = ?" + condition
                + " and exists (select 1 from (select e.sequence, e.hash from cc_audit_event e"
                + " where e.organisation_id = ? and e.sequence is not null"
                + " order by e.organisation_id, e.sequence desc fetch first 1 rows only) last"
                + " where last.sequence = ? and last.hash = ?)"
                + " and not exists (select 1 from cc_audit_event p where p.organisation_id = ? and p.sequence is null)"
                + " for no key update of h skip locked";
    }

    /** @return the index of the parameter after {@link #lockableHead}'s seven, bound from {@code first} */
    private static int bindLockableHead(PreparedStatement statement, int first, String organisationId,
                                        AuditChainHead expected) throws SQLException {
        for (int i = first; i < first + 6; i += 3) {
            statement.setString(i, organisationId);
            statement.setLong(i + 1, expected.lastSequence());
            statement.setString(i + 2, expected.lastHash());
        }
        statement.setString(first + 6, organisationId);
        return first + 7;
    }

    @Override
    public String name() {
        return "PostgreSQL";
    }

    /**
     * For the rest of the transaction, generic plans ({@code plan_cache_mode}, PostgreSQL 12 and later) and no hash or
     * merge joins, so that each element of an array probes an index. A custom plan reads the statistics of the
     * organisation bound; for an organisation that grew since the table's last analyse (a new customer's first large
     * send: autovacuum analyses a large shared table only after a tenth of it changed) they say it has no rows, and
     * PostgreSQL then hashed all of its recipients to join 1,000 ids: a webhook batch slowed by 2 ms for every 1,000
     * recipients the organisation had. A generic plan estimates an organisation as the average one, which makes the
     * primary key the index to probe; without hash and merge joins, probing it once per element is the plan left.
     * One statement for the three settings.
     */
    @Override
    public void planArrayJoinsAsIndexProbes(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INDEX_PROBES)) {
            statement.execute();
        }
    }

    /** {@code for no key update}: it does not block inserts of rows that reference the locked one. */
    @Override
    public String rowLock() {
        return " for no key update";
    }

    /** One round trip: the head row is locked and the chain's end read with it. */
    @Override
    public boolean tryLockAnswersChainEnd() {
        return true;
    }

    @Override
    public String tryRowLock() {
        return " for no key update skip locked";
    }

    @Override
    public String existingUnitIds() {
        return EXISTING_UNIT_IDS;
    }

    @Override
    public String recipientsByProviderMessageId() {
        return RECIPIENTS_BY_MESSAGE_ID;
    }

    @Override
    public String lockRecipients() {
        return LOCK_RECIPIENTS;
    }

    @Override
    public Optional<String> lockNamedRecipients() {
        return Optional.of(LOCK_NAMED_RECIPIENTS);
    }

    @Override
    public String seenProviderEvents() {
        return SEEN_PROVIDER_EVENTS;
    }

    @Override
    public List<Recipient> claimRecipients(Connection connection, String organisationId, UUID communicationId, Instant now,
                                           UUID claim, Instant leaseUntil, int limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
            statement.setString(1, organisationId);
            statement.setObject(2, communicationId);
            JdbcTime.setInstant(statement, 3, now);
            statement.setInt(4, limit);
            JdbcTime.setInstant(statement, 5, leaseUntil);
            statement.setObject(6, claim);
            statement.setString(7, organisationId);
            JdbcTime.setInstant(statement, 8, now);
            return DispatchQueries.claimed(statement);
        }
    }

    /** One statement for all the outcomes: see {@link PostgresSetUpdates}. */
    @Override
    public Set<UUID> recordOutcomes(Connection connection, String organisationId, UUID claim, List<Recipient> updated)
            throws SQLException {
        return PostgresSetUpdates.recordOutcomes(connection, organisationId, claim, updated);
    }

    /** One round trip fewer for the usual write: the lock tried and the event appended together. */
    @Override
    public boolean tryAppendLinkedAfter(Connection connection, String organisationId, AuditChainHead expected,
                                        AuditEvent linked) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(TRY_APPEND_LINKED)) {
            int next = bindLockableHead(statement, 1, organisationId, expected);
            AuditEventRows.bind(statement, next, linked);
            ChainHeadRows.bindMove(statement, next + 12, organisationId, linked);
            return statement.executeUpdate() == 1;
        }
    }

    /** One round trip for the usual status update: see {@link #UPDATE_AND_TRY_APPEND_LINKED}. */
    @Override
    public UpdateAndAppend updateRecipientAndTryAppendLinked(Connection connection, String organisationId,
                                                             Recipient updated, DeliveryStatus expectedStatus,
                                                             AuditChainHead expected, AuditEvent linked)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(UPDATE_AND_TRY_APPEND_LINKED)) {
            RecipientRows.bindUpdate(statement, updated, expectedStatus);
            int next = bindLockableHead(statement, 13, organisationId, expected);
            AuditEventRows.bind(statement, next, linked);
            ChainHeadRows.bindMove(statement, next + 12, organisationId, linked);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return UpdateAndAppend.NOT_REPLACED;
                }
                return rs.getLong(2) == 1 ? UpdateAndAppend.REPLACED_AND_APPENDED : UpdateAndAppend.REPLACED_NOT_APPENDED;
            }
        }
    }

    /** One round trip: see {@link #UPDATE_AND_APPEND_PENDING}. */
    @Override
    public boolean updateRecipientAndAppendPending(Connection connection, Recipient updated,
                                                   DeliveryStatus expectedStatus, AuditEvent pending) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(UPDATE_AND_APPEND_PENDING)) {
            RecipientRows.bindUpdate(statement, updated, expectedStatus);
            AuditEventRows.bind(statement, 13, pending);
            return statement.executeUpdate() == 1;
        }
    }

    /** One statement: the events inserted from arrays and the head moved (see {@link PostgresSetUpdates}). */
    @Override
    public int appendEvents(Connection connection, String organisationId, List<AuditEvent> events, AuditEvent lastLinked)
            throws SQLException {
        return PostgresSetUpdates.appendEvents(connection, organisationId, events, lastLinked);
    }

    /** One statement: see {@link PostgresEventBatches#RECORD_NEW}. */
    @Override
    public Optional<Set<String>> recordNewProviderEvents(Connection connection, String organisationId, String provider,
                                                         List<ProviderEventRecord> events) throws SQLException {
        return Optional.of(PostgresEventBatches.recordNew(connection, organisationId, provider, events));
    }

    /** One statement for all the changes: see {@link PostgresSetUpdates}. */
    @Override
    public Set<UUID> updateRecipients(Connection connection, String organisationId, List<RecipientChange> changes)
            throws SQLException {
        return PostgresSetUpdates.compareAndSet(connection, organisationId, changes);
    }

    /** One statement for all the events: see {@link PostgresSetUpdates}. */
    @Override
    public void linkAuditEvents(Connection connection, String organisationId, List<AuditEvent> linked)
            throws SQLException {
        PostgresSetUpdates.link(connection, organisationId, linked);
    }

    @Override
    public void createChainHeadIfAbsent(Connection connection, String organisationId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(CREATE_CHAIN_HEAD)) {
            insert.setString(1, organisationId);
            insert.setString(2, AuditEvent.GENESIS_HASH);
            insert.executeUpdate();
        }
    }

    @Override
    public int appendEventAndMoveHead(Connection connection, String organisationId, AuditEvent event)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(APPEND_AND_MOVE)) {
            AuditEventRows.bind(statement, event);
            ChainHeadRows.bindMove(statement, 13, organisationId, event);
            return statement.executeUpdate();
        }
    }

    /** Transaction-scoped, so nothing leaks into the pooled connection afterwards. */
    @Override
    public Object beginConsistentRead(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("set transaction isolation level repeatable read, read only");
        }
        return null;
    }

    @Override
    public void endConsistentRead(Connection connection, Object state) {
        // The isolation level ends with the transaction.
    }
}
