package io.github.commscentre.reliability.dispatch;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.Page;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the audit trail of one communication says about its dispatch: the outcomes the dispatchers recorded, unit by
 * unit and in order. Every {@code dispatch_batch} event is checked for consistency as it is read (its count, unit ids,
 * outcome letters and per-kind sums agree), so that the suites compare the trail with the rows and with what the
 * channels were handed.
 */
final class DispatchTrail {

    /** The communication's events, oldest first. */
    final List<AuditEvent> events;
    /** The outcome letters each unit got, in the order of the events that recorded them. */
    final Map<String, String> lettersByUnit = new LinkedHashMap<>();
    /** The sum of the {@code count} of every {@code dispatch_batch} event. */
    final long countSum;

    private DispatchTrail(List<AuditEvent> events) {
        this.events = events;
        long sum = 0;
        for (AuditEvent e : events) {
            if (e.type() != AuditEventType.DISPATCH_BATCH) {
                continue;
            }
            String letters = e.details().get("outcomes");
            int count = Integer.parseInt(e.details().get("count"));
            assertThat(e.unitIds()).as("units of %s", e.details()).hasSize(count);
            assertThat(letters).as("outcomes of %s", e.details()).hasSize(count).matches("[argut]*");
            long accepted = letters.chars().filter(c -> c == 'a').count();
            long retried = letters.chars().filter(c -> c == 't').count();
            assertThat(e.details()).as("sums of a dispatch_batch event")
                    .containsEntry("accepted", String.valueOf(accepted))
                    .containsEntry("retried", String.valueOf(retried))
                    .containsEntry("failed", String.valueOf(count - accepted - retried));
            assertThat(e.actorUserId()).isEqualTo(CommunicationCentre.DISPATCHER_USER_ID);
            for (int i = 0; i < count; i++) {
                lettersByUnit.merge(e.unitIds().get(i), String.valueOf(letters.charAt(i)), String::concat);
            }
            sum += count;
        }
        this.countSum = sum;
    }

    /** @return the dispatch story of the communication, read through {@code centre} */
    static DispatchTrail of(CommunicationCentre centre, Caller caller, UUID communicationId) {
        return new DispatchTrail(centre.auditTrail(caller, communicationId));
    }

    /** @return how many events of this type the trail holds */
    long count(AuditEventType type) {
        return events.stream().filter(e -> e.type() == type).count();
    }

    /** @return the {@code dispatch_batch} events */
    List<AuditEvent> batches() {
        return events.stream().filter(e -> e.type() == AuditEventType.DISPATCH_BATCH).toList();
    }

    /** @return every recipient of the communication, page by page */
    static List<Recipient> recipients(CommunicationCentre centre, Caller caller, UUID communicationId) {
        List<Recipient> all = new ArrayList<>();
        String cursor = null;
        do {
            Page<Recipient> page = centre.listRecipients(caller, communicationId, RecipientFilter.all(),
                    cursor == null ? PageRequest.first(PageRequest.MAX_LIMIT) : PageRequest.after(cursor, PageRequest.MAX_LIMIT));
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }
}
