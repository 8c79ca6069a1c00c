package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.DispatchPoller;
import io.github.commscentre.DispatchReport;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.OutgoingMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Sending through the dispatcher: the sending state, messages handed over, outcomes recorded, the finish. */
abstract class DispatchBehaviour extends DispatchFixture {

    @Test
    void sendMovesADraftToSendingNamingTheSenderAndRecordsTheStart() {
        Communication c = emailWith("a1", "a2");
        long version = current(c.id()).version();
        Instant at = now();
        Caller sender = Caller.admin(org, "admin-2");
        Communication sending = centre.send(sender, c.id());
        assertThat(sending.status()).isEqualTo(CommunicationStatus.SENDING);
        assertThat(sending.sentBy()).isEqualTo("admin-2");
        assertThat(sending.sentAt()).isNull();
        assertThat(sending.version()).isEqualTo(version + 1);
        assertThat(current(c.id())).isEqualTo(sending);
        AuditEvent started = trail(c.id()).get(trail(c.id()).size() - 1);
        assertEvent(started, AuditEventType.DISPATCH_STARTED, c.id(), sender, at);
        assertThat(started.details()).containsEntry("channel", "email").containsEntry("recipientCount", "2")
                .containsKey("contentSha256");
        assertThat(email.batches()).as("send hands nothing over itself: the dispatcher does").isEmpty();
    }

    @Test
    void whileSendingContentAndRecipientsAreFrozen() {
        Communication c = emailWith("a1");
        centre.send(admin, c.id());
        rejected(ErrorCode.CONFLICT, () -> centre.update(admin, c.id(), CommunicationChanges.builder().subject("New").build()));
        rejected(ErrorCode.CONFLICT, () -> centre.addRecipients(admin, c.id(), List.of("a2")));
        rejected(ErrorCode.CONFLICT, () -> centre.delete(admin, c.id()));
        rejected(ErrorCode.CONFLICT, () -> centre.markSent(admin, c.id()));
        rejected(ErrorCode.CONFLICT, () -> centre.markFailed(admin, c.id(), "no"));
        var again = rejected(ErrorCode.CONFLICT, () -> centre.send(admin, c.id()));
        assertThat(again.getMessage()).contains("sending");
        assertThat(duplicate(c.id(), true).status()).as("a copy can be made").isEqualTo(CommunicationStatus.DRAFT);
    }

    @Test
    void sendIsRefusedOnceFinishedAndForAMember() {
        Communication sent = inState(CommunicationStatus.SENT);
        rejected(ErrorCode.CONFLICT, () -> centre.send(admin, sent.id()));
        Communication c = emailWith("a1");
        rejected(ErrorCode.FORBIDDEN, () -> centre.send(member, c.id()));
        rejected(ErrorCode.NOT_FOUND, () -> centre.send(otherAdmin, c.id()));
    }

    @Test
    void dispatchHandsEachRecipientOverOnceAndFinishesSent() {
        Communication c = emailWith("a1", "a2", "a3"); // a3 has no email
        centre.send(admin, c.id());
        tick();
        Instant at = now();
        DispatchReport report = dispatch();
        assertThat(report.batches()).isEqualTo(2); // batches of two
        assertThat(report.accepted()).isEqualTo(2);
        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.finished()).isEqualTo(1);

        Map<String, Recipient> byUnit = recipients(c.id()).stream().collect(Collectors.toMap(Recipient::unitId, Function.identity()));
        Recipient a1 = byUnit.get("a1");
        assertThat(a1.deliveryStatus()).isEqualTo(DeliveryStatus.ACCEPTED);
        assertThat(a1.providerMessageId()).isEqualTo("provider-" + a1.id());
        assertThat(a1.dispatchAttempts()).isEqualTo(1);
        assertThat(a1.nextAttemptAt()).isNull();
        assertThat(a1.updatedAt()).isEqualTo(at);
        Recipient a3 = byUnit.get("a3");
        assertThat(a3.deliveryStatus()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(a3.failureReason()).contains("no email address");
        assertThat(a3.providerMessageId()).isNull();

        List<OutgoingMessage> handed = email.messages();
        assertThat(handed).extracting(OutgoingMessage::unitId).containsExactly("a1", "a2");
        OutgoingMessage m = handed.get(0);
        assertThat(m.idempotencyKey()).isEqualTo(a1.id().toString());
        assertThat(m.recipientId()).isEqualTo(a1.id());
        assertThat(m.communicationId()).isEqualTo(c.id());
        assertThat(m.organisationId()).isEqualTo(org);
        assertThat(m.subject()).isEqualTo("AGM 2030");
        assertThat(m.bodyHtml()).isEqualTo(c.bodyHtml());
        assertThat(m.recipientName()).isEqualTo("Alice Ames");
        assertThat(m.recipientEmail()).isEqualTo("alice@example.com");
        assertThat(m.attempt()).isEqualTo(1);

        Communication sent = current(c.id());
        assertThat(sent.status()).isEqualTo(CommunicationStatus.SENT);
        assertThat(sent.sentAt()).isEqualTo(at);
        assertThat(sent.sentBy()).isEqualTo(admin.userId());
        assertThat(types(c.id())).endsWith(AuditEventType.DISPATCH_STARTED, AuditEventType.DISPATCH_BATCH,
                AuditEventType.DISPATCH_BATCH, AuditEventType.SENT);
        List<AuditEvent> batches = batchEvents(c.id());
        assertThat(batches.get(0).unitIds()).containsExactly("a1", "a2");
        assertThat(batches.get(0).details()).containsEntry("outcomes", "aa").containsEntry("accepted", "2")
                .containsEntry("count", "2");
        assertThat(batches.get(0).details().get("outcomesSha256")).matches("[0-9a-f]{64}");
        assertThat(batches.get(1).details()).containsEntry("outcomes", "u").containsEntry("failed", "1");
        assertThat(batches.get(0).actorUserId()).isEqualTo(CommunicationCentre.DISPATCHER_USER_ID);
        AuditEvent finished = trail(c.id()).get(trail(c.id()).size() - 1);
        assertThat(finished.details()).containsEntry("recipientCount", "3").containsEntry("failedRecipients", "1")
                .containsKey("recipientsSha256");
        assertVerifies();

        assertThat(dispatch()).as("a second round finds nothing").isEqualTo(DispatchReport.NOTHING);
        assertThat(email.messages()).hasSize(2);
    }

