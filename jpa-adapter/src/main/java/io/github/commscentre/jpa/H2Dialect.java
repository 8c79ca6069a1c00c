package io.github.commscentre.jpa;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.spi.RecipientChange;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** H2 2.x: tests, development and small embedded installations. */
final class H2Dialect implements SqlDialect {

    /** H2's own level ({@code org.h2.engine.Constants.TRANSACTION_SNAPSHOT}): one snapshot of every table. */
    private static final int SNAPSHOT = 6;

    private static final String CREATE_CHAIN_HEAD = "merge into cc_audit_chain_head h"
            + " using (values (cast(? as character varying(100)))) s(organisation_id)"
            + " on h.organisation_id = s.organisation_id"
            + " when not matched then insert (" + ChainHeadRows.COLUMNS + ") values (s.organisation_id, 0, ?)";

    /** H2 evaluates {@code = any(?)} row by row; joining the unnested array drives index look-ups instead. */
    private static final String EXISTING_UNIT_IDS = "select r.unit_id from unnest(?) as t(u)"
            + " join cc_recipient r on r.organisation_id = ? and r.communication_id = ? and r.unit_id = t.u";

    private static final String RECIPIENTS_BY_MESSAGE_ID = "select r.provider_message_id, r.id from unnest(?) as t(m)"
            + " join cc_recipient r on r.organisation_id = ? and r.provider_message_id = t.m";

    /** Locked in id order, as on PostgreSQL; H2 locks the rows of the table a join reads them from. */
    private static final String LOCK_RECIPIENTS = "select " + RecipientRows.COLUMNS
            + " from unnest(?) as t(i) join cc_recipient r on r.organisation_id = ? and r.id = t.i"
            + " order by r.id for update";

    private static final String SEEN_PROVIDER_EVENTS = "select e.provider_event_id from unnest(?) as t(x)"
            + " join cc_provider_event e on e.organisation_id = ? and e.provider = ? and e.provider_event_id = t.x";

    /**
     * The claimed rows come from a data change delta table ({@code final table}) over a {@code merge}, which the same
     * statement orders. The candidates are the merge's source, read from the claim index in its (position, id) order
     * rather than ordered: H2 applies {@code fetch first} before {@code skip locked} when the select also orders, so a
     * second claim would get nothing while the first holds its rows. A merge joins the candidates by key; the
     * {@code update ... where id in (candidates)} form it replaces took time in proportion to the pending recipients
     * (3 seconds for a claim of 500 among 5,000). The {@code when matched} condition checks the candidates again, so
     * a row another claim took and committed meanwhile is left alone. Parameters (organisation id, communication id,
     * now, limit, organisation id, now, lease until, claim).
     */
    private static final String CLAIM = "select " + RecipientRows.COLUMNS + " from final table (merge into cc_recipient r"
            + " using (" + DispatchQueries.claimCandidates("id", "cc_recipient use index (cc_recipient_claim_ix)", "",
                    " for update skip locked") + ") c"
            + " on r.organisation_id = ? and r.id = c.candidate"
            + " when matched and " + DispatchQueries.CLAIMABLE + " then update set " + DispatchQueries.CLAIM_SETS + ")"
            + " order by position, id";

    @Override
    public String name() {
        return "H2";
    }

    @Override
    public String rowLock() {
        return " for update";
    }

    /**
     * With the chain's end read in subqueries of the locking select, concurrent H2 writers both appended at the same
     * sequence (the paging race of the behaviour suite); locking the head row alone and then reading holds. H2 is
     * in-process, so the second statement costs little.
     */
    @Override
    public boolean tryLockAnswersChainEnd() {
        return false;
    }

    @Override
    public String tryRowLock() {
        return " for update skip locked";
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
    public String seenProviderEvents() {
        return SEEN_PROVIDER_EVENTS;
    }

    /** H2 is in-process: a JDBC batch of single-row updates costs no round trips. */
    @Override
    public Set<UUID> updateRecipients(Connection connection, String organisationId, List<RecipientChange> changes)
            throws SQLException {
        return ProviderEventQueries.updateInBatch(connection, changes);
    }

    /** In-process, the round trip it would save costs nothing: the facade takes the lock first. */
    @Override
    public boolean tryAppendLinkedAfter(Connection connection, String organisationId, AuditChainHead expected,
                                        AuditEvent linked) {
        return false;
    }

    /** A JDBC batch of inserts, then the head moved in a statement of its own. */
    @Override
    public int appendEvents(Connection connection, String organisationId, List<AuditEvent> events, AuditEvent lastLinked)
            throws SQLException {
        AuditEventRows.insert(connection, events);
        return lastLinked == null ? 0 : ChainHeadRows.move(connection, organisationId, lastLinked);
    }

    /** A JDBC batch of single-row updates, as {@link #updateRecipients}. */
    @Override
    public void linkAuditEvents(Connection connection, String organisationId, List<AuditEvent> linked)
            throws SQLException {
        AuditLinkQueries.linkInBatch(connection, organisationId, linked);
    }

    /** H2 is in-process: a JDBC batch of single-row updates costs no round trips. */
    @Override
    public Set<UUID> recordOutcomes(Connection connection, String organisationId, UUID claim, List<Recipient> updated)
            throws SQLException {
        return DispatchQueries.recordInBatch(connection, claim, updated);
    }

    @Override
    public List<Recipient> claimRecipients(Connection connection, String organisationId, UUID communicationId, Instant now,
                                           UUID claim, Instant leaseUntil, int limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
            statement.setString(1, organisationId);
            statement.setObject(2, communicationId);
            JdbcTime.setInstant(statement, 3, now);
            statement.setInt(4, limit);
            statement.setString(5, organisationId);
            JdbcTime.setInstant(statement, 6, now);
            JdbcTime.setInstant(statement, 7, leaseUntil);
            statement.setObject(8, claim);
            return DispatchQueries.claimed(statement);
        }
    }

    /**
     * H2's MERGE waits for a concurrent creator and then reports its row as a duplicate. H2 keeps the transaction
     * usable after a failed statement, so that duplicate is ignored: the row, committed by now, is simply there.
     * (Plain JDBC here: through JPA the failure would mark the whole transaction rollback-only.)
     */
    @Override
    public void createChainHeadIfAbsent(Connection connection, String organisationId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(CREATE_CHAIN_HEAD)) {
            insert.setString(1, organisationId);
            insert.setString(2, AuditEvent.GENESIS_HASH);
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    /** H2 has no data-modifying common table expressions, so this is two statements. */
    @Override
    public int appendEventAndMoveHead(Connection connection, String organisationId, AuditEvent event)
            throws SQLException {
        AuditEventRows.insert(connection, List.of(event));
        return ChainHeadRows.move(connection, organisationId, event);
    }

    /**
     * H2 has no per-transaction isolation statement, and its REPEATABLE READ snapshots each table only when first
     * read, so two tables could still disagree. SNAPSHOT is set on the session here and restored at the end.
     */
    @Override
    public Object beginConsistentRead(Connection connection) throws SQLException {
        int previous = connection.getTransactionIsolation();
        connection.setTransactionIsolation(SNAPSHOT);
        return previous;
    }

    @Override
    public void endConsistentRead(Connection connection, Object state) throws SQLException {
        connection.setTransactionIsolation((Integer) state);
    }
}
