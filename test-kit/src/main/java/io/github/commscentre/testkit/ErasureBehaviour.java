package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.AuditFinding.Kind;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Communication;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.EvidencePack;
import io.github.commscentre.Recipient;
import io.github.commscentre.verify.PackVerifier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.github.commscentre.testkit.BehaviourChecks.expectError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The right to erasure without losing the proof: years after a letter was sent, a leaseholder's name, email and address
 * are erased from its recipient; the chain, its checkpoints and the communication's packs, made before or after, still
 * verify, and a pack made after shows the recipient as erased.
 */
abstract class ErasureBehaviour extends EvidencePackBehaviour {

    @Test
    void anErasedRecipientsPackStillVerifiesAndShowsTheDataAsErased() {
        Communication sent = sentThroughTheDispatcher();
        EvidencePack before = centre.evidencePack(member, sent.id());
        Recipient bob = recipient(sent.id(), "a2");
        clock.advance(java.time.Duration.ofDays(6 * 365));
        Recipient erased = centre.erasePersonalData(admin, bob.id());

        assertThat(erased.recipientName()).isNull();
        assertThat(erased.recipientEmail()).isNull();
        assertThat(erased.postalAddress()).isNull();
        assertThat(erased.unitId()).isEqualTo("a2");
        assertThat(erased.deliveryStatus()).isEqualTo(bob.deliveryStatus());
        AuditEvent event = centre.auditTrail(admin, sent.id()).get(centre.auditTrail(admin, sent.id()).size() - 1);
        assertThat(event.type()).isEqualTo(AuditEventType.PERSONAL_DATA_ERASED);
        assertThat(event.recipientId()).isEqualTo(bob.id());
        assertThat(event.actorUserId()).isEqualTo("admin-1");
        assertThat(event.details()).containsEntry("unitId", "a2").containsKeys("elementSha256", "recipientsSha256")
                .containsEntry("recipientsSha256Version", "4");
        assertThat(event.details().values()).noneMatch(v -> v.contains("Bob") || v.contains("bob@"));

        AuditVerification v = centre.verifyAuditTrail(member, List.of(before.checkpoint()));
        assertThat(v.intact()).as("%s", v.findings()).isTrue();
        verified(before);
        EvidencePack after = centre.evidencePack(member, sent.id());
        PackVerifier.Result result = verified(after);
        assertThat(after.jsonText()).doesNotContain("Bob Brown").doesNotContain("bob@example.com");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> recipients = (List<Map<String, Object>>) result.pack().get("recipients");
        assertThat(recipients.get(1)).containsEntry("erased", true).containsEntry("name", null)
                .containsEntry("unitId", "a2").containsEntry("deliveryStatus", "accepted");
        assertThat(recipients.get(0)).containsEntry("erased", false).containsEntry("name", "Alice Ames");
        assertThat(result.checks()).anyMatch(c -> c.startsWith("recipients: 3 (1 erased)"));
    }

    @Test
    void thePythonScriptAcceptsAnErasedRecipientsPack() throws Exception {
        Communication sent = sentThroughTheDispatcher();
        centre.erasePersonalData(admin, recipient(sent.id(), "a1").id());
        PythonPackCheck.Result run = PythonPackCheck.run(centre.evidencePack(member, sent.id()),
                CheckpointBehaviour.KEY.getPublic());
        assertThat(run.output()).startsWith("OK 8 events");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void erasingAgainChangesNothing() {
        Communication sent = sentThroughTheDispatcher();
        Recipient bob = recipient(sent.id(), "a2");
        Recipient once = centre.erasePersonalData(admin, bob.id());
        int events = centre.auditTrail(admin, sent.id()).size();
        assertThat(centre.erasePersonalData(admin, bob.id())).isEqualTo(once);
        assertThat(centre.auditTrail(admin, sent.id())).hasSize(events);
        assertThat(centre.verifyAuditTrail(member).intact()).isTrue();
    }

    @Test
    void onlyAnAdminErasesAndOnlyFromASentOrFailedCommunication() {
        Communication draft = draft();
        centre.addRecipients(admin, draft.id(), List.of("a1"));
        Recipient r = recipient(draft.id(), "a1");
        rejected(ErrorCode.CONFLICT, () -> centre.erasePersonalData(admin, r.id()));
        rejected(ErrorCode.FORBIDDEN, () -> centre.erasePersonalData(member, r.id()));
        rejected(ErrorCode.NOT_FOUND, () -> centre.erasePersonalData(admin, UUID.randomUUID()));
        rejected(ErrorCode.NOT_FOUND, () -> centre.erasePersonalData(otherAdmin, r.id()));
        expectError(ErrorCode.BAD_REQUEST, () -> centre.erasePersonalData(admin, null));
    }

    @Test
    void personalDataRemovedWithoutAnErasureEventIsFound() {
        Communication sent = sentThroughTheDispatcher();
        Recipient bob = recipient(sent.id(), "a2");
        try {
            tampering().rewriteRecipient(new Recipient(bob.id(), bob.organisationId(), bob.communicationId(), bob.unitId(),
                    bob.position(), null, null, bob.deliveryStatus(), bob.deliveredAt(), bob.openedAt(), bob.failureReason(),
                    bob.addedAt(), bob.updatedAt(), bob.addedBy(), bob.providerMessageId(), bob.dispatchAttempts(),
                    bob.nextAttemptAt(), null));
        } catch (UnsupportedOperationException unsupported) {
            Assumptions.abort(unsupported.getMessage());
        }
        AuditVerification v = centre.verifyAuditTrail(member);
        assertThat(v.findings()).anySatisfy(f -> assertThat(f.kind()).isEqualTo(Kind.RECIPIENTS_RECORD));
    }
}
