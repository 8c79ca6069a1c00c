package io.github.commscentre.internal;

import io.github.commscentre.AuditEventType;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.internal.AuditChain.Details;
import io.github.commscentre.internal.AuditChain.Pending;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Editing a draft or scheduled communication: only the fields the changes name, and only if that changes
 * anything. Recorded by an {@code updated} event naming old and new values (digests for the body), followed
 * by {@code scheduled} or {@code unscheduled} when the status moves with the schedule.
 */
final class Editing {

    private final Ports ports;
    private final CommunicationInput input;
    private final Now now;
    private final AuditLog audit;

    Editing(Ports ports, CommunicationInput input, Now now, AuditLog audit) {
        this.ports = ports;
        this.input = input;
        this.now = now;
        this.audit = audit;
    }

    Communication update(Caller caller, UUID communicationId, CommunicationChanges changes) {
        String org = Callers.writer(caller);
        UUID id = Texts.requireNonNull("communicationId", communicationId);
        CommunicationChanges ch = Texts.requireNonNull("changes", changes);
        String subject = ch.hasSubject() ? input.subject(ch.subject().orElse(null)) : null;
        String body = ch.hasBodyHtml() ? input.bodyHtml(ch.bodyHtml().orElse(null)) : null;
        String channel = ch.hasChannel() ? input.channel(ch.channel().orElse(null)) : null;
        String notes = ch.hasNotes() ? input.notes(ch.notes().orElse(null)) : null;
        Instant scheduledAt = ch.hasScheduledAt()
                ? CommunicationInput.scheduledAt(ch.scheduledAt().orElse(null), now.instant()) : null;

        return ports.write(org, tx -> {
            Communication c = StoredCommunications.lockEditable(tx, id, "edited");
            Instant at = now.instant();
            Communication edited = c.withContent(
                    ch.hasSubject() ? subject : c.subject(),
                    ch.hasBodyHtml() ? body : c.bodyHtml(),
                    ch.hasChannel() ? channel : c.channel(),
                    ch.hasNotes() ? notes : c.notes());
            if (ch.hasScheduledAt()) {
                edited = edited.withSchedule(scheduledAt);
            }
            List<Pending> events = events(c, edited);
            if (events.isEmpty()) {
                return c; // nothing changes: nothing is stored and no event is appended
            }
            Communication next = edited.nextVersion(at);
            StoredCommunications.replace(tx, next, c.version());
            audit.append(tx, caller, at, events);
            return next;
        });
    }

    /** @return the events of moving from {@code before} to {@code after}: none when no field differs */
    private static List<Pending> events(Communication before, Communication after) {
        List<String> changed = new ArrayList<>();
        Details details = new Details();
        if (!Objects.equals(before.bodyHtml(), after.bodyHtml())) {
            changed.add("bodyHtml");
            details.put("bodyHtml.oldSha256", before.bodyHtml() == null ? null : Digests.sha256Hex(before.bodyHtml()))
                    .put("bodyHtml.newSha256", after.bodyHtml() == null ? null : Digests.sha256Hex(after.bodyHtml()));
        }
        diff(changed, details, "channel", before.channel(), after.channel());
        diff(changed, details, "notes", before.notes(), after.notes());
        diff(changed, details, "scheduledAt", before.scheduledAt(), after.scheduledAt());
        diff(changed, details, "subject", before.subject(), after.subject());
        if (changed.isEmpty()) {
            return List.of();
        }
        details.put("changedFields", String.join(",", changed));
        UUID id = before.id();
        List<Pending> events = new ArrayList<>();
        events.add(new Pending(id, AuditEventType.UPDATED, details.map()));
        if (before.status() == CommunicationStatus.DRAFT && after.status() == CommunicationStatus.SCHEDULED) {
            events.add(new Pending(id, AuditEventType.SCHEDULED, new Details().put("scheduledAt", after.scheduledAt()).map()));
        } else if (before.status() == CommunicationStatus.SCHEDULED && after.status() == CommunicationStatus.DRAFT) {
            events.add(new Pending(id, AuditEventType.UNSCHEDULED,
                    new Details().put("previousScheduledAt", before.scheduledAt()).map()));
        }
        return events;
    }

    private static void diff(List<String> changed, Details details, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(field);
            details.put(field + ".old", before).put(field + ".new", after);
        }
    }
}
