package io.github.commscentre.boot;

import io.github.commscentre.testkit.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backlog the gauges and the health indicator read, and each reason the indicator goes down, on a migrated H2
 * database with rows written directly (as a process that died before linking, or a dispatcher far behind, leaves them).
 */
class HealthAndBacklogTest {

    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

    // One connection for the migration and the test: on H2 2.4.240 (Spring Boot 4.0.7's), a check constraint with an
    // IN list fails every later insert ("Check constraint invalid ... The database has been closed") once the session
    // that created it has closed; H2 2.5 does not. A pool keeps that session open, but only for the connection's life.
    private final DataSource dataSource = new SingleConnectionDataSource(TestDatabases.newH2Url(), "sa", "", true);
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private final MutableClock clock = MutableClock.at(NOW);

    HealthAndBacklogTest() {
        FlywayMigrations.migrate(dataSource, SupportedDatabase.H2, SchemaMigrations.FLYWAY_TABLE);
    }

    private void pendingAuditEvent(Instant occurredAt) {
        jdbc.update("insert into cc_audit_event (organisation_id, id, communication_id, event_type, actor_user_id, "
                        + "occurred_at, details, unit_ids) values ('harbour-estates', ?, ?, 'created', 'alice', ?, '{}', '[]')",
                UUID.randomUUID(), UUID.randomUUID(), Timestamp.from(occurredAt));
    }

    private void scheduledCommunication(Instant scheduledAt) {
        jdbc.update("insert into cc_communication (organisation_id, id, communication_type, subject, channel, status, "
                        + "scheduled_at, created_by, created_at, updated_at, version) "
                        + "values ('harbour-estates', ?, 'notice', 'Roof works', 'post', 'scheduled', ?, 'alice', ?, ?, 0)",
                UUID.randomUUID(), Timestamp.from(scheduledAt), Timestamp.from(NOW.minusSeconds(3600)),
                Timestamp.from(NOW.minusSeconds(3600)));
    }

    private CommunicationCentreHealthIndicator indicator(DataSource database, DispatchActivity activity, Duration stuckAfter) {
        return new CommunicationCentreHealthIndicator(new Backlog(database, clock), activity, Duration.ofMinutes(5),
                stuckAfter);
    }

    @Test
    void anEmptyBacklogReadsZero() {
        Backlog.Reading reading = new Backlog(dataSource, clock).readNow();

        assertThat(reading).isEqualTo(new Backlog.Reading(0, Duration.ZERO, Duration.ZERO));
    }

    @Test
    void theBacklogCountsPendingEventsAndTheOldestDueWork() {
        pendingAuditEvent(NOW.minusSeconds(30));
        pendingAuditEvent(NOW.minusSeconds(90));
        scheduledCommunication(NOW.minusSeconds(45));
        scheduledCommunication(NOW.plusSeconds(600)); // not due yet

        Backlog.Reading reading = new Backlog(dataSource, clock).readNow();

        assertThat(reading.pendingAuditEvents()).isEqualTo(2);
        assertThat(reading.oldestPendingAuditEvent()).isEqualTo(Duration.ofSeconds(90));
        assertThat(reading.dispatchLag()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void upWhenNothingIsBehind() {
        pendingAuditEvent(NOW.minusSeconds(60));

        Health health = indicator(dataSource, new DispatchActivity(), Duration.ofMinutes(10)).health(true);

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("auditLinking", "keeping up")
                .containsEntry("dispatcher", "not polling on this instance");
    }

    @Test
    void downWhenAuditLinkingIsBehind() {
        pendingAuditEvent(NOW.minus(Duration.ofMinutes(6)));

        Health health = indicator(dataSource, new DispatchActivity(), Duration.ofMinutes(10)).health(true);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("auditLinking")).asString().startsWith("behind: an event has waited PT6M");
    }

    @Test
    void downWhenARoundRunsTooLong() {
        DispatchActivity activity = new DispatchActivity();
        activity.pollingStarted();
        activity.roundStarted();

        Health health = indicator(dataSource, activity, Duration.ofNanos(1)).health(true);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("dispatcher")).asString().startsWith("stuck: a round has been running for");
    }

    @Test
    void downWhenNoRoundHasEndedForTooLong() {
        DispatchActivity activity = new DispatchActivity();
        activity.pollingStarted();

        Health health = indicator(dataSource, activity, Duration.ofNanos(1)).health(true);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("dispatcher")).asString().startsWith("stuck: no round has finished for");
    }

    @Test
    void upWithTheFailuresWhenRoundsFailButKeepComing() {
        DispatchActivity activity = new DispatchActivity();
        activity.pollingStarted();
        activity.roundStarted();
        activity.roundFailed(new IllegalStateException("the channel's provider is away"));

        Health health = indicator(dataSource, activity, Duration.ofMinutes(10)).health(true);

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("dispatcher", "polling; the last 1 round(s) failed")
                .containsEntry("lastDispatchFailure", "java.lang.IllegalStateException: the channel's provider is away");
    }

    @Test
    void downWhenTheDatabaseCannotBeRead() {
        DataSource empty = new DriverManagerDataSource(TestDatabases.newH2Url(), "sa", ""); // no tables

        Health health = indicator(empty, new DispatchActivity(), Duration.ofMinutes(10)).health(true);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("database")).asString().startsWith("unreachable: ");
    }
}
