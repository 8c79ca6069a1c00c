package io.github.commscentre.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The starter's settings, under {@code commscentre.*}. Every one has a default that suits a small host; the keys are
 * the only ones a host sets in production ({@code cursor-key}, {@code correlation-key}).
 */
@ConfigurationProperties(prefix = "commscentre")
public class CommunicationCentreProperties {

    /**
     * Base64 of at least 32 random bytes that sign the cursors of list and listRecipients; the same on every instance
     * (a secret, like a database password). Unset, each instance signs with a random key of its own.
     */
    private String cursorKey;

    /**
     * Base64 of at least 32 random bytes that sign the correlation tokens of outgoing messages, given back by provider
     * webhooks; the same on every instance and kept across restarts. Unset, each instance signs with a random key of
     * its own, and tokens are rejected after a restart.
     */
    private String correlationKey;

    /**
     * How long a committed audit event may wait to be linked into the chain before verifyAuditTrail reports it.
     */
    private Duration auditLinkingBound = Duration.ofMinutes(10);

    private final Dispatch dispatch = new Dispatch();
    private final AuditLinking auditLinking = new AuditLinking();
    private final Migrations migrations = new Migrations();
    private final Health health = new Health();

    public String getCursorKey() {
        return cursorKey;
    }

    public void setCursorKey(String cursorKey) {
        this.cursorKey = cursorKey;
    }

    public String getCorrelationKey() {
        return correlationKey;
    }

    public void setCorrelationKey(String correlationKey) {
        this.correlationKey = correlationKey;
    }

    public Duration getAuditLinkingBound() {
        return auditLinkingBound;
    }

    public void setAuditLinkingBound(Duration auditLinkingBound) {
        this.auditLinkingBound = auditLinkingBound;
    }

    public Dispatch getDispatch() {
        return dispatch;
    }

    public AuditLinking getAuditLinking() {
        return auditLinking;
    }

    public Migrations getMigrations() {
        return migrations;
    }

    public Health getHealth() {
        return health;
    }

    /** The dispatcher: the poller that runs dispatch rounds, and how rounds work. */
    public static class Dispatch {

        /** Whether this instance runs dispatch rounds on a thread of its own. Turn off to call dispatchDue() yourself. */
        private boolean enabled = true;

        /** The pause between the end of one dispatch round and the start of the next. */
        private Duration interval = Duration.ofSeconds(5);

        /** Recipients claimed and handed to a delivery channel at once (1 to 5,000). */
        private int batchSize = 500;

        /** How long a claim keeps other dispatchers off its recipients; longer than channel-timeout. */
        private Duration lease = Duration.ofMinutes(5);

        /** How long one call of a delivery channel may take before its batch is taken as try later. */
        private Duration channelTimeout = Duration.ofMinutes(2);

        /** The pause after a recipient's first try-later answer; it doubles with every further one. */
        private Duration firstRetryAfter = Duration.ofSeconds(30);

        /** The longest pause between two tries of a recipient. */
        private Duration longestRetryPause = Duration.ofHours(1);

        /** Hand-overs of a recipient before a try-later answer fails it (1 to 100). */
        private int maxAttempts = 10;

        /** Messages per second, by channel name, that this instance hands to that channel; a channel not named is not limited. */
        private Map<String, Double> rateLimits = new LinkedHashMap<>();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public int getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }

        public Duration getLease() {
            return lease;
        }

        public void setLease(Duration lease) {
            this.lease = lease;
        }

        public Duration getChannelTimeout() {
            return channelTimeout;
        }

        public void setChannelTimeout(Duration channelTimeout) {
            this.channelTimeout = channelTimeout;
        }

        public Duration getFirstRetryAfter() {
            return firstRetryAfter;
        }

        public void setFirstRetryAfter(Duration firstRetryAfter) {
            this.firstRetryAfter = firstRetryAfter;
        }

        public Duration getLongestRetryPause() {
            return longestRetryPause;
        }

        public void setLongestRetryPause(Duration longestRetryPause) {
            this.longestRetryPause = longestRetryPause;
        }

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Map<String, Double> getRateLimits() {
            return rateLimits;
        }

        public void setRateLimits(Map<String, Double> rateLimits) {
            this.rateLimits = rateLimits;
        }
    }

    /** The sweep that links audit events a stopped process left pending. */
    public static class AuditLinking {

        /** Whether this instance runs the sweep (linkPendingAuditEvents) on a thread of its own. */
        private boolean enabled = true;

        /** The pause between two sweeps: the bound within which every committed event is linked. */
        private Duration interval = Duration.ofMinutes(1);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }
    }

    /** The library's own tables: applied at start-up, after the host's migrations, in their own history table. */
    public static class Migrations {

        /** Whether the starter applies the library's migrations. Turn off to apply the shipped SQL yourself. */
        private boolean enabled = true;

        /**
         * Which tool applies them: auto (the one the host uses; Flyway when both or neither are configured and Flyway
         * is on the classpath), flyway or liquibase.
         */
        private MigrationTool tool = MigrationTool.AUTO;

        /**
         * The history table of the library's migrations. Unset: cc_flyway_schema_history with Flyway (the name the
         * library's docs have always given, so a host that applied them by hand keeps its history), and
         * cc_schema_changelog (with cc_schema_changelog_lock) with Liquibase.
         */
        private String table;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public MigrationTool getTool() {
            return tool;
        }

        public void setTool(MigrationTool tool) {
            this.tool = tool;
        }

        public String getTable() {
            return table;
        }

        public void setTable(String table) {
            this.table = table;
        }
    }

    /** When the health indicator reports the library down. */
    public static class Health {

        /** How old the oldest pending audit event may get before audit linking counts as behind. */
        private Duration auditLinkingBehindAfter = Duration.ofMinutes(5);

        /**
         * How long a dispatch round may run, or the poller go without finishing one, before the dispatcher counts as
         * stuck. Unset: the dispatch lease plus the poll interval.
         */
        private Duration dispatcherStuckAfter;

        public Duration getAuditLinkingBehindAfter() {
            return auditLinkingBehindAfter;
        }

        public void setAuditLinkingBehindAfter(Duration auditLinkingBehindAfter) {
            this.auditLinkingBehindAfter = auditLinkingBehindAfter;
        }

        public Duration getDispatcherStuckAfter() {
            return dispatcherStuckAfter;
        }

        public void setDispatcherStuckAfter(Duration dispatcherStuckAfter) {
            this.dispatcherStuckAfter = dispatcherStuckAfter;
        }
    }
}
