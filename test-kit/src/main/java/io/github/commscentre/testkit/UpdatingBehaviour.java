package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static io.github.commscentre.testkit.BehaviourChecks.sha256;
import static org.assertj.core.api.Assertions.assertThat;

/** Updating a communication: only what changes is recorded, and only while it is not finished. */
abstract class UpdatingBehaviour extends BehaviourFixture {

    @Test
    void omittedFieldsStayAsTheyAre() {
        Communication c = draft();
        tick();
        Instant at = now();
        Communication u = centre.update(admin, c.id(), CommunicationChanges.builder().notes("new notes").build());
        assertThat(u.notes()).isEqualTo("new notes");
        assertThat(u.subject()).isEqualTo(c.subject());
        assertThat(u.bodyHtml()).isEqualTo(c.bodyHtml());
        assertThat(u.channel()).isEqualTo(c.channel());
        assertThat(u.scheduledAt()).isEqualTo(c.scheduledAt());
        assertThat(u.status()).isEqualTo(c.status());
        assertThat(u.blockId()).isEqualTo(c.blockId());
        assertThat(u.unitId()).isEqualTo(c.unitId());
        assertThat(u.communicationType()).isEqualTo(c.communicationType());
        assertThat(u.createdAt()).isEqualTo(c.createdAt());
        assertThat(u.createdBy()).isEqualTo(c.createdBy());
        assertThat(u.updatedAt()).isEqualTo(at);
        assertThat(u.version()).isGreaterThan(c.version());
        assertThat(current(c.id())).isEqualTo(u);
    }

    @Test
    void everyEditableFieldChanges() {
        Communication c = draft();
        tick();
        Instant when = now().plus(Duration.ofDays(2));
        Communication u = centre.update(admin, c.id(), CommunicationChanges.builder().subject("  New subject ")
                .bodyHtml("<p>New body</p>").channel(" portal ").scheduledAt(when).notes(" new notes ").build());
        assertThat(u.subject()).isEqualTo("New subject");
        assertThat(u.bodyHtml()).isEqualTo("<p>New body</p>");
        assertThat(u.channel()).isEqualTo("portal");
        assertThat(u.scheduledAt()).isEqualTo(when);
        assertThat(u.status()).isEqualTo(CommunicationStatus.SCHEDULED);
        assertThat(u.notes()).isEqualTo(" new notes ");
        assertThat(current(c.id())).isEqualTo(u);
    }

