package io.github.commscentre.examples.snippets;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.CommunicationDetails;
import io.github.commscentre.DeliveryStatus;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the getting-started page and the README's quick start as a host would: the host's own tables, the shipped
 * migrations, {@link JdbcPropertyDirectory} over the host's tables, the standalone JPA store. On H2 always, and
 * on PostgreSQL (with the page's Flyway configuration, into a schema that already holds the host's tables) when
 * COMMS_TEST_POSTGRES_URL is set.
 */
class GettingStartedTest {

    @Test
    void quickStartAndFirstCallsWorkOnH2() throws SQLException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:getting-started-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        hostTables(dataSource);
        // As the Flyway instructions say, but for H2: the host's tables are already there.
        Flyway.configure().dataSource(dataSource).locations("classpath:db/communication-centre/h2")
                .table("cc_flyway_schema_history").baselineOnMigrate(true).baselineVersion("0").load().migrate();

        runThePages(dataSource);
    }

    @Test
    void flywayInstructionsQuickStartAndFirstCallsWorkOnPostgreSql() throws SQLException {
        String url = System.getenv("COMMS_TEST_POSTGRES_URL");
        assumeTrue(url != null && !url.isBlank(),
                "COMMS_TEST_POSTGRES_URL is not set: the PostgreSQL run of the getting-started page is skipped");
        String schema = "cc_docs_" + UUID.randomUUID().toString().replace("-", "");
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setURL(url);
        execute(admin, "create schema " + schema);
        try {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setURL(url);
            dataSource.setCurrentSchema(schema);
            hostTables(dataSource);                       // the host's schema is not empty ...
            GettingStartedSnippets.migrate(dataSource);   // ... and our V1 still runs, with its own history table
            runThePages(dataSource);
        } finally {
            execute(admin, "drop schema " + schema + " cascade");
        }
    }

    private static void runThePages(DataSource dataSource) {
        assertThat(GettingStartedSnippets.quickStart(dataSource)).extracting(AuditEvent::type)
                .containsExactly(AuditEventType.CREATED, AuditEventType.RECIPIENTS_ADDED, AuditEventType.SENT);

        CommunicationDetails demand = GettingStartedSnippets.calls(GettingStartedSnippets.build(dataSource,
                "32 bytes from the secret store...".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertThat(demand.recipientCount()).isEqualTo(3);
        assertThat(demand.deliveryCount(DeliveryStatus.DELIVERED)).isEqualTo(1);
        assertThat(demand.communication().channel()).isEqualTo("email");
    }

    /** The host's own estate tables, as {@link JdbcPropertyDirectory} reads them. */
    private static void hostTables(DataSource dataSource) throws SQLException {
        execute(dataSource,
                "create table block (organisation_id varchar(100) not null, id varchar(100) primary key)",
                "create table unit (id varchar(100) primary key, organisation_id varchar(100) not null,"
                        + " block_id varchar(100) not null, leaseholder_name varchar(200), leaseholder_email varchar(200))",
                "insert into block values ('harbour-estates', 'riverside-court'), ('seaview-lettings', 'seaview-tower')",
                "insert into unit values"
                        + " ('RC-1', 'harbour-estates', 'riverside-court', 'Margaret Ellis', 'm.ellis@example.org'),"
                        + " ('RC-2', 'harbour-estates', 'riverside-court', 'Priya Shah', 'priya.shah@example.net'),"
                        + " ('RC-3', 'harbour-estates', 'riverside-court', 'Arthur Bell', null),"
                        + " ('RC-4', 'harbour-estates', 'riverside-court', 'Wei Chen', 'wei.chen@example.org'),"
                        + " ('ST-1', 'seaview-lettings', 'seaview-tower', 'Not Ours', 'not.ours@example.org')");
    }

    private static void execute(DataSource dataSource, String... sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }
}
