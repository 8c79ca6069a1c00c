package io.github.commscentre;

import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The builder and withers of {@link Communication}: each changes the fields it names and carries every other
 * one over. The check walks the record's components, so a field added later is covered without editing it.
 */
class CommunicationTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00.000001Z");
    private static final Instant LATER = Instant.parse("2030-06-01T12:00:00.000002Z");

    /** Every field set, each to a value of its own, so that a field copied into the wrong place shows. */
    private static Communication everyFieldSet(CommunicationStatus status) {
        return new Communication(UUID.fromString("00000000-0000-7000-8000-000000000001"), "org-1", CommunicationType.NOTICE,
                "Subject", "<p>Body</p>", "block-1", "unit-1", "post", status, T0.plusSeconds(1), T0.plusSeconds(2),
                "sender-1", T0.plusSeconds(3), "bounced", "Notes", "creator-1", T0, T0.plusSeconds(4), 7);
    }

    private static void assertOnlyChanged(Communication before, Communication after, String... changed) {
        Set<String> changing = Set.of(changed);
        for (RecordComponent component : Communication.class.getRecordComponents()) {
            if (!changing.contains(component.getName())) {
                assertThat(value(after, component)).as(component.getName()).isEqualTo(value(before, component));
            }
        }
    }

    private static Object value(Communication c, RecordComponent component) {
        try {
            return component.getAccessor().invoke(c);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void toBuilderThenBuildGivesAnEqualCommunication() {
        Communication c = everyFieldSet(CommunicationStatus.SENT);
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    @Test
    void theBuilderSetsEachFieldByName() {
        Communication c = everyFieldSet(CommunicationStatus.FAILED);
        Communication built = Communication.builder()
                .id(c.id()).organisationId(c.organisationId()).communicationType(c.communicationType())
                .subject(c.subject()).bodyHtml(c.bodyHtml()).blockId(c.blockId()).unitId(c.unitId())
                .channel(c.channel()).status(c.status()).scheduledAt(c.scheduledAt()).sentAt(c.sentAt())
                .sentBy(c.sentBy()).failedAt(c.failedAt()).failureReason(c.failureReason()).notes(c.notes())
                .createdBy(c.createdBy()).createdAt(c.createdAt()).updatedAt(c.updatedAt()).version(c.version())
                .build();
        assertThat(built).isEqualTo(c);
    }

    @Test
    void theBuilderStartsAtVersionZeroAndRefusesAMissingRequiredField() {
        Communication minimal = Communication.builder().id(UUID.randomUUID()).organisationId("org-1")
                .communicationType(CommunicationType.CIRCULAR).subject("S").channel("email")
                .status(CommunicationStatus.DRAFT).createdBy("u").createdAt(T0).updatedAt(T0).build();
        assertThat(minimal.version()).isZero();
        assertThat(minimal.bodyHtml()).isNull();
        assertThatThrownBy(() -> minimal.toBuilder().status(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("status must not be null");
    }

    @Test
    void withContentChangesSubjectBodyChannelAndNotesOnly() {
        Communication before = everyFieldSet(CommunicationStatus.DRAFT);
        Communication after = before.withContent("New subject", null, "email", "New notes");
        assertThat(after.subject()).isEqualTo("New subject");
        assertThat(after.bodyHtml()).isNull();
        assertThat(after.channel()).isEqualTo("email");
        assertThat(after.notes()).isEqualTo("New notes");
        assertOnlyChanged(before, after, "subject", "bodyHtml", "channel", "notes");
    }

    @Test
    void withScheduleSchedulesOrUnschedulesAndChangesNothingElse() {
        Communication draft = everyFieldSet(CommunicationStatus.DRAFT);
        Communication scheduled = draft.withSchedule(LATER);
        assertThat(scheduled.status()).isEqualTo(CommunicationStatus.SCHEDULED);
        assertThat(scheduled.scheduledAt()).isEqualTo(LATER);
        assertOnlyChanged(draft, scheduled, "status", "scheduledAt");

        Communication unscheduled = scheduled.withSchedule(null);
        assertThat(unscheduled.status()).isEqualTo(CommunicationStatus.DRAFT);
        assertThat(unscheduled.scheduledAt()).isNull();
        assertOnlyChanged(scheduled, unscheduled, "status", "scheduledAt");
    }

    @Test
    void sentRecordsTheSendingAndClearsTheFailure() {
        Communication before = everyFieldSet(CommunicationStatus.SCHEDULED);
        Communication after = before.sent(LATER, "sender-2");
        assertThat(after.status()).isEqualTo(CommunicationStatus.SENT);
        assertThat(after.sentAt()).isEqualTo(LATER);
        assertThat(after.sentBy()).isEqualTo("sender-2");
        assertThat(after.failedAt()).isNull();
        assertThat(after.failureReason()).isNull();
        assertOnlyChanged(before, after, "status", "sentAt", "sentBy", "failedAt", "failureReason");
    }

    @Test
    void failedRecordsTheFailureAndClearsTheSending() {
        Communication before = everyFieldSet(CommunicationStatus.DRAFT);
        Communication after = before.failed(LATER, "no printer");
        assertThat(after.status()).isEqualTo(CommunicationStatus.FAILED);
        assertThat(after.failedAt()).isEqualTo(LATER);
        assertThat(after.failureReason()).isEqualTo("no printer");
        assertThat(after.sentAt()).isNull();
        assertThat(after.sentBy()).isNull();
        assertOnlyChanged(before, after, "status", "failedAt", "failureReason", "sentAt", "sentBy");
    }

    @Test
    void nextVersionCountsUpAndTakesTheNewUpdatedAt() {
        Communication before = everyFieldSet(CommunicationStatus.DRAFT);
        Communication after = before.nextVersion(LATER);
        assertThat(after.version()).isEqualTo(8);
        assertThat(after.updatedAt()).isEqualTo(LATER);
        assertOnlyChanged(before, after, "version", "updatedAt");
    }

    @Test
    void theWithersLeaveTheOriginalAsItWas() {
        Communication original = everyFieldSet(CommunicationStatus.DRAFT);
        Communication copy = original.toBuilder().build();
        original.withContent("x", "y", "z", "w").withSchedule(LATER).sent(LATER, "s").failed(LATER, "r").nextVersion(LATER);
        assertThat(original).isEqualTo(copy);
    }
}
