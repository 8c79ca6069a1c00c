package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditFinding.Kind;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.github.commscentre.AuditEventType.SENT;
import static io.github.commscentre.testkit.BehaviourChecks.sha256;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code verifyAuditTrail} holds the stored records against the chain: a sent communication deleted, set back or turned
 * failed, a communication finished without an event, a delivery status rewritten either way, a recipient removed,
 * inserted or with who-added-it-when rewritten, a content digest recomputed into the chain: each is a finding at the
 * event the record contradicts. Sent events of the first digest version keep being checked the first way.
 */
abstract class RecordVerificationBehaviour extends VerificationFixture {

    @Test
    void aSentCommunicationWhoseRowIsDeletedIsCaughtAtItsSentEvent() {
        expectFinding(Kind.COMMUNICATION_RECORD, 3L, sent.id(), () -> tampering().deleteCommunicationRow(org, sent.id()));
    }

    @Test
    void aSentCommunicationSetBackToDraftIsCaughtAtItsSentEvent() {
        expectFinding(Kind.COMMUNICATION_RECORD, 3L, sent.id(),
                () -> tampering().changeCommunicationStatus(org, sent.id(), CommunicationStatus.DRAFT));
    }

    @Test
    void aSentCommunicationTurnedFailedIsCaughtAtItsSentEvent() {
        expectFinding(Kind.COMMUNICATION_RECORD, 3L, sent.id(),
                () -> tampering().changeCommunicationStatus(org, sent.id(), CommunicationStatus.FAILED));
    }

    @Test
    void aCommunicationSentWithoutAnyEventIsCaught() {
        expectFinding(Kind.COMMUNICATION_RECORD, null, draft.id(),
                () -> tampering().changeCommunicationStatus(org, draft.id(), CommunicationStatus.SENT));
    }

    @Test
    void aDeliveryStatusRewrittenBackwardsIsCaughtAtItsLastStatusEvent() {
        expectFinding(Kind.DELIVERY_STATUS, 4L, sent.id(), () -> tampering().rewriteRecipient(
                delivered.withDelivery(DeliveryStatus.PENDING, null, null, null, delivered.addedAt())));
    }

    @Test
    void aDeliveryStatusMovedWithoutAnEventIsCaughtWithoutASequence() {
        // No event records the move; pointing at an earlier one would blame it for a later status event deleted
        expectFinding(Kind.DELIVERY_STATUS, null, sent.id(), () -> tampering().rewriteRecipient(
                stillPending.withDelivery(DeliveryStatus.OPENED, now(), now(), null, now())));
    }

    @Test
    void aStatusMovedWithoutAnEventAndMovedOnByTheFacadeIsCaughtAtTheEventThatNoLongerFollows() {
        expectFinding(Kind.DELIVERY_STATUS, 7L, sent.id(), () -> {
            tampering().rewriteRecipient(stillPending.withDelivery(DeliveryStatus.DELIVERED, now(), null, null, now()));
            tick();
            centre.updateRecipientStatus(admin, stillPending.id(), DeliveryStatus.OPENED);
        });
    }

    @Test
    void aRecipientDeletedFromASentCommunicationIsCaughtAtItsSentEvent() {
        expectFinding(Kind.RECIPIENTS_RECORD, 3L, sent.id(), () -> tampering().deleteRecipientRow(org, stillPending.id()));
    }

    @Test
    void aRecipientInsertedIntoASentCommunicationIsCaughtAtItsSentEvent() {
        Recipient intruder = new Recipient(UUID.randomUUID(), org, sent.id(), "a3", 3, "Carol Chen", null,
                DeliveryStatus.PENDING, null, null, null, stillPending.addedAt(), stillPending.addedAt(), "admin-1");
        expectFinding(Kind.RECIPIENTS_RECORD, 3L, sent.id(), () -> tampering().insertRecipientRow(intruder));
    }

    @Test
    void aRecipientSlippedIntoADraftBeforeSendingIsCaughtAtTheSentEvent() {
        // The sent event's digest then covers it: only the recipients_added events show it was never added.
        Recipient slipped = new Recipient(UUID.randomUUID(), org, draft.id(), "b2", 2, "Erin Evans", "erin@example.com",
                DeliveryStatus.PENDING, null, null, null, now(), now(), "admin-1");
        expectFinding(Kind.RECIPIENTS_RECORD, 7L, draft.id(), () -> {
            tampering().insertRecipientRow(slipped);
            centre.markSent(admin, draft.id());
        });
    }

    @Test
    void whoAddedARecipientIsCoveredByTheRecipientsDigest() {
        expectFinding(Kind.RECIPIENTS_RECORD, 3L, sent.id(), () -> tampering().rewriteRecipient(withAdded(stillPending,
                stillPending.addedAt(), "mallory")));
    }

    @Test
    void whenARecipientWasAddedIsCoveredByTheRecipientsDigest() {
        expectFinding(Kind.RECIPIENTS_RECORD, 3L, sent.id(), () -> tampering().rewriteRecipient(withAdded(stillPending,
                stillPending.addedAt().minusSeconds(3_600), stillPending.addedBy())));
    }

    @Test
    void aContentDigestRecomputedIntoTheChainIsStillCaughtByTheRecord() {
        expectFinding(Kind.COMMUNICATION_RECORD, 3L, sent.id(),
                () -> recompute(3, e -> withDetail(e, "contentSha256", sha256("what was never sent"))));
    }

    @Test
    void aSentEventOfTheFirstDigestVersionIsStillCheckedTheFirstWay() {
        // Events stored before addedAt and addedBy were digested name no version: they keep verifying as they were.
        String versionOne = versionOneRecipientsDigest(recipients(sent.id()));
        AuditVerification rewritten = afterTampering(() -> recompute(3, e -> {
            AuditEvent v1 = withDetail(e, "recipientsSha256", versionOne);
            return withDetail(v1, "recipientsSha256Version", null);
        }), false);
        if (rewritten == null) {
            return;
        }
        assertThat(rewritten).isEqualTo(AuditVerification.intact(6));
        expectFinding(Kind.RECIPIENTS_RECORD, 3L, sent.id(), () -> tampering().rewriteRecipient(new Recipient(
                stillPending.id(), org, sent.id(), stillPending.unitId(), stillPending.position(), "Someone Else",
                stillPending.recipientEmail(), stillPending.deliveryStatus(), null, null, null, stillPending.addedAt(),
                stillPending.updatedAt(), stillPending.addedBy())));
    }

    @Test
    void aDigestVersionTheLibraryDoesNotKnowIsAFinding() {
        expectFinding(Kind.MALFORMED_EVENT, 3L, sent.id(), () -> recompute(3, e -> withDetail(e, "recipientsSha256Version", "9")));
    }

}
