package io.github.commscentre.jpa;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatcher's statements on PostgreSQL ({@code COMMS_TEST_POSTGRES_URL}; skipped with the reason printed when
 * unset), and the indexes of migration V3 that serve them.
 */
class DispatchStatementsPostgresTest extends DispatchStatementsTest {

    @RegisterExtension
    static final PerClassDatabase DATABASE = new PerClassDatabase(TestDatabase::postgres);

    @Override
    PerClassDatabase classDatabase() {
        return DATABASE;
    }

    /** Outcomes as one set-based statement. */
    /** {@code set_config} of the planner settings, before the outcomes. */
    @Override
    int planningStatements() {
        return 1;
    }

    @Override
    int outcomeBatches() {
        return 0;
    }

    @Test
    void theClaimReadsItsCandidatesFromTheClaimIndexInItsOrder() throws SQLException {
        String plan = plan("explain with candidates as materialized (select id from cc_recipient where organisation_id = 'o'"
                + " and communication_id = '" + sending.id() + "' and delivery_status = 'pending'"
                + " and (next_attempt_at is null or next_attempt_at <= now()) order by position, id fetch first 100 rows only"
                + " for no key update skip locked) select * from candidates");
        assertThat(plan).contains("cc_recipient_claim_ix").doesNotContain("Sort");
    }

    /**
     * The claim's update reaches its locked candidates by row address, whatever the table's statistics say: joined by
     * id on a table never analysed since its recipients were added, it was planned as a scan of the organisation's
     * recipients for each candidate. This table has not been analysed since its 200 recipients went in.
     */
    @Test
    void theClaimUpdatesItsCandidatesByRowAddressEvenOnStaleStatistics() throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection connection = database().connect();
             PreparedStatement statement = connection.prepareStatement("explain " + PostgresDialect.CLAIM)) {
            statement.setString(1, org);
            statement.setObject(2, sending.id());
            JdbcTime.setInstant(statement, 3, NOW);
            statement.setInt(4, 100);
            JdbcTime.setInstant(statement, 5, LEASE);
            statement.setObject(6, UUID.randomUUID());
            statement.setString(7, org);
            JdbcTime.setInstant(statement, 8, NOW);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
        }
        String plan = String.join("\n", lines);
        assertThat(plan).contains("Tid Scan on cc_recipient").contains("TID Cond: (ctid = candidates.candidate)");
    }

    @Test
    void theDueLookUpsReadTheSmallPartialIndex() throws SQLException {
        assertThat(plan("explain select id from cc_communication where organisation_id = 'o' and status in ('sending', 'scheduled')"
                + " and (status = 'sending' or scheduled_at <= now())")).contains("cc_communication_due_ix");
        assertThat(plan("explain select distinct organisation_id from cc_communication where status in ('sending', 'scheduled')"
                + " and (status = 'sending' or scheduled_at <= now()) fetch first 10 rows only")).contains("cc_communication_due_ix");
    }

    @Test
    void aProvidersMessageIdIsFoundWithinTheOrganisationThroughItsIndex() throws SQLException {
        assertThat(plan("explain select id from cc_recipient where organisation_id = 'o' and provider_message_id = 'm'"))
                .contains("cc_recipient_provider_message_ix");
    }

    /** @return the plan PostgreSQL chooses when it may not scan the table */
    private String plan(String explain) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection connection = database().connect(); Statement statement = connection.createStatement()) {
            statement.execute("set enable_seqscan = off");
            try (ResultSet rs = statement.executeQuery(explain)) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
        }
        return String.join("\n", lines);
    }
}
