package io.github.commscentre.examples;

import io.github.commscentre.AuditEvent;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** One line a block manager can read for each kind of audit event, for the example's report. */
final class AuditEventSummary {

    private AuditEventSummary() {
    }

    /**
     * @param e     an event
     * @param names what the office calls the communications an event may point to, so no id is shown
     * @return what it says, in a few words
     */
    static String of(AuditEvent e, Map<UUID, String> names) {
        Map<String, String> d = e.details();
        switch (e.type()) {
            case CREATED:
                return d.get("communicationType") + ", " + d.get("channel") + ", " + d.get("status");
            case UPDATED:
                return "changed " + d.get("changedFields");
            case SCHEDULED:
                return "for " + d.get("scheduledAt");
            case UNSCHEDULED:
                return "was for " + d.get("previousScheduledAt");
            case RECIPIENTS_ADDED:
                return d.get("added") + " units: " + String.join(", ", e.unitIds());
            case DISPATCH_STARTED:
                return "by " + d.get("channel") + " to " + d.get("recipientCount") + " recipients";
            case DISPATCH_BATCH:
                return d.get("count") + " units: " + d.get("accepted") + " accepted, " + d.get("failed") + " failed, "
                        + d.get("retried") + " to retry";
            case SENT:
                return d.get("recipientCount") + " recipients, content sha256 " + d.get("contentSha256").substring(0, 12) + "...";
            case FAILED:
                return "reason " + d.get("reason");
            case RECIPIENT_STATUS_CHANGED:
                return d.get("unitId") + " " + d.get("from") + " -> " + d.get("to")
                        + (d.containsKey("reason") ? " (" + d.get("reason") + ")" : "");
            case DELETED:
                return "was " + d.get("status") + ", " + d.get("recipientCount") + " recipients";
            case DUPLICATED:
                return "copy of " + names.getOrDefault(UUID.fromString(d.get("sourceCommunicationId")), "another communication")
                        + (Boolean.parseBoolean(d.get("includeRecipients")) ? ", with its recipients" : ", without recipients");
            default:
                return new HashMap<>(d).toString();
        }
    }
}
