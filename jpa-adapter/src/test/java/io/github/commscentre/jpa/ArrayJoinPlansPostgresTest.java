package io.github.commscentre.jpa;

import io.github.commscentre.Communication;
import io.github.commscentre.Recipient;
import io.github.commscentre.testkit.StoreTestData;
import org.junit.jupiter.api.BeforeEach;
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
 * The statements that join an array of ids to {@code cc_recipient} probe its indexes once per id even when the table's
 * statistics are older than the organisation's recipients, as they are for a new customer's first large send
 * ({@code COMMS_TEST_POSTGRES_URL}; skipped with the reason printed when unset). Planned with the values bound,
 * PostgreSQL believed such an organisation empty and hashed all of its recipients for every webhook batch; under the
 * planner settings the store asks for in its own transactions it does not.
 */
class ArrayJoinPlansPostgresTest {

    private static final int RECIPIENTS = 5_000;
    private static final int LOOKED_UP = 500;

    @RegisterExtension
    static final PerClassDatabase DATABASE = new PerClassDatabase(TestDatabase::postgres);

    private final String org = StoreTestData.newOrganisationId();
    private final List<Recipient> recipients = new ArrayList<>();

    /** Statistics taken while the organisation had no rows, then its recipients: stale, as autovacuum leaves them. */
    @BeforeEach
    void anOrganisationYoungerThanTheStatistics() throws SQLException {
        String established = StoreTestData.newOrganisationId();
        insert(established, 2_000);
        try (Connection connection = DATABASE.database().connect(); Statement statement = connection.createStatement()) {
            statement.execute("analyze cc_recipient");
        }
        recipients.addAll(insert(org, RECIPIENTS));
    }

    @Test
    void theRecipientsLockProbesThePrimaryKeyUnderTheStoresPlans() throws SQLException {
        Object[] ids = recipients.stream().limit(LOOKED_UP).map(Recipient::id).sorted().toArray();
        String sql = new PostgresDialect().lockRecipients();

        assertThat(plan(false, sql, "uuid", ids)).as("planned with the organisation's stale statistics")
                .contains("Hash Join");
        assertThat(plan(true, sql, "uuid", ids)).as("planned as the store asks")
                .doesNotContain("Hash").contains("Nested Loop").contains("cc_recipient_pk");
    }

    @Test
    void theLookUpByProviderMessageIdProbesItsIndexUnderTheStoresPlans() throws SQLException {
        Object[] messageIds = recipients.stream().limit(LOOKED_UP).map(Recipient::providerMessageId).toArray();
        String sql = new PostgresDialect().recipientsByProviderMessageId();

        assertThat(plan(false, sql, "varchar", messageIds)).as("planned with the organisation's stale statistics")
                .contains("Hash Join");
        assertThat(plan(true, sql, "varchar", messageIds)).as("planned as the store asks")
                .doesNotContain("Hash").contains("Nested Loop").contains("cc_recipient_provider_message_ix");
    }

    @Test
    void theLockOfRecipientsNamedByIdOrMessageIdProbesBothIndexesUnderTheStoresPlans() throws SQLException {
        String sql = new PostgresDialect().lockNamedRecipients().orElseThrow();
        Object[] ids = recipients.stream().limit(LOOKED_UP / 2).map(Recipient::id).toArray();
        Object[] messageIds = recipients.stream().skip(LOOKED_UP / 2).limit(LOOKED_UP / 2).map(Recipient::providerMessageId).toArray();
        String plan = plan(true, sql, (connection, statement) -> {
            statement.setString(1, org);
            statement.setArray(2, connection.createArrayOf("uuid", ids));
            statement.setArray(3, connection.createArrayOf("varchar", messageIds));
            statement.setString(4, org);
        });
        assertThat(plan).doesNotContain("Hash Join").doesNotContain("Seq Scan")
                .contains("cc_recipient_pk").contains("cc_recipient_provider_message_ix").contains("LockRows");
    }

    private String plan(boolean asTheStorePlans, String sql, String elementType, Object[] elements) throws SQLException {
        return plan(asTheStorePlans, sql, (connection, statement) -> {
            statement.setArray(1, connection.createArrayOf(elementType, elements));
            statement.setString(2, org);
        });
    }

    /** Binds a statement's parameters on its connection. */
    private interface Binding {
        void bind(Connection connection, PreparedStatement statement) throws SQLException;
    }

    /** @return PostgreSQL's plan for the statement, with the settings the store asks for or without them */
    private String plan(boolean asTheStorePlans, String sql, Binding binding) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection connection = DATABASE.database().connect()) {
            connection.setAutoCommit(false);
            if (asTheStorePlans) {
                new PostgresDialect().planArrayJoinsAsIndexProbes(connection);
            }
            try (PreparedStatement statement = connection.prepareStatement("explain " + sql)) {
                binding.bind(connection, statement);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
            } finally {
                connection.rollback();
            }
        }
        return String.join("\n", lines);
    }

    private List<Recipient> insert(String organisationId, int count) {
        Communication communication = StoreTestData.communication(organisationId).build();
        List<Recipient> added = new ArrayList<>(count);
        for (int position = 1; position <= count; position++) {
            added.add(StoreTestData.recipient(communication, "unit-" + position, position).build()
                    .withDispatch("message-" + UUID.randomUUID(), 1, null));
        }
        DATABASE.store().write(organisationId, tx -> {
            tx.insertCommunication(communication);
            tx.insertRecipients(added);
            return null;
        });
        return added;
    }
}
