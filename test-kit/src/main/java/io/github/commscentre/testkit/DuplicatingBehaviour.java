package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.Recipient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import static io.github.commscentre.testkit.BehaviourChecks.isVersion7;
import static org.assertj.core.api.Assertions.assertThat;

/** Duplicating a communication, with or without its recipients. */
abstract class DuplicatingBehaviour extends BehaviourFixture {

    @Test
    void duplicateCopiesContentAndScopeIntoANewDraft() {
        Communication original = create(NewCommunication.builder(CommunicationType.AGM_NOTICE, "AGM 2029")
                .bodyHtml("<p>Agenda</p>").blockId(BLOCK_B).unitId("b2").channel("post")
                .scheduledAt(now().plus(Duration.ofDays(9))).notes("ref AGM/29").build());
        centre.addRecipients(admin, original.id(), List.of("b1"));
        Communication sent = centre.markSent(admin, original.id());
        tick();
        Instant at = now();
        Caller copier = Caller.admin(org, "admin-3");
        Communication copy = centre.duplicate(copier, original.id(), false);
        known.add(copy.id());
        assertThat(isVersion7(copy.id())).isTrue();
        assertThat(copy.id()).isNotEqualTo(original.id());
        assertThat(copy.organisationId()).isEqualTo(org);
        assertThat(copy.communicationType()).isEqualTo(CommunicationType.AGM_NOTICE);
        assertThat(copy.subject()).isEqualTo("AGM 2029");
        assertThat(copy.bodyHtml()).isEqualTo("<p>Agenda</p>");
        assertThat(copy.blockId()).isEqualTo(BLOCK_B);
        assertThat(copy.unitId()).isEqualTo("b2");
        assertThat(copy.channel()).isEqualTo("post");
        assertThat(copy.notes()).isEqualTo("ref AGM/29");
        assertThat(copy.status()).isEqualTo(CommunicationStatus.DRAFT);
        assertThat(copy.scheduledAt()).isNull();
        assertThat(copy.sentAt()).isNull();
        assertThat(copy.sentBy()).isNull();
        assertThat(copy.failedAt()).isNull();
        assertThat(copy.failureReason()).isNull();
        assertThat(copy.createdBy()).isEqualTo("admin-3");
        assertThat(copy.createdAt()).isEqualTo(at);
        assertThat(copy.updatedAt()).isEqualTo(at);
        assertThat(centre.getById(admin, copy.id()).recipientCount()).isZero();
        assertThat(current(copy.id())).isEqualTo(copy);
        assertThat(current(original.id())).isEqualTo(sent);

        List<AuditEvent> events = trail(copy.id());
        assertThat(events).extracting(AuditEvent::type).containsExactly(AuditEventType.DUPLICATED);
        assertEvent(events.get(0), AuditEventType.DUPLICATED, copy.id(), copier, at);
        assertThat(events.get(0).details()).containsEntry("sourceCommunicationId", original.id().toString())
                .containsEntry("includeRecipients", "false");
    }

    @Test
    void duplicateWithRecipientsTakesFreshSnapshots() {
        Communication original = draft();
        centre.addRecipients(admin, original.id(), List.of("a3", "a1", "b2"));
        List<Recipient> originalRecipients = recipients(original.id());
        centre.updateRecipientStatus(admin, originalRecipients.get(0).id(), DeliveryStatus.DELIVERED);
        Communication sent = centre.markSent(admin, original.id());
        List<Recipient> atSending = recipients(original.id());
        directory.changeLeaseholder(org, "a1", "Alice New-Owner", "alice.new@example.com");
        directory.changeLeaseholder(org, "a3", "Carol Chen", "carol@example.com");
        tick();
        Instant at = now();
        Communication copy = duplicate(original.id(), true);

        List<Recipient> copied = recipients(copy.id());
        assertThat(copied).extracting(Recipient::unitId).containsExactly("a3", "a1", "b2");
        assertThat(copied).extracting(Recipient::position).containsExactly(1L, 2L, 3L);
        assertThat(copied).extracting(Recipient::recipientName).containsExactly("Carol Chen", "Alice New-Owner", "Erin Evans");
        assertThat(copied).extracting(Recipient::recipientEmail)
                .containsExactly("carol@example.com", "alice.new@example.com", "erin@example.com");
        assertThat(copied).allSatisfy(r -> {
            assertThat(r.deliveryStatus()).isEqualTo(DeliveryStatus.PENDING);
            assertThat(r.deliveredAt()).isNull();
            assertThat(r.communicationId()).isEqualTo(copy.id());
            assertThat(r.addedAt()).isEqualTo(at);
            assertThat(r.addedBy()).isEqualTo(admin.userId());
            assertThat(isVersion7(r.id())).isTrue();
        });
        assertThat(copied).extracting(Recipient::id).doesNotContainAnyElementsOf(
                atSending.stream().map(Recipient::id).collect(Collectors.toList()));
        assertThat(recipients(original.id())).as("the original keeps its snapshots").isEqualTo(atSending);
        assertThat(current(original.id())).isEqualTo(sent);

        List<AuditEvent> events = trail(copy.id());
        assertThat(events).extracting(AuditEvent::type)
                .containsExactly(AuditEventType.DUPLICATED, AuditEventType.RECIPIENTS_ADDED);
        assertThat(events.get(0).details()).containsEntry("sourceCommunicationId", original.id().toString())
                .containsEntry("includeRecipients", "true");
        assertThat(events.get(1).details()).containsEntry("added", "3");
        assertThat(events.get(1).unitIds()).containsExactly("a3", "a1", "b2");
    }

    @Test
    void duplicateWithRecipientsOfACommunicationWithoutRecipientsAddsNone() {
        Communication original = draft();
        Communication copy = duplicate(original.id(), true);
        assertThat(recipients(copy.id())).isEmpty();
        assertThat(trail(copy.id())).extracting(AuditEvent::type).containsExactly(AuditEventType.DUPLICATED);
    }

    @Test
    void duplicateSkipsUnitsThatLeftTheOrganisation() {
        Communication original = draft();
        centre.addRecipients(admin, original.id(), List.of("a1", "a2", "b1"));
        directory.removeUnit(org, "a2");
        Communication copy = duplicate(original.id(), true);
        assertThat(recipients(copy.id())).extracting(Recipient::unitId).containsExactly("a1", "b1");
    }

    @Test
    void duplicateLeavesTheOriginalsTrailAlone() {
        Communication original = inState(CommunicationStatus.FAILED);
        List<AuditEvent> before = trail(original.id());
        duplicate(original.id(), true);
        duplicate(original.id(), false);
        assertThat(trail(original.id())).isEqualTo(before);
        assertThat(current(original.id())).isEqualTo(original);
    }
}