    @Test
    void aScheduledAtTheHostGivesWithNanosecondsIsTruncatedForItSoTheSameInstantAgainChangesNothing() {
        Communication c = draft();
        tick();
        Instant withNanos = now().plus(Duration.ofDays(3)).plusNanos(987);
        Communication u = centre.update(admin, c.id(), CommunicationChanges.builder().scheduledAt(withNanos).build());
        assertThat(u.scheduledAt()).isEqualTo(withNanos.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        assertThat(current(c.id()).scheduledAt()).isEqualTo(u.scheduledAt());

        tick();
        List<AuditEvent> events = appendedBy(() -> centre.update(admin, c.id(),
                CommunicationChanges.builder().scheduledAt(withNanos.plusNanos(5)).build()));

        assertThat(events).as("the same microsecond is no change").isEmpty();
        assertThat(current(c.id())).isEqualTo(u);
    }

    @Test
    void bodyAndNotesCanBeCleared() {
        Communication c = draft();
        Communication u = centre.update(admin, c.id(), CommunicationChanges.builder().bodyHtml(null).notes(null).build());
        assertThat(u.bodyHtml()).isNull();
        assertThat(u.notes()).isNull();
        assertThat(current(c.id())).isEqualTo(u);
        AuditEvent e = trail(c.id()).get(1);
        assertThat(e.type()).isEqualTo(AuditEventType.UPDATED);
        assertThat(Set.of(e.details().get("changedFields").split(","))).containsExactlyInAnyOrder("bodyHtml", "notes");
        assertThat(e.details()).containsEntry("notes.old", "ref S20/2030/4").doesNotContainKey("notes.new")
                .containsEntry("bodyHtml.oldSha256", sha256(c.bodyHtml())).doesNotContainKey("bodyHtml.newSha256");
    }

    @Test
    void nullScheduledAtMovesAScheduledCommunicationBackToDraft() {
        Communication c = scheduled();
        tick();
        Instant at = now();
        List<AuditEvent> events = appendedBy(() -> centre.update(admin, c.id(), CommunicationChanges.builder().scheduledAt(null).build()));
        Communication u = current(c.id());
        assertThat(u.status()).isEqualTo(CommunicationStatus.DRAFT);
        assertThat(u.scheduledAt()).isNull();
        assertThat(u.updatedAt()).isEqualTo(at);
        assertThat(events).extracting(AuditEvent::type).contains(AuditEventType.UNSCHEDULED)
                .doesNotContain(AuditEventType.SCHEDULED);
        AuditEvent unscheduled = events.stream().filter(e -> e.type() == AuditEventType.UNSCHEDULED).findFirst().orElseThrow();
        assertEvent(unscheduled, AuditEventType.UNSCHEDULED, c.id(), admin, at);
        assertThat(Instant.parse(unscheduled.details().get("previousScheduledAt"))).isEqualTo(c.scheduledAt());
    }

    @Test
    void futureScheduledAtMovesADraftToScheduled() {
        Communication c = draft();
        tick();
        Instant at = now();
        Instant when = at.plus(Duration.ofHours(5));
        List<AuditEvent> events = appendedBy(() -> centre.update(admin, c.id(), CommunicationChanges.builder().scheduledAt(when).build()));
        Communication u = current(c.id());
        assertThat(u.status()).isEqualTo(CommunicationStatus.SCHEDULED);
        assertThat(u.scheduledAt()).isEqualTo(when);
        assertThat(events).extracting(AuditEvent::type).contains(AuditEventType.SCHEDULED)
                .doesNotContain(AuditEventType.UNSCHEDULED);
        AuditEvent scheduled = events.stream().filter(e -> e.type() == AuditEventType.SCHEDULED).findFirst().orElseThrow();
        assertEvent(scheduled, AuditEventType.SCHEDULED, c.id(), admin, at);
        assertThat(Instant.parse(scheduled.details().get("scheduledAt"))).isEqualTo(when);
    }

    @Test
    void reschedulingKeepsItScheduledAndRecordsOldAndNewInstant() {
        Communication c = scheduled();
        tick();
        Instant at = now();
        Instant later = c.scheduledAt().plus(Duration.ofDays(1));
        List<AuditEvent> events = appendedBy(() -> centre.update(admin, c.id(), CommunicationChanges.builder().scheduledAt(later).build()));
        assertThat(current(c.id()).status()).isEqualTo(CommunicationStatus.SCHEDULED);
        assertThat(current(c.id()).scheduledAt()).isEqualTo(later);
        AuditEvent updated = events.stream().filter(e -> e.type() == AuditEventType.UPDATED).findFirst()
                .orElseThrow(() -> new AssertionError("an updated event records the new instant: " + events));
        assertEvent(updated, AuditEventType.UPDATED, c.id(), admin, at);
        assertThat(updated.details().get("changedFields").split(",")).contains("scheduledAt");
        assertThat(Instant.parse(updated.details().get("scheduledAt.old"))).isEqualTo(c.scheduledAt());
        assertThat(Instant.parse(updated.details().get("scheduledAt.new"))).isEqualTo(later);
    }

    @Test
    void editingAScheduledCommunicationKeepsItScheduled() {
        Communication c = scheduled();
        Communication u = centre.update(admin, c.id(), CommunicationChanges.builder().subject("Renewal, revised").build());
        assertThat(u.status()).isEqualTo(CommunicationStatus.SCHEDULED);
        assertThat(u.scheduledAt()).isEqualTo(c.scheduledAt());
    }

    @Test
    void updatedEventRecordsEachChangedFieldWithOldAndNewValue() {
        Communication c = draft();
        tick();
        Instant at = now();
        List<AuditEvent> events = appendedBy(() -> centre.update(admin, c.id(), CommunicationChanges.builder()
                .subject("New subject").bodyHtml("<p>New body</p>").channel("email").notes("new notes").build()));
        assertThat(events).hasSize(1);
        AuditEvent e = events.get(0);
        assertEvent(e, AuditEventType.UPDATED, c.id(), admin, at);
        assertThat(Set.of(e.details().get("changedFields").split(",")))
                .containsExactlyInAnyOrder("subject", "bodyHtml", "channel", "notes");
        assertThat(e.details()).containsEntry("subject.old", "Section 20: roof works").containsEntry("subject.new", "New subject")
                .containsEntry("channel.old", "post").containsEntry("channel.new", "email")
                .containsEntry("notes.old", "ref S20/2030/4").containsEntry("notes.new", "new notes")
                .containsEntry("bodyHtml.oldSha256", sha256("<p>Dear leaseholder,</p>"))
                .containsEntry("bodyHtml.newSha256", sha256("<p>New body</p>"))
                .doesNotContainKeys("scheduledAt.old", "scheduledAt.new");
    }

    @Test
    void onlyTheFieldsThatReallyChangedAreRecorded() {
        Communication c = draft();
        List<AuditEvent> events = appendedBy(() -> centre.update(admin, c.id(), CommunicationChanges.builder()
                .subject(" " + c.subject() + " ").channel(c.channel()).notes("other notes").build()));
        assertThat(events).hasSize(1);
        assertThat(events.get(0).details().get("changedFields")).isEqualTo("notes");
        assertThat(events.get(0).details()).doesNotContainKeys("subject.old", "subject.new", "channel.old", "channel.new");
    }

    @Test
    void anUpdateThatChangesNothingStoresNothing() {
        Communication c = draft();
        Communication s = scheduled();
        tick();
        for (CommunicationChanges same : List.of(
                CommunicationChanges.builder().build(),
                CommunicationChanges.builder().subject(c.subject()).build(),
                CommunicationChanges.builder().subject("  " + c.subject() + "\t").channel(" " + c.channel() + " ").build(),
                CommunicationChanges.builder().bodyHtml(c.bodyHtml()).notes(c.notes()).build(),
                CommunicationChanges.builder().scheduledAt(null).build())) {
            State before = state();
            Communication u = centre.update(admin, c.id(), same);
            assertThat(u).as("unchanged by %s", same).isEqualTo(c);
            assertThat(state()).as("nothing stored for %s", same).isEqualTo(before);
        }
        State before = state();
        assertThat(centre.update(admin, s.id(), CommunicationChanges.builder().scheduledAt(s.scheduledAt()).build())).isEqualTo(s);
        assertThat(state()).isEqualTo(before);
    }
}