    @Test
    void aCommunicationWithoutARegisteredChannelFailsAndNothingIsHandedOver() {
        tick();
        Communication c = create(notice("Letter").channel("post").build());
        centre.addRecipients(admin, c.id(), List.of("a1"));
        Communication failed = centre.send(admin, c.id());
        assertThat(failed.status()).isEqualTo(CommunicationStatus.FAILED);
        assertThat(failed.failureReason()).contains("no delivery channel is registered for channel 'post'").contains("email");
        assertThat(types(c.id())).endsWith(AuditEventType.DISPATCH_STARTED, AuditEventType.FAILED);
        assertThat(dispatch()).isEqualTo(DispatchReport.NOTHING);
        assertThat(email.batches()).isEmpty();
        assertThat(recipient(c.id(), "a1").deliveryStatus()).isEqualTo(DeliveryStatus.PENDING);
        assertVerifies();
    }

    @Test
    void aCommunicationWithoutRecipientsFails() {
        Communication c = emailWith();
        Communication failed = centre.send(admin, c.id());
        assertThat(failed.status()).isEqualTo(CommunicationStatus.FAILED);
        assertThat(failed.failureReason()).contains("no recipients");
        assertVerifies();
    }

    @Test
    void everyRecipientRejectedFailsTheCommunication() {
        email.setScript(batch -> batch.stream().map(m -> io.github.commscentre.spi.DeliveryOutcome.rejected(
                m.recipientId(), "550 mailbox unknown")).toList());
        Communication c = emailWith("a1", "a2");
        centre.send(admin, c.id());
        dispatch();
        Communication failed = current(c.id());
        assertThat(failed.status()).isEqualTo(CommunicationStatus.FAILED);
        assertThat(failed.failureReason()).contains("every one of the 2 recipients failed");
        assertThat(recipients(c.id())).allSatisfy(r -> {
            assertThat(r.deliveryStatus()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(r.failureReason()).isEqualTo("rejected by the provider: 550 mailbox unknown");
        });
        assertThat(batchEvents(c.id()).get(0).details()).containsEntry("outcomes", "rr");
        assertVerifies();
    }

    @Test
    void aScheduledCommunicationIsSentWhenItFallsDue() {
        tick();
        Instant when = now().plus(Duration.ofHours(2));
        Communication c = create(notice("Fire alarm test").channel("email").scheduledAt(when).build());
        centre.addRecipients(admin, c.id(), List.of("b1", "b2"));
        assertThat(dispatch()).isEqualTo(DispatchReport.NOTHING);
        assertThat(current(c.id()).status()).isEqualTo(CommunicationStatus.SCHEDULED);

        clock.set(when);
        DispatchReport report = dispatch();
        assertThat(report.started()).isEqualTo(1);
        assertThat(report.finished()).isEqualTo(1);
        Communication sent = current(c.id());
        assertThat(sent.status()).isEqualTo(CommunicationStatus.SENT);
        assertThat(sent.sentBy()).isEqualTo(CommunicationCentre.DISPATCHER_USER_ID);
        AuditEvent started = trail(c.id()).stream().filter(e -> e.type() == AuditEventType.DISPATCH_STARTED).findFirst().orElseThrow();
        assertThat(started.actorUserId()).isEqualTo(CommunicationCentre.DISPATCHER_USER_ID);
        assertThat(Instant.parse(started.details().get("scheduledAt"))).isEqualTo(when.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        assertThat(email.messages()).extracting(OutgoingMessage::unitId).containsExactly("b1", "b2");
        assertVerifies();
    }

    @Test
    void aDispatchRoundOverEveryOrganisationSendsThisOne() {
        Communication c = emailWith("a1");
        centre.send(admin, c.id());
        DispatchReport report = centre.dispatchDue();
        assertThat(report.finished()).isGreaterThanOrEqualTo(1);
        assertThat(current(c.id()).status()).isEqualTo(CommunicationStatus.SENT);
    }

    @Test
    void anAcceptedRecipientMovesOnWithProviderEvents() {
        Communication c = emailWith("a1");
        centre.send(admin, c.id());
        dispatch();
        Recipient r = recipient(c.id(), "a1");
        tick();
        Recipient delivered = centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.DELIVERED);
        assertThat(delivered.deliveredAt()).isEqualTo(now());
        assertThat(delivered.providerMessageId()).isEqualTo(r.providerMessageId());
        rejected(ErrorCode.CONFLICT, () -> centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.ACCEPTED));
        assertVerifies();
    }

    @Test
    void thePollerSendsUntilStopped() throws InterruptedException {
        Communication c = emailWith("a1");
        centre.send(admin, c.id());
        try (DispatchPoller poller = centre.startDispatchPoller(Duration.ofMillis(20))) {
            assertThat(poller.isRunning()).isTrue();
            for (int i = 0; i < 500 && current(c.id()).status() != CommunicationStatus.SENT; i++) {
                Thread.sleep(20);
            }
            assertThat(current(c.id()).status()).isEqualTo(CommunicationStatus.SENT);
            poller.stop();
            assertThat(poller.isRunning()).isFalse();
        }
    }
}
