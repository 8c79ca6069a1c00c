package io.github.commscentre.boot;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import java.time.Duration;

/**
 * The library's health ({@code commscentre} in the health endpoint): down when its tables cannot be read, when audit
 * linking is behind (an event has waited longer than {@code commscentre.health.audit-linking-behind-after}), or when
 * this instance's dispatcher is stuck (a round running, or none finished, for longer than
 * {@code commscentre.health.dispatcher-stuck-after}). Details say which, with the numbers.
 */
public final class CommunicationCentreHealthIndicator extends AbstractHealthIndicator {

    private final Backlog backlog;
    private final DispatchActivity activity;
    private final Duration auditBehindAfter;
    private final Duration stuckAfter;

    CommunicationCentreHealthIndicator(Backlog backlog, DispatchActivity activity, Duration auditBehindAfter,
                                       Duration stuckAfter) {
        super("the Communications Centre's health check failed");
        this.backlog = backlog;
        this.activity = activity;
        this.auditBehindAfter = auditBehindAfter;
        this.stuckAfter = stuckAfter;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        boolean up = true;
        Backlog.Reading reading;
        try {
            reading = backlog.readNow();
            health.withDetail("database", "reachable");
        } catch (RuntimeException e) {
            health.down().withDetail("database", "unreachable: " + e.getMessage());
            return;
        }
        health.withDetail("pendingAuditEvents", reading.pendingAuditEvents())
                .withDetail("oldestPendingAuditEvent", reading.oldestPendingAuditEvent().toString())
                .withDetail("dispatchLag", reading.dispatchLag().toString());
        if (reading.oldestPendingAuditEvent().compareTo(auditBehindAfter) > 0) {
            up = false;
            health.withDetail("auditLinking", "behind: an event has waited " + reading.oldestPendingAuditEvent()
                    + ", more than " + auditBehindAfter);
        } else {
            health.withDetail("auditLinking", "keeping up");
        }
        if (!activity.polling()) {
            health.withDetail("dispatcher", "not polling on this instance");
        } else {
            Duration running = activity.currentRoundRunningFor().orElse(Duration.ZERO);
            Duration sinceEnded = activity.sinceLastRoundEnded();
            if (running.compareTo(stuckAfter) > 0) {
                up = false;
                health.withDetail("dispatcher", "stuck: a round has been running for " + running);
            } else if (sinceEnded.compareTo(stuckAfter) > 0) {
                up = false;
                health.withDetail("dispatcher", "stuck: no round has finished for " + sinceEnded);
            } else {
                health.withDetail("dispatcher", activity.failuresInARow() == 0 ? "polling"
                        : "polling; the last " + activity.failuresInARow() + " round(s) failed");
            }
            activity.lastFailure().ifPresent(failure -> health.withDetail("lastDispatchFailure", failure));
        }
        if (up) {
            health.up();
        } else {
            health.down();
        }
    }
}
