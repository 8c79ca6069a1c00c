package io.github.commscentre.boot;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * What is waiting in the library's tables, across organisations, for metrics and health: audit events not yet linked
 * into the chain, and how late the oldest due dispatch work is. Two reads of small indexes (pending events; due
 * communications and their pending recipients), run on a connection of their own and kept for a few seconds, so that
 * several gauges and a health check read them once. Like the linker's sweep, they are look-ups across organisations.
 */
public final class Backlog {

    /** How long one reading serves: gauges read one after another, and health checks come in bursts. */
    static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private static final String PENDING_AUDIT_EVENTS =
            "select count(*), min(occurred_at) from cc_audit_event where sequence is null";

    // Due work: a scheduled communication whose time has come (a round starts it), and a pending recipient of a
    // sending communication that no claim holds (never claimed, or its retry pause or a lapsed lease is over).
    private static final String OLDEST_DUE_WORK = """
            select min(due_at) from (
                select min(scheduled_at) as due_at from cc_communication
                 where status = 'scheduled' and scheduled_at <= ?
                union all
                select min(coalesce(r.next_attempt_at, c.sending_started_at, c.updated_at)) as due_at
                  from cc_communication c
                  join cc_recipient r on r.organisation_id = c.organisation_id and r.communication_id = c.id
                 where c.status = 'sending' and r.delivery_status = 'pending'
                   and (r.next_attempt_at is null or r.next_attempt_at <= ?)
            ) due""";

    private final DataSource dataSource;
    private final Clock clock;
    private volatile Reading last;
    private volatile long lastTakenAt;

    /**
     * @param dataSource the database of the library's tables
     * @param clock      the facade's clock, which stamps the rows
     */
    Backlog(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * One reading of the backlog.
     *
     * @param pendingAuditEvents       audit events committed but not yet linked into their organisation's chain
     * @param oldestPendingAuditEvent  how long the oldest of them has waited (zero when none)
     * @param dispatchLag              how long the oldest due dispatch work has waited (zero when none)
     */
    public record Reading(long pendingAuditEvents, Duration oldestPendingAuditEvent, Duration dispatchLag) {
    }

    /**
     * @return a reading at most a few seconds old
     * @throws IllegalStateException when the database cannot be read, with the cause
     */
    public Reading read() {
        Reading reading = last;
        if (reading != null && System.nanoTime() - lastTakenAt < FRESH_FOR.toNanos()) {
            return reading;
        }
        synchronized (this) {
            if (last != null && System.nanoTime() - lastTakenAt < FRESH_FOR.toNanos()) {
                return last;
            }
            reading = readNow();
            last = reading;
            lastTakenAt = System.nanoTime();
            return reading;
        }
    }

    /** @return a reading taken now, for a health check that must not be served an old one */
    public Reading readNow() {
        Instant now = clock.instant();
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        try (Connection connection = dataSource.getConnection()) {
            long pending;
            Duration oldestPending;
            try (PreparedStatement statement = connection.prepareStatement(PENDING_AUDIT_EVENTS);
                 ResultSet rows = statement.executeQuery()) {
                rows.next();
                pending = rows.getLong(1);
                oldestPending = age(now, rows.getObject(2, OffsetDateTime.class));
            }
            Duration lag;
            try (PreparedStatement statement = connection.prepareStatement(OLDEST_DUE_WORK)) {
                statement.setObject(1, at);
                statement.setObject(2, at);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    lag = age(now, rows.getObject(1, OffsetDateTime.class));
                }
            }
            return new Reading(pending, oldestPending, lag);
        } catch (SQLException e) {
            throw new IllegalStateException("the Communications Centre's tables could not be read: " + e.getMessage(), e);
        }
    }

    private static Duration age(Instant now, OffsetDateTime since) {
        if (since == null) {
            return Duration.ZERO;
        }
        Duration age = Duration.between(since.toInstant(), now);
        return age.isNegative() ? Duration.ZERO : age;
    }
}
