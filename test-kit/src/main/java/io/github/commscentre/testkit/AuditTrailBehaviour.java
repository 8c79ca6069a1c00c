package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.github.commscentre.testkit.BehaviourChecks.expectError;
import static io.github.commscentre.testkit.BehaviourChecks.isMicros;
import static io.github.commscentre.testkit.BehaviourChecks.isVersion7;
import static org.assertj.core.api.Assertions.assertThat;

/** The audit trail: one event per change, chained, verifiable per organisation. */
abstract class AuditTrailBehaviour extends BehaviourFixture {

    /** Closed ranges of longs, for expected sequences. */
    private static final class LongStreamRange {
        static List<Long> closed(long from, long to) {
            List<Long> all = new ArrayList<>();
            for (long i = from; i <= to; i++) {
                all.add(i);
            }
            return all;
        }
    }

    @Test
    void everyWriteAppendsItsEventsWithActorAndInstant() {
        Caller second = Caller.admin(org, "admin-2");
        tick();
        Instant t1 = now();
        Communication c = create(notice("Audited").bodyHtml("<p>x</p>").blockId(BLOCK_A).build());
        assertThat(trail(c.id())).extracting(AuditEvent::type).containsExactly(AuditEventType.CREATED);
        assertEvent(trail(c.id()).get(0), AuditEventType.CREATED, c.id(), admin, t1);

        tick();
        Instant t2 = now();
        List<AuditEvent> updated = appendedBy(() -> centre.update(second, c.id(), CommunicationChanges.builder().subject("Audited!").build()));
        assertThat(updated).extracting(AuditEvent::type).containsExactly(AuditEventType.UPDATED);
        assertEvent(updated.get(0), AuditEventType.UPDATED, c.id(), second, t2);

        tick();
        Instant t3 = now();
        List<AuditEvent> added = appendedBy(() -> centre.addRecipients(admin, c.id(), List.of("a1", "a2")));
        assertThat(added).extracting(AuditEvent::type).containsExactly(AuditEventType.RECIPIENTS_ADDED);
        assertEvent(added.get(0), AuditEventType.RECIPIENTS_ADDED, c.id(), admin, t3);

        tick();
        Instant t4 = now();
        UUID a1 = recipient(c.id(), "a1").id();
        List<AuditEvent> status = appendedBy(() -> centre.updateRecipientStatus(second, a1, DeliveryStatus.DELIVERED));
        assertThat(status).extracting(AuditEvent::type).containsExactly(AuditEventType.RECIPIENT_STATUS_CHANGED);
        assertEvent(status.get(0), AuditEventType.RECIPIENT_STATUS_CHANGED, c.id(), second, t4);

        tick();
        Instant t5 = now();
        List<AuditEvent> sent = appendedBy(() -> centre.markSent(admin, c.id()));
        assertThat(sent).extracting(AuditEvent::type).containsExactly(AuditEventType.SENT);
        assertEvent(sent.get(0), AuditEventType.SENT, c.id(), admin, t5);

        tick();
        Instant t6 = now();
        List<AuditEvent> opened = appendedBy(() -> centre.updateRecipientStatus(admin, a1, DeliveryStatus.OPENED));
        assertEvent(opened.get(0), AuditEventType.RECIPIENT_STATUS_CHANGED, c.id(), admin, t6);

        tick();
        Instant t7 = now();
        List<AuditEvent> dup = appendedBy(() -> duplicate(c.id(), true));
        assertThat(dup).extracting(AuditEvent::type).containsExactly(AuditEventType.DUPLICATED, AuditEventType.RECIPIENTS_ADDED);
        UUID copy = dup.get(0).communicationId();
        assertThat(copy).isNotEqualTo(c.id());
        dup.forEach(e -> assertEvent(e, e.type(), copy, admin, t7));

        tick();
        Instant t8 = now();
        List<AuditEvent> failed = appendedBy(() -> centre.markFailed(second, copy, "no stamps"));
        assertThat(failed).extracting(AuditEvent::type).containsExactly(AuditEventType.FAILED);
        assertEvent(failed.get(0), AuditEventType.FAILED, copy, second, t8);

        Communication third = duplicate(c.id(), false);
        tick();
        Instant t9 = now();
        List<AuditEvent> deleted = appendedBy(() -> centre.delete(admin, third.id()));
        assertThat(deleted).extracting(AuditEvent::type).containsExactly(AuditEventType.DELETED);
        assertEvent(deleted.get(0), AuditEventType.DELETED, third.id(), admin, t9);

        assertThat(trail(c.id())).extracting(AuditEvent::type).containsExactly(AuditEventType.CREATED, AuditEventType.UPDATED,
                AuditEventType.RECIPIENTS_ADDED, AuditEventType.RECIPIENT_STATUS_CHANGED, AuditEventType.SENT,
                AuditEventType.RECIPIENT_STATUS_CHANGED);
        assertThat(trail(third.id())).extracting(AuditEvent::type).containsExactly(AuditEventType.DUPLICATED, AuditEventType.DELETED);
    }

