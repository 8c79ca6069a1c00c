package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditFinding;
import io.github.commscentre.AuditFinding.Kind;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.MerkleTree;
import io.github.commscentre.SignedCheckpoint;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.MerkleNodeKey;
import org.junit.jupiter.api.Test;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.github.commscentre.testkit.BehaviourChecks.expectError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signed checkpoints: the library signs the Merkle root of each organisation's chain as it links (at the first linking,
 * then every three events here) and on demand, stores each checkpoint and hands it to the host's publisher after commit;
 * {@code verifyAuditTrail} then finds what a chain alone cannot show: a truncation, a rewind or a full recompute after a
 * checkpoint, against the stored checkpoints and against those the host kept elsewhere. Each tampering is also shown to
 * pass unnoticed by a facade without checkpoints, so that the test proves the checkpoints catch it.
 */
abstract class CheckpointBehaviour extends VerificationFixture {

    static final KeyPair KEY = keyPair();
    static final KeyPair OTHER_KEY = keyPair();

    /** What the publisher received, every organisation's. */
    final List<SignedCheckpoint> published = new CopyOnWriteArrayList<>();

    static KeyPair keyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected CommunicationCentre centreOver(CommunicationStore s) {
        return CommunicationCentre.builder().store(s).directory(directory).clock(clock)
                .deliveryChannel("post", RecordingDeliveryChannel.acceptingAll())
                .deliveryChannel("email", RecordingDeliveryChannel.acceptingAll())
                .checkpointKey(KEY).checkpointPublisher(published::add).checkpointEvery(3, Duration.ofHours(1)).build();
    }

    /** A facade over the same store without any checkpoint key: what a chain alone can tell. */
    CommunicationCentre withoutCheckpoints() {
        return CommunicationCentre.builder().store(store).directory(directory).clock(clock).build();
    }

    List<SignedCheckpoint> publishedOf(String organisationId) {
        return published.stream().filter(c -> c.organisationId().equals(organisationId)).toList();
    }

    static String root(List<AuditEvent> events) {
        return MerkleTree.root(events.stream().map(e -> MerkleTree.leafHash(e.hash())).toList());
    }

