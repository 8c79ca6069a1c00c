package io.github.commscentre.jpa;

import io.github.commscentre.Communication;
import io.github.commscentre.Recipient;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.github.commscentre.jpa.JdbcTime.setInstant;

/**
 * The dispatcher's statements for one store transaction's organisation: the communications due, claiming recipients,
 * and recording the outcomes of a claim. Each operation is one statement, or one JDBC batch, on every database; the
 * claim token lives in {@code cc_recipient.claim_token}, which no other statement names.
 */
final class DispatchQueries {

    /** Parameters (organisation id, now, limit). The sending ones first, then by scheduledAt (none first), then by id. */
    private static final String DUE = "select " + CommunicationRows.COLUMNS + " from cc_communication c"
            + " where c.organisation_id = ? and c.status in ('sending', 'scheduled')"
            + " and (c.status = 'sending' or c.scheduled_at <= ?)"
            + " order by case when c.status = 'sending' then 0 else 1 end, c.scheduled_at nulls first, c.id"
            + " fetch first ? rows only";

    /**
     * Organisations with due communications: the one look-up across organisations. Parameters (now, limit). Its
     * {@code status in} matches the predicate of PostgreSQL's partial index {@code cc_communication_due_ix}.
     */
    static final String ORGANISATIONS_WITH_DUE = "select distinct organisation_id from cc_communication"
            + " where status in ('sending', 'scheduled') and (status = 'sending' or scheduled_at <= ?)"
            + " fetch first ? rows only";

    /** The condition a recipient meets to be claimed, for the candidates and again for the rows updated. */
    static final String CLAIMABLE = "delivery_status = 'pending' and (next_attempt_at is null or next_attempt_at <= ?)";

    /**
     * The candidates of a claim, locked as they are chosen, skipping rows another transaction holds. Parameters
     * (organisation id, communication id, now, limit).
     *
     * @param key   what identifies a candidate, named {@code candidate} in the answer: its id, or what the dialect
     *              finds a row by fastest
     * @param from  where they are read from: the table, with the index to read when the dialect names one
     * @param order the order clause, or empty when the index read gives the order
     * @param lock  the dialect's clause that locks a row, or skips it when another transaction holds it
     */
    static String claimCandidates(String key, String from, String order, String lock) {
        return "select " + key + " as candidate from " + from + " where organisation_id = ? and communication_id = ? and "
                + CLAIMABLE + " " + order + "fetch first ? rows only" + lock;
    }

    /**
     * The assignments of a claim; the dialect's update checks {@link #CLAIMABLE} again, so a row another claim took and
     * committed meanwhile is left alone on any database. Parameters (lease until, claim).
     */
    static final String CLAIM_SETS = "dispatch_attempts = dispatch_attempts + 1, next_attempt_at = ?, claim_token = ?";

    private final TransactionContext context;

    DispatchQueries(TransactionContext context) {
        this.context = context;
    }

    List<Communication> due(Instant now, int limit) {
        return context.guard("finding due communications", () -> context.jdbc(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(DUE)) {
                statement.setString(1, context.organisationId);
                setInstant(statement, 2, now);
                statement.setInt(3, limit);
                List<Communication> due = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        due.add(CommunicationRows.read(rs));
                    }
                }
                return Collections.unmodifiableList(due);
            }
        }));
    }

    List<Recipient> claim(UUID communicationId, Instant now, UUID claim, Instant leaseUntil, int limit) {
        return context.guard("claiming recipients", () -> context.jdbc(connection -> Collections.unmodifiableList(
                context.dialect.claimRecipients(connection, context.organisationId, communicationId, now, claim, leaseUntil,
                        limit))));
    }

    /** @return the claimed rows a claim statement answers, in its order */
    static List<Recipient> claimed(PreparedStatement statement) throws SQLException {
        List<Recipient> claimed = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                claimed.add(RecipientRows.read(rs));
            }
        }
        return claimed;
    }

    /** One round trip, whatever the number of outcomes: the dialect's statement, or one JDBC batch. */
    Set<UUID> record(UUID claim, List<Recipient> updated) {
        return context.guard("recording dispatch outcomes", () -> context.jdbcJoiningArrays(connection ->
                context.dialect.recordOutcomes(connection, context.organisationId, claim, updated)));
    }

    /**
     * Records outcomes as one JDBC batch of {@link RecipientRows#RECORD_OUTCOME}, a statement a row; each row's update
     * count says whether it applied.
     *
     * @return the ids of the recipients replaced, in the order given
     */
    static Set<UUID> recordInBatch(Connection connection, UUID claim, List<Recipient> updated) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(RecipientRows.RECORD_OUTCOME)) {
            for (Recipient recipient : updated) {
                RecipientRows.bindOutcome(statement, recipient, claim);
                statement.addBatch();
            }
            int[] counts = statement.executeBatch();
            Set<UUID> replaced = new LinkedHashSet<>();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == Statement.SUCCESS_NO_INFO) {
                    throw new IllegalStateException("the JDBC driver gave no update count for an outcome");
                }
                if (counts[i] > 0) {
                    replaced.add(updated.get(i).id());
                }
            }
            return Collections.unmodifiableSet(replaced);
        }
    }
}
