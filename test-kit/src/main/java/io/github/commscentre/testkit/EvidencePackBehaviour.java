package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.EvidencePack;
import io.github.commscentre.MerkleTree;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.MerkleNodeKey;
import io.github.commscentre.verify.PackVerifier;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.github.commscentre.testkit.BehaviourChecks.expectError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Evidence packs through the facade, on every store: a sent communication's pack holds its content, its recipients and
 * every event with its proof, and the offline verifier (which shares no code with the library) accepts it with the
 * organisation's public key; one byte edited, it refuses it.
 */
abstract class EvidencePackBehaviour extends BehaviourFixture {

    @Override
    protected CommunicationCentre centreOver(CommunicationStore s) {
        return CommunicationCentre.builder().store(s).directory(directory).clock(clock)
                .deliveryChannel("post", RecordingDeliveryChannel.acceptingAll())
                .deliveryChannel("email", RecordingDeliveryChannel.acceptingAll())
                .checkpointKey(CheckpointBehaviour.KEY).checkpointEvery(4, Duration.ofHours(1)).build();
    }

    /** Subject to the whole life of a letter: created, edited, three recipients, sent by the dispatcher, one delivered. */
    Communication sentThroughTheDispatcher() {
        Communication c = draft();
        tick();
        centre.update(admin, c.id(), CommunicationChanges.builder().subject("Section 20: roof and gutter works").build());
        tick();
        centre.addRecipients(admin, c.id(), List.of("a1", "a2", "a3"));
        tick();
        centre.send(admin, c.id());
        centre.dispatchDue(org);
        tick();
        UUID a1 = recipient(c.id(), "a1").id();
        centre.updateRecipientStatus(admin, a1, DeliveryStatus.DELIVERED);
        return centre.getById(admin, c.id()).communication();
    }

    static PackVerifier.Result verified(EvidencePack pack) {
        PackVerifier.Result result = PackVerifier.verify(pack.json(), CheckpointBehaviour.KEY.getPublic());
        assertThat(result.problems()).as("the offline verifier's problems").isEmpty();
        assertThat(result.verified()).isTrue();
        return result;
    }

    @Test
    void aSentCommunicationsPackVerifiesOfflineAndHoldsItsWholeStory() {
        Communication sent = sentThroughTheDispatcher();
        for (int i = 0; i < 20; i++) {
            draft(); // events after it: the proofs climb a taller tree than the communication's own events
        }
        EvidencePack pack = centre.evidencePack(member, sent.id());
        PackVerifier.Result result = verified(pack);
        Map<String, Object> json = result.pack();
        List<AuditEvent> trail = centre.auditTrail(admin, sent.id());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = (List<Map<String, Object>>) json.get("events");
        assertThat(events).extracting(e -> e.get("hash")).containsExactlyElementsOf(trail.stream().map(AuditEvent::hash).toList());
        assertThat(events).extracting(e -> e.get("type")).containsExactly("created", "updated", "recipients_added",
                "dispatch_started", "dispatch_batch", "sent", "recipient_status_changed");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> recipients = (List<Map<String, Object>>) json.get("recipients");
        assertThat(recipients).extracting(r -> r.get("name")).containsExactly("Alice Ames", "Bob Brown", "Carol Chen");
        assertThat(recipients).extracting(r -> r.get("deliveryStatus")).containsExactly("delivered", "accepted", "accepted");
        assertThat(json.get("communication")).isNotNull();
        assertThat(pack.checkpoint().treeSize()).isEqualTo(orgEvents().size());
        assertThat(pack.checkpoint().rootHash()).isEqualTo(CheckpointBehaviour.root(orgEvents()));
        assertThat(result.checks()).anyMatch(c -> c.startsWith("recipients: 3 (0 erased)"));
    }

