package io.github.commscentre.jpa;

import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import io.github.commscentre.CommunicationCentre;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database guards on PostgreSQL (skipped with the reason printed when COMMS_TEST_POSTGRES_URL is unset), plus what
 * only PostgreSQL does: the recipients guard waits for a concurrent markSent instead of being raced, and the pending
 * events of an organisation are found through their partial index.
 */
class DatabaseGuardsPostgresTest extends DatabaseGuardsTest {

    private static TestDatabase database;
    private static CommunicationCentre centre;
    private static InMemoryPropertyDirectory directory;

    @BeforeAll
    static void start() {
        // The only use of the shared test helpers in this class.
        database = TestDatabase.postgres();
        directory = new InMemoryPropertyDirectory();
        centre = JpaAdapterTest.centre(JpaCommunicationStore.builder(database.hostFactory()).build(), directory);
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    private static DataSource dataSource() {
        return database.dataSource();
    }

    @Override
    DirectSql directSql() {
        return new DirectSql(dataSource());
    }

    @Override
    CommunicationCentre centre() {
        return centre;
    }

    @Override
    void addUnits(String organisationId, int count) {
        directory.addUnits(organisationId, "block-1", "unit-", count);
    }

    @Override
    List<String> truncateStatements() {
        return List.of("truncate cc_communication cascade", "truncate cc_recipient", "truncate cc_audit_event",
                "truncate cc_audit_chain_head", "truncate cc_audit_event, cc_audit_chain_head restart identity");
    }

    @Override
    String[] truncateRefusal() {
        return new String[]{DirectSql.REFUSED, "append-only"};
    }

    @Override
    String[] appendOrderRefusal() {
        return new String[]{DirectSql.REFUSED, "append-only"};
    }

    @Override
    String checkViolation() {
        return "23514";
    }

    @Test
    void aDirectInsertRacingMarkSentWaitsForItAndIsRefused() throws Exception {
        Object[] row = recipientRow(draft, "unit-racer", "pending");
        try (Connection sender = dataSource().getConnection()) {
            sender.setAutoCommit(false);
            try (PreparedStatement send = sender.prepareStatement(
                    "update cc_communication set status = 'sent', sent_at = now(), sent_by = 'user-1' where organisation_id = ? and id = ?")) {
                send.setString(1, org);
                send.setObject(2, draft.id());
                assertThat(send.executeUpdate()).isEqualTo(1);
            }
            CompletableFuture<String> racer = CompletableFuture.supplyAsync(
                    () -> sql.refusedByGuard("no recipient can be added", INSERT_RECIPIENT, row));
            awaitWaitingForALock();
            sender.commit();
            assertThat(racer.get(30, TimeUnit.SECONDS)).contains("is sent");
        }
        assertThat(recipientCount(draft)).isEqualTo(4);
    }

    @Test
    void anOrganisationsPendingEventsAreFoundThroughThePartialIndex() throws SQLException {
        String writer = "org-pending-" + java.util.UUID.randomUUID();
        insertPendingEvent(writer);
        List<String> plan = new ArrayList<>();
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("set enable_seqscan = off");
            try (ResultSet rs = statement.executeQuery("explain select id from cc_audit_event where organisation_id = 'o'"
                    + " and sequence is null order by append_order limit 100")) {
                while (rs.next()) {
                    plan.add(rs.getString(1));
                }
            }
        }
        assertThat(String.join("\n", plan)).contains("cc_audit_event_pending_ix").doesNotContain("Sort");
    }

    /** Waits until a session of this test's database waits for a row lock: the racer, behind the uncommitted send. */
    private void awaitWaitingForALock() throws InterruptedException {
        String waiting = "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'"
                + " and query like 'insert into cc_recipient%'";
        for (int i = 0; i < 300 && sql.count(waiting) == 0; i++) {
            Thread.sleep(50);
        }
        assertThat(sql.count(waiting)).as("the racer waits for the send to commit").isPositive();
    }
}