    @Test
    void callsThatChangeNothingAppendNothing() {
        Communication c = draft();
        centre.addRecipients(admin, c.id(), List.of("a1"));
        Recipient r = recipient(c.id(), "a1");
        State before = state();
        centre.update(admin, c.id(), CommunicationChanges.builder().build());
        centre.update(admin, c.id(), CommunicationChanges.builder().subject(c.subject()).notes(c.notes()).build());
        centre.addRecipients(admin, c.id(), List.of("a1"));
        centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.PENDING);
        centre.getById(admin, c.id());
        centre.list(admin, CommunicationFilter.all(), PageRequest.first());
        centre.count(admin, CommunicationFilter.all());
        centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first());
        centre.auditTrail(member, c.id());
        centre.verifyAuditTrail(member);
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void theChainLinksEveryEventOfTheOrganisation() {
        inState(CommunicationStatus.SENT);
        inState(CommunicationStatus.FAILED);
        Communication s = inState(CommunicationStatus.SCHEDULED);
        centre.update(admin, s.id(), CommunicationChanges.builder().scheduledAt(null).build());
        duplicate(s.id(), true);
        centre.delete(admin, s.id());
        List<AuditEvent> chain = orgEvents();
        assertThat(chain).extracting(AuditEvent::sequence)
                .containsExactlyElementsOf(LongStreamRange.closed(1, chain.size()));
        assertThat(chain.get(0).previousHash()).isEqualTo(AuditEvent.GENESIS_HASH);
        for (int i = 1; i < chain.size(); i++) {
            assertThat(chain.get(i).previousHash()).as("event %d links to %d", i + 1, i).isEqualTo(chain.get(i - 1).hash());
        }
        assertThat(chain).extracting(AuditEvent::hash).doesNotHaveDuplicates().allMatch(h -> h.matches("[0-9a-f]{64}"));
        assertThat(chain).extracting(AuditEvent::id).doesNotHaveDuplicates().allMatch(BehaviourChecks::isVersion7);
        assertThat(chain).allMatch(e -> e.organisationId().equals(org)).allMatch(e -> isMicros(e.occurredAt()));
        AuditVerification v = centre.verifyAuditTrail(member);
        assertThat(v.intact()).isTrue();
        assertThat(v.eventsChecked()).isEqualTo(chain.size());
        assertThat(v.firstBrokenSequence()).isEmpty();
        assertThat(v.firstProblem()).isEmpty();
    }

    @Test
    void auditTrailIsOldestFirst() {
        Communication c = inState(CommunicationStatus.SENT);
        List<AuditEvent> events = trail(c.id());
        assertThat(events).extracting(AuditEvent::type)
                .containsExactly(AuditEventType.CREATED, AuditEventType.RECIPIENTS_ADDED, AuditEventType.SENT);
        assertThat(events).extracting(AuditEvent::sequence).isSorted();
        assertThat(events).extracting(AuditEvent::occurredAt).isSorted();
        assertThat(events).allMatch(e -> e.communicationId().equals(c.id()));
    }

    @Test
    void auditTrailOfAnIdWithoutEventsIsNotFound() {
        expectError(ErrorCode.NOT_FOUND, () -> centre.auditTrail(admin, UUID.randomUUID()));
        expectError(ErrorCode.NOT_FOUND, () -> centre.auditTrail(member, UUID.randomUUID()));
    }

    @Test
    void unitIdsAreOnlyListedOnRecipientsAddedEvents() {
        Communication c = inState(CommunicationStatus.SENT);
        for (AuditEvent e : trail(c.id())) {
            if (e.type() == AuditEventType.RECIPIENTS_ADDED) {
                assertThat(e.unitIds()).containsExactly("a1", "a2", "a3");
                assertThat(e.details()).containsEntry("added", "3");
            } else {
                assertThat(e.unitIds()).isEmpty();
            }
        }
    }
}
