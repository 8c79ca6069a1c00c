package io.github.commscentre.jpa;

import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import io.github.commscentre.CommunicationCentre;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The database guards on H2, where they are Java triggers: everything the PostgreSQL guards refuse, TRUNCATE through a
 * foreign key instead of a trigger, and the off switch only an admin session may use.
 */
class DatabaseGuardsH2Test extends DatabaseGuardsTest {

    private static TestDatabase database;
    private static CommunicationCentre centre;
    private static InMemoryPropertyDirectory directory;

    @BeforeAll
    static void start() {
        // The only use of the shared test helpers in this class.
        database = TestDatabase.h2();
        directory = new InMemoryPropertyDirectory();
        centre = JpaAdapterTest.centre(JpaCommunicationStore.builder(database.hostFactory()).build(), directory);
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    DirectSql directSql() {
        return new DirectSql(database.dataSource());
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
        return List.of("truncate table cc_communication", "truncate table cc_recipient", "truncate table cc_audit_event",
                "truncate table cc_audit_chain_head");
    }

    @Override
    String[] truncateRefusal() {
        // H2's "Cannot truncate": a foreign key of the empty table cc_h2_no_truncate references each table.
        return new String[]{"90106", "cannot truncate"};
    }

    @Override
    String[] appendOrderRefusal() {
        // An identity column GENERATED ALWAYS: H2 itself refuses to assign it.
        return new String[]{"90154", "cannot be assigned"};
    }

    @Override
    String checkViolation() {
        return "23513";
    }

    @Test
    void theTableThatRefusesTruncateStaysEmptyForever() {
        sql.refused(checkViolation(), "cc_h2_no_truncate_empty_ck", "insert into cc_h2_no_truncate (head_organisation_id) values (null)");
    }

    @Test
    void anAdminSessionCanSwitchTheGuardsOffForItselfOnly() throws SQLException {
        String deleteEvents = "delete from cc_audit_event where organisation_id = ?";
        long events = eventCount();
        String elsewhere = "org-elsewhere-" + UUID.randomUUID();
        insertPendingEvent(elsewhere);
        try (Connection admin = database.connect()) {
            admin.setAutoCommit(false);
            try (Statement statement = admin.createStatement()) {
                statement.execute("set @cc_guards = 'off'");
            }
            try (PreparedStatement delete = admin.prepareStatement(deleteEvents)) {
                delete.setString(1, org);
                assertThat(delete.executeUpdate()).as("switched off, as for a test that tampers on purpose").isEqualTo((int) events);
            }
            sql.refusedByGuard("append-only", deleteEvents, elsewhere);
            admin.rollback();
        }
        assertThat(eventCount()).isEqualTo(events);

        String user = "guards_user_" + UUID.randomUUID().toString().replace("-", "");
        sql.update("create user " + user + " password 'secret'");
        sql.update("grant select, delete on cc_audit_event to " + user);
        JdbcDataSource asUser = new JdbcDataSource();
        // Without the URL's settings, which only an admin may make; the database is open already.
        asUser.setURL(database.jdbcUrl.split(";")[0]);
        asUser.setUser(user);
        asUser.setPassword("secret");
        try (Connection connection = asUser.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("set @cc_guards = 'off'");
            try (PreparedStatement delete = connection.prepareStatement(deleteEvents)) {
                delete.setString(1, org);
                Throwable refused = catchThrowable(delete::executeUpdate);
                assertThat(refused).as("a user who is not an admin cannot switch the guards off").isInstanceOf(SQLException.class);
                assertThat(((SQLException) refused).getSQLState()).isEqualTo(DirectSql.REFUSED);
            }
        } finally {
            sql.update("drop user " + user);
        }
        assertThat(eventCount()).isEqualTo(events);
    }
}
