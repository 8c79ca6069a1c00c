package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.Recipient;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Marking a communication sent or failed, after which nothing of it changes. */
abstract class SendingAndFailingBehaviour extends BehaviourFixture {

    @Test
    void markSentRecordsSentAtAndTheSendingUser() {
        Communication c = draft();
        centre.addRecipients(admin, c.id(), List.of("a1", "a2", "a3"));
        Caller sender = Caller.admin(org, "admin-2");
        tick();
        Instant at = now();
        Communication before = current(c.id());
        Communication sent = centre.markSent(sender, c.id());
        assertThat(sent.status()).isEqualTo(CommunicationStatus.SENT);
        assertThat(sent.sentAt()).isEqualTo(at);
        assertThat(sent.sentBy()).isEqualTo("admin-2");
        assertThat(sent.updatedAt()).isEqualTo(at);
        assertThat(sent.failedAt()).isNull();
        assertThat(sent.subject()).isEqualTo(before.subject());
        assertThat(sent.bodyHtml()).isEqualTo(before.bodyHtml());
        assertThat(sent.createdBy()).isEqualTo(admin.userId());
        assertThat(current(c.id())).isEqualTo(sent);

        List<AuditEvent> events = trail(c.id());
        AuditEvent e = events.get(events.size() - 1);
        assertEvent(e, AuditEventType.SENT, c.id(), sender, at);
        assertThat(Instant.parse(e.details().get("sentAt"))).isEqualTo(at);
        assertThat(e.details().get("contentSha256")).matches("[0-9a-f]{64}");
        assertThat(e.details().get("recipientsSha256")).matches("[0-9a-f]{64}");
        assertThat(e.details()).containsEntry("recipientCount", "3");
    }

    @Test
    void aScheduledCommunicationCanBeSentBeforeItsTime() {
        Communication c = scheduled();
        Communication sent = centre.markSent(admin, c.id());
        assertThat(sent.status()).isEqualTo(CommunicationStatus.SENT);
        assertThat(sent.sentAt()).isEqualTo(now());
    }

    @Test
    void digestsDifferWhenContentOrRecipientsDiffer() {
        Communication a = draft();
        centre.addRecipients(admin, a.id(), List.of("a1"));
        Communication b = draft();
        centre.addRecipients(admin, b.id(), List.of("a2"));
        Communication c = create(notice("Other subject").bodyHtml("<p>Dear leaseholder,</p>").blockId(BLOCK_A).channel("post")
                .notes("ref S20/2030/4").build());
        centre.addRecipients(admin, c.id(), List.of("a1"));
        Map<String, String> da = sentDetails(a.id());
        Map<String, String> db = sentDetails(b.id());
        Map<String, String> dc = sentDetails(c.id());
        assertThat(db.get("recipientsSha256")).isNotEqualTo(da.get("recipientsSha256"));
        assertThat(dc.get("contentSha256")).isNotEqualTo(da.get("contentSha256"));
    }

    private Map<String, String> sentDetails(UUID id) {
        centre.markSent(admin, id);
        List<AuditEvent> events = trail(id);
        return events.get(events.size() - 1).details();
    }

    @Test
    void markFailedRecordsFailedAtAndReason() {
        Communication c = scheduled();
        centre.addRecipients(admin, c.id(), List.of("a1", "a2"));
        tick();
        Instant at = now();
        Communication failed = centre.markFailed(admin, c.id(), "print run lost");
        assertThat(failed.status()).isEqualTo(CommunicationStatus.FAILED);
        assertThat(failed.failedAt()).isEqualTo(at);
        assertThat(failed.failureReason()).isEqualTo("print run lost");
        assertThat(failed.sentAt()).isNull();
        assertThat(failed.sentBy()).isNull();
        assertThat(failed.updatedAt()).isEqualTo(at);
        assertThat(current(c.id())).isEqualTo(failed);

        List<AuditEvent> events = trail(c.id());
        AuditEvent e = events.get(events.size() - 1);
        assertEvent(e, AuditEventType.FAILED, c.id(), admin, at);
        assertThat(Instant.parse(e.details().get("failedAt"))).isEqualTo(at);
        assertThat(e.details()).containsEntry("reason", "print run lost").containsEntry("recipientCount", "2");
        assertThat(e.details().get("contentSha256")).matches("[0-9a-f]{64}");
        assertThat(e.details().get("recipientsSha256")).matches("[0-9a-f]{64}");
    }

    @Test
    void markFailedWithoutReason() {
        Communication c = draft();
        Communication failed = centre.markFailed(admin, c.id(), null);
        assertThat(failed.failureReason()).isNull();
        List<AuditEvent> events = trail(c.id());
        assertThat(events.get(events.size() - 1).details()).doesNotContainKey("reason").containsEntry("recipientCount", "0");
    }

    @Test
    void aSentCommunicationAndItsRecipientListNeverChange() {
        Communication sent = inState(CommunicationStatus.SENT);
        List<Recipient> recipientsAtSending = recipients(sent.id());
        tick();
        rejected(ErrorCode.CONFLICT, () -> centre.update(admin, sent.id(), CommunicationChanges.builder().subject("x").build()));
        rejected(ErrorCode.CONFLICT, () -> centre.addRecipients(admin, sent.id(), List.of("a4")));
        rejected(ErrorCode.CONFLICT, () -> centre.addBlockRecipients(admin, sent.id()));
        rejected(ErrorCode.CONFLICT, () -> centre.delete(admin, sent.id()));
        rejected(ErrorCode.CONFLICT, () -> centre.markSent(admin, sent.id()));
        rejected(ErrorCode.CONFLICT, () -> centre.markFailed(admin, sent.id(), "late"));
        directory.changeLeaseholder(org, "a1", "Somebody Else", "else@example.com");
        assertThat(current(sent.id())).isEqualTo(sent);
        assertThat(recipients(sent.id())).isEqualTo(recipientsAtSending);
        assertThat(centre.verifyAuditTrail(admin).intact()).isTrue();
    }
}