    @Test
    void thePythonScriptAgreesWithTheJavaVerifierOnThisStoresPacks() throws Exception {
        Communication sent = sentThroughTheDispatcher();
        EvidencePack pack = centre.evidencePack(member, sent.id());
        PythonPackCheck.Result ok = PythonPackCheck.run(pack, CheckpointBehaviour.KEY.getPublic());
        assertThat(ok.output()).startsWith("OK 7 events of communication " + sent.id());
        assertThat(ok.exitCode()).isZero();
        PythonPackCheck.Result otherKey = PythonPackCheck.run(pack, CheckpointBehaviour.OTHER_KEY.getPublic());
        assertThat(otherKey.exitCode()).isEqualTo(1);
        assertThat(otherKey.output()).startsWith("REFUSED");
    }

    @Test
    void aPackEditedByOneByteIsRefused() {
        EvidencePack pack = centre.evidencePack(member, sentThroughTheDispatcher().id());
        String json = pack.jsonText();
        String edited = json.replace("Bob Brown", "Bob Browm");
        assertThat(edited).isNotEqualTo(json);
        assertThat(PackVerifier.verify(edited.getBytes(StandardCharsets.UTF_8), CheckpointBehaviour.KEY.getPublic())
                .verified()).isFalse();
        assertThat(PackVerifier.verify(pack.json(), CheckpointBehaviour.OTHER_KEY.getPublic()).verified()).isFalse();
    }

    @Test
    void anOlderPackStillVerifiesAfterTheChainGrew() {
        Communication sent = sentThroughTheDispatcher();
        EvidencePack before = centre.evidencePack(member, sent.id());
        for (int i = 0; i < 10; i++) {
            draft();
        }
        EvidencePack after = centre.evidencePack(member, sent.id());
        verified(before);
        verified(after);
        assertThat(after.checkpoint().treeSize()).isGreaterThan(before.checkpoint().treeSize());
        assertThat(centre.verifyAuditTrail(member, List.of(before.checkpoint(), after.checkpoint())).intact()).isTrue();
    }

    @Test
    void aDraftsAndADeletedCommunicationsPacksHoldWhatThereIs() {
        Communication draft = draft();
        centre.addRecipients(admin, draft.id(), List.of("b1"));
        PackVerifier.Result ofDraft = verified(centre.evidencePack(member, draft.id()));
        assertThat(ofDraft.checks()).anyMatch(c -> c.contains("not sent or failed"));
        Communication gone = draft();
        centre.delete(admin, gone.id());
        PackVerifier.Result ofDeleted = verified(centre.evidencePack(member, gone.id()));
        assertThat(ofDeleted.pack().get("communication")).isNull();
        assertThat(ofDeleted.checks()).anyMatch(c -> c.contains("deleted"));
    }

    @Test
    void aPackIsForTheCallersOrganisationAndNeedsAKey() {
        Communication sent = sentThroughTheDispatcher();
        expectError(ErrorCode.NOT_FOUND, () -> centre.evidencePack(otherMember, sent.id()));
        expectError(ErrorCode.NOT_FOUND, () -> centre.evidencePack(member, UUID.randomUUID()));
        expectError(ErrorCode.BAD_REQUEST, () -> centre.evidencePack(member, null));
        CommunicationCentre keyless = CommunicationCentre.builder().store(store).directory(directory).clock(clock).build();
        expectError(ErrorCode.UNAVAILABLE, () -> keyless.evidencePack(member, sent.id()));
    }

    @Test
    void noPackIsMadeFromATreeThatDisagreesWithItsCheckpoint() {
        for (int i = 0; i < 16; i++) {
            draft(); // the first 16 events: their subtree is the stored node every proof of a later event needs
        }
        Communication sent = sentThroughTheDispatcher();
        StoreTampering tampering = tampering();
        if (tampering == null) {
            return;
        }
        tampering.rewriteMerkleNode(org, new MerkleNodeKey(4, 0), MerkleTree.sha256Hex("forged"));
        expectError(ErrorCode.CONFLICT, () -> centre.evidencePack(member, sent.id()));
    }

    /** @return the suite's tampering, or {@code null} where a store offers none */
    abstract StoreTampering tampering();
}