    static SignedCheckpoint signed(KeyPair key, String organisationId, long size, String root, Instant at) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key.getPrivate());
            signer.update(SignedCheckpoint.signedBytes(organisationId, size, root, at));
            return new SignedCheckpoint(organisationId, size, root, at, SignedCheckpoint.fingerprint(key.getPublic()),
                    Base64.getEncoder().encodeToString(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Expects a finding of the kind at the sequence (none: {@code null}) and no finding before that sequence. */
    static void expect(AuditVerification v, Kind kind, Long sequence) {
        assertThat(v.intact()).as("intact: %s", v.findings()).isFalse();
        assertThat(v.findings()).as("findings").anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(kind);
            if (sequence == null) {
                assertThat(f.sequence()).isEmpty();
            } else {
                assertThat(f.sequence()).hasValue(sequence);
            }
            assertThat(f.message()).isNotBlank();
        });
        if (sequence != null) {
            assertThat(v.firstBrokenSequence()).as("first broken sequence: %s", v.findings()).hasValue(sequence);
        }
    }

    @Test
    void aCheckpointIsSignedAtTheFirstLinkingThenEveryThreeEventsAndPublished() {
        assertThat(publishedOf(org)).extracting(SignedCheckpoint::treeSize).containsExactly(1L, 4L);
        assertThat(publishedOf(org).get(1).rootHash()).isEqualTo(root(chain.subList(0, 4)));
        assertThat(publishedOf(otherOrg)).extracting(SignedCheckpoint::treeSize).containsExactly(1L);
    }

    @Test
    void aCheckpointOnDemandSignsTheMerkleRootOfTheWholeChain() {
        tick();
        SignedCheckpoint c = centre.checkpoint(member);
        assertThat(c.organisationId()).isEqualTo(org);
        assertThat(c.treeSize()).isEqualTo(6);
        assertThat(c.rootHash()).isEqualTo(root(chain));
        assertThat(c.signedAt()).isEqualTo(now());
        assertThat(c.keyFingerprint()).isEqualTo(SignedCheckpoint.fingerprint(KEY.getPublic()));
        assertThat(c.hasValidSignature(KEY.getPublic())).isTrue();
        assertThat(c.hasValidSignature(OTHER_KEY.getPublic())).isFalse();
        assertThat(publishedOf(org)).last().isEqualTo(c);
        tick();
        assertThat(centre.checkpoint(admin)).as("nothing linked since: the same checkpoint").isEqualTo(c);
        assertThat(publishedOf(org)).hasSize(3);
        assertThat(centre.checkpoint(otherMember).treeSize()).as("the other organisation's own chain").isEqualTo(2);
        CommunicationCentre anotherInstance = centreOver(store);
        assertThat(anotherInstance.checkpoint(member)).as("another instance, nothing linked since").isEqualTo(c);
        tick();
        draft();
        SignedCheckpoint next = anotherInstance.checkpoint(member);
        assertThat(centre.checkpoint(member)).as("this instance, after the other signed size 7 on demand").isEqualTo(next);
    }

    @Test
    void aCheckpointNeedsAKey() {
        expectError(ErrorCode.UNAVAILABLE, () -> withoutCheckpoints().checkpoint(admin));
    }

    @Test
    void aSignatureThatIsNotForThoseValuesDoesNotVerify() {
        SignedCheckpoint c = centre.checkpoint(member);
        SignedCheckpoint altered = new SignedCheckpoint(c.organisationId(), c.treeSize() - 1, c.rootHash(), c.signedAt(),
                c.keyFingerprint(), c.signature());
        assertThat(altered.hasValidSignature(KEY.getPublic())).isFalse();
        SignedCheckpoint notBase64 = new SignedCheckpoint(c.organisationId(), c.treeSize(), c.rootHash(), c.signedAt(),
                c.keyFingerprint(), "not base64!");
        assertThat(notBase64.hasValidSignature(KEY.getPublic())).isFalse();
    }

    @Test
    void theChainVerifiesAgainstStoredAndSuppliedCheckpoints() {
        centre.checkpoint(admin);
        assertThat(centre.verifyAuditTrail(member, publishedOf(org))).isEqualTo(AuditVerification.intact(6));
        assertThat(centre.verifyAuditTrail(member, List.of())).isEqualTo(AuditVerification.intact(6));
    }

    @Test
    void aTruncationAfterACheckpointIsFound() {
        centre.checkpoint(admin);
        tampering().deleteAuditEvent(org, 6);
        tampering().deleteAuditEvent(org, 5);
        tampering().moveAuditChainHead(org, 4, chain.get(3).hash());
        assertThat(withoutCheckpoints().verifyAuditTrail(member).intact()).as("a chain alone cannot tell").isTrue();
        expect(centre.verifyAuditTrail(member), Kind.CHECKPOINT_TRUNCATED, 5L);
    }

    @Test
    void aRewindAfterACheckpointIsFound() {
        centre.checkpoint(admin);
        // Back to event 4, then a different event 5 and 6: as if history was rolled back and written again.
        recompute(5, e -> new AuditEvent(e.id(), e.organisationId(), e.sequence(), e.communicationId(), e.recipientId(),
                e.type(), "someone-else", e.occurredAt(), e.details(), e.unitIds(), e.previousHash(), e.hash()));
        assertThat(withoutCheckpoints().verifyAuditTrail(member).intact()).as("a chain alone cannot tell").isTrue();
        expect(centre.verifyAuditTrail(member), Kind.CHECKPOINT_MISMATCH, 5L);
    }

    @Test
    void aFullRecomputeAfterACheckpointIsFoundWhereItStarts() {
        centre.checkpoint(admin);
        recompute(2, e -> new AuditEvent(e.id(), e.organisationId(), e.sequence(), e.communicationId(), e.recipientId(),
                e.type(), e.actorUserId(), e.occurredAt().minusSeconds(86_400), e.details(), e.unitIds(), e.previousHash(),
                e.hash()));
        assertThat(withoutCheckpoints().verifyAuditTrail(member).intact()).as("a chain alone cannot tell").isTrue();
        AuditVerification v = centre.verifyAuditTrail(member);
        // Checkpoint 1 still agrees, checkpoints 4 and 6 do not: the damage starts after event 1.
        expect(v, Kind.CHECKPOINT_MISMATCH, 2L);
        assertThat(v.findings()).filteredOn(f -> f.kind() == Kind.CHECKPOINT_MISMATCH).hasSize(2);
    }

    @Test
    void checkpointsDeletedFromTheDatabaseAreMadeUpForByThoseKeptElsewhere() {
        centre.checkpoint(admin);
        List<SignedCheckpoint> keptElsewhere = new ArrayList<>(publishedOf(org));
        tampering().deleteCheckpoints(org);
        recompute(2, e -> new AuditEvent(e.id(), e.organisationId(), e.sequence(), e.communicationId(), e.recipientId(),
                e.type(), "someone-else", e.occurredAt(), e.details(), e.unitIds(), e.previousHash(), e.hash()));
        assertThat(centre.verifyAuditTrail(member).intact()).as("nothing left in the database to tell").isTrue();
        expect(centre.verifyAuditTrail(member, keptElsewhere), Kind.CHECKPOINT_MISMATCH, 2L);
        tampering().deleteAuditEvent(org, 6);
        tampering().moveAuditChainHead(org, 5, orgEvents().get(4).hash());
        expect(centre.verifyAuditTrail(member, keptElsewhere), Kind.CHECKPOINT_MISMATCH, 2L);
        assertThat(centre.verifyAuditTrail(member, keptElsewhere).findings()).extracting(AuditFinding::kind)
                .contains(Kind.CHECKPOINT_TRUNCATED);
    }

    @Test
    void aCheckpointThatCannotBeBelievedIsInvalidAndIgnored() {
        SignedCheckpoint forged = signed(OTHER_KEY, org, 5, root(chain.subList(0, 5)), now());
        store.write(org, tx -> {
            tx.insertCheckpoint(forged);
            return null;
        });
        AuditVerification v = centre.verifyAuditTrail(member);
        expect(v, Kind.CHECKPOINT_INVALID, null);
        assertThat(v.findings()).hasSize(1);
        assertThat(v.findings().get(0).message()).contains(forged.keyFingerprint());
    }

    @Test
    void aSuppliedCheckpointIsCheckedLikeAStoredOne() {
        SignedCheckpoint otherHistory = signed(KEY, org, 3, MerkleTree.sha256Hex("another history"), now());
        expect(centre.verifyAuditTrail(member, List.of(otherHistory)), Kind.CHECKPOINT_MISMATCH, 2L);
        SignedCheckpoint longer = signed(KEY, org, 9, MerkleTree.sha256Hex("a longer chain"), now());
        expect(centre.verifyAuditTrail(member, List.of(longer)), Kind.CHECKPOINT_TRUNCATED, 7L);
        SignedCheckpoint theirs = centre.checkpoint(otherAdmin);
        expect(centre.verifyAuditTrail(member, List.of(theirs)), Kind.CHECKPOINT_INVALID, null);
        SignedCheckpoint altered = new SignedCheckpoint(org, 4, root(chain.subList(0, 3)), publishedOf(org).get(1).signedAt(),
                publishedOf(org).get(1).keyFingerprint(), publishedOf(org).get(1).signature());
        expect(centre.verifyAuditTrail(member, List.of(altered)), Kind.CHECKPOINT_INVALID, null);
        expectError(ErrorCode.BAD_REQUEST, () -> centre.verifyAuditTrail(member, null));
        List<SignedCheckpoint> withNull = new ArrayList<>();
        withNull.add(null);
        expectError(ErrorCode.BAD_REQUEST, () -> centre.verifyAuditTrail(member, withNull));
    }

    @Test
    void anEarlierKeyStillVouchesForItsCheckpoints() {
        CommunicationCentre rotated = CommunicationCentre.builder().store(store).directory(directory).clock(clock)
                .checkpointKey(OTHER_KEY).previousCheckpointKeys(KEY.getPublic()).build();
        assertThat(rotated.verifyAuditTrail(member, publishedOf(org)).intact()).isTrue();
        CommunicationCentre forgetful = CommunicationCentre.builder().store(store).directory(directory).clock(clock)
                .checkpointKey(OTHER_KEY).build();
        expect(forgetful.verifyAuditTrail(member), Kind.CHECKPOINT_INVALID, null);
        CommunicationCentre verifyOnly = CommunicationCentre.builder().store(store).directory(directory).clock(clock)
                .previousCheckpointKeys(KEY.getPublic()).build();
        assertThat(verifyOnly.verifyAuditTrail(member).intact()).isTrue();
        expectError(ErrorCode.UNAVAILABLE, () -> verifyOnly.checkpoint(admin));
    }

    @Test
    void aStoredTreeNodeThatDisagreesWithTheChainIsFound() {
        for (int i = 0; i < 12; i++) {
            tick();
            centre.update(admin, draft.id(), CommunicationChanges.builder().notes("revision " + i).build());
        }
        assertThat(centre.verifyAuditTrail(member)).isEqualTo(AuditVerification.intact(18));
        tampering().rewriteMerkleNode(org, new MerkleNodeKey(4, 0), MerkleTree.sha256Hex("forged"));
        expect(centre.verifyAuditTrail(member), Kind.MERKLE_TREE, 1L);
    }

    @Test
    void twoInstancesWritingAtOnceGrowOneTreeThatEveryCheckpointAgreesWith() throws Exception {
        // Two facades over one store, as two instances of an application: each keeps its own edge of the tree in
        // memory, and must notice every time the other one linked in between.
        CommunicationCentre second = centreOver(store);
        List<CommunicationCentre> instances = List.of(centre, second);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                CommunicationCentre instance = instances.get(t % 2);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        instance.create(admin, notice("Notice " + i).build());
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        centre.linkPendingAuditEvents();
        SignedCheckpoint last = second.checkpoint(member);
        assertThat(last.treeSize()).isEqualTo(6 + 60);
        AuditVerification v = centre.verifyAuditTrail(member, publishedOf(org));
        assertThat(v.intact()).as("%s", v.findings()).isTrue();
        assertThat(v.eventsChecked()).isEqualTo(66);
        assertThat(publishedOf(org).size()).as("checkpoints at 1 and 4, then every 3 events or so, and the last")
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void aPublisherThatFailsLeavesTheCheckpointStoredAndTheWriteDone() {
        CommunicationCentre failing = CommunicationCentre.builder().store(store).directory(directory).clock(clock)
                .checkpointKey(KEY).checkpointPublisher(c -> {
                    throw new IllegalStateException("the mail server is down");
                }).build();
        String fresh = "org-" + java.util.UUID.randomUUID();
        failing.create(io.github.commscentre.Caller.admin(fresh, "admin-1"), notice("Works").build());
        assertThat(store.read(fresh, tx -> tx.latestCheckpoint()).orElseThrow().treeSize()).isEqualTo(1);
    }

    @Test
    void theBuilderRefusesAKeyPairThatIsNotEd25519OrDoesNotBelongTogether() throws GeneralSecurityException {
        KeyPair mixed = new KeyPair(KEY.getPublic(), OTHER_KEY.getPrivate());
        assertThatThrownBy(() -> CommunicationCentre.builder().store(store)
                        .directory(directory).checkpointKey(mixed).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not belong");
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        assertThatThrownBy(() -> CommunicationCentre.builder().store(store)
                        .directory(directory).checkpointKey(rsa).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Ed25519");
    }
}
