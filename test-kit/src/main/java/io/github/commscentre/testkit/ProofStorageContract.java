package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.SignedCheckpoint;
import io.github.commscentre.spi.MerkleHashes;
import io.github.commscentre.spi.MerkleNode;
import io.github.commscentre.spi.MerkleNodeKey;
import io.github.commscentre.spi.StoreTransaction;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.github.commscentre.testkit.StoreTestData.auditEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Proof of service: the stored nodes of an organisation's Merkle tree and its signed checkpoints. A proof reads the
 * nodes and the events' hashes it needs in one call, by key, and gets exactly what is stored; nodes and checkpoints are
 * written once, undone with their transaction, and never seen by another organisation.
 */
abstract class ProofStorageContract extends StoreContractFixture {

    private static final String ROOT = StoreTestData.hash("root");

    private static MerkleNode node(int level, long index, String text) {
        return new MerkleNode(new MerkleNodeKey(level, index), StoreTestData.hash(text));
    }

    private SignedCheckpoint checkpoint(String organisationId, long size) {
        return new SignedCheckpoint(organisationId, size, ROOT, Instant.parse("2030-01-02T03:04:05.123456Z").plusSeconds(size),
                StoreTestData.hash("key"), "c2lnbmF0dXJl" + size);
    }

    /** Links three events of {@link #org}, returned in sequence order. */
    private List<AuditEvent> threeLinkedEvents() {
        UUID communication = UUID.randomUUID();
        List<AuditEvent> events = new ArrayList<>();
        String previous = AuditEvent.GENESIS_HASH;
        for (long s = 1; s <= 3; s++) {
            AuditEvent e = auditEvent(org, s, communication).buildPending().linkedAt(s, previous, StoreTestData.hash("event " + s));
            events.add(e);
            previous = e.hash();
        }
        append(org, events.toArray(new AuditEvent[0]));
        return events;
    }

    @Test
    void nodesAndEventHashesAreReadByKeyInOneCall() {
        List<AuditEvent> events = threeLinkedEvents();
        write(org, tx -> tx.insertMerkleNodes(List.of(node(4, 0, "a"), node(4, 1, "b"), node(5, 0, "c"))));
        MerkleHashes read = read(org, (StoreTransaction tx) -> tx.readMerkleHashes(
                List.of(new MerkleNodeKey(4, 1), new MerkleNodeKey(5, 0), new MerkleNodeKey(6, 0), new MerkleNodeKey(4, 7)),
                List.of(1L, 3L, 4L)));
        assertThat(read.nodes()).isEqualTo(Map.of(new MerkleNodeKey(4, 1), StoreTestData.hash("b"),
                new MerkleNodeKey(5, 0), StoreTestData.hash("c")));
        assertThat(read.eventHashes()).isEqualTo(Map.of(1L, events.get(0).hash(), 3L, events.get(2).hash()));
        assertThat(read(org, (StoreTransaction tx) -> tx.readMerkleHashes(List.of(), List.of(2L))).eventHashes())
                .isEqualTo(Map.of(2L, events.get(1).hash()));
        assertThat(read(org, (StoreTransaction tx) -> tx.readMerkleHashes(List.of(new MerkleNodeKey(4, 0)), List.of())).nodes())
                .isEqualTo(Map.of(new MerkleNodeKey(4, 0), StoreTestData.hash("a")));
    }

    @Test
    void pendingEventsHaveNoHashToRead() {
        UUID communication = UUID.randomUUID();
        write(org, tx -> tx.appendAuditEvents(List.of(auditEvent(org, 1, communication).buildPending())));
        assertThat(read(org, (StoreTransaction tx) -> tx.readMerkleHashes(List.of(), List.of(1L))).eventHashes()).isEmpty();
    }

    @Test
    void aNodeIsStoredOnceAndARepeatStoresNothingOfItsBatch() {
        write(org, tx -> tx.insertMerkleNodes(List.of(node(4, 0, "a"))));
        Throwable thrown = catchThrowable(() -> write(org, tx -> tx.insertMerkleNodes(List.of(node(4, 1, "b"), node(4, 0, "other")))));
        assertThat(thrown).isInstanceOf(CommunicationCentreException.class);
        assertThat(((CommunicationCentreException) thrown).code()).isEqualTo(ErrorCode.CONFLICT);
        MerkleHashes read = read(org, (StoreTransaction tx) -> tx.readMerkleHashes(
                List.of(new MerkleNodeKey(4, 0), new MerkleNodeKey(4, 1)), List.of()));
        assertThat(read.nodes()).isEqualTo(Map.of(new MerkleNodeKey(4, 0), StoreTestData.hash("a")));
    }

    @Test
    void nodesAndCheckpointsOfARolledBackWriteAreGone() {
        RuntimeException failure = new IllegalStateException("the work failed");
        Throwable thrown = catchThrowable(() -> write(org, tx -> {
            tx.insertMerkleNodes(List.of(node(4, 0, "a")));
            tx.insertCheckpoint(checkpoint(org, 16));
            throw failure;
        }));
        assertThat(thrown).isSameAs(failure);
        assertThat(read(org, (StoreTransaction tx) -> tx.readMerkleHashes(List.of(new MerkleNodeKey(4, 0)), List.of())).nodes())
                .isEmpty();
        assertThat(read(org, StoreTransaction::latestCheckpoint)).isEmpty();
    }

    @Test
    void checkpointsComeBackExactlyBySize() {
        assertThat(read(org, StoreTransaction::latestCheckpoint)).isEmpty();
        assertThat(read(org, (StoreTransaction tx) -> tx.firstCheckpointCovering(1))).isEmpty();
        SignedCheckpoint one = checkpoint(org, 1);
        SignedCheckpoint four = checkpoint(org, 4);
        SignedCheckpoint nine = checkpoint(org, 9);
        write(org, tx -> tx.insertCheckpoint(four));
        write(org, tx -> tx.insertCheckpoint(one));
        write(org, tx -> tx.insertCheckpoint(nine));
        assertThat(read(org, StoreTransaction::latestCheckpoint)).contains(nine);
        assertThat(read(org, (StoreTransaction tx) -> tx.firstCheckpointCovering(2))).contains(four);
        assertThat(read(org, (StoreTransaction tx) -> tx.firstCheckpointCovering(4))).contains(four);
        assertThat(read(org, (StoreTransaction tx) -> tx.firstCheckpointCovering(1))).contains(one);
        assertThat(read(org, (StoreTransaction tx) -> tx.firstCheckpointCovering(10))).isEmpty();
        List<SignedCheckpoint> all = new ArrayList<>();
        store().read(org, tx -> {
            tx.forEachCheckpoint(all::add);
            return null;
        });
        assertThat(all).containsExactly(one, four, nine);
    }

    @Test
    void aSecondCheckpointOfTheSameSizeIsAConflict() {
        write(org, tx -> tx.insertCheckpoint(checkpoint(org, 5)));
        Throwable thrown = catchThrowable(() -> write(org, tx -> tx.insertCheckpoint(
                new SignedCheckpoint(org, 5, StoreTestData.hash("other"), Instant.parse("2031-01-01T00:00:00Z"), "f", "s"))));
        assertThat(thrown).isInstanceOf(CommunicationCentreException.class);
        assertThat(((CommunicationCentreException) thrown).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(read(org, StoreTransaction::latestCheckpoint)).contains(checkpoint(org, 5));
    }

    @Test
    void manyCheckpointsStreamInSizeOrder() {
        write(org, tx -> {
            for (long size = 2_500; size >= 1; size--) {
                tx.insertCheckpoint(checkpoint(org, size));
            }
        });
        List<Long> sizes = new ArrayList<>();
        store().read(org, tx -> {
            tx.forEachCheckpoint(c -> sizes.add(c.treeSize()));
            return null;
        });
        assertThat(sizes).hasSize(2_500).isSorted().startsWith(1L).endsWith(2_500L);
    }

    @Test
    void anotherOrganisationSeesNoneOfThemAndCannotWriteThem() {
        threeLinkedEvents();
        write(org, tx -> tx.insertMerkleNodes(List.of(node(4, 0, "a"))));
        write(org, tx -> tx.insertCheckpoint(checkpoint(org, 3)));
        MerkleHashes theirs = read(otherOrg, (StoreTransaction tx) -> tx.readMerkleHashes(List.of(new MerkleNodeKey(4, 0)),
                List.of(1L, 2L, 3L)));
        assertThat(theirs.nodes()).isEmpty();
        assertThat(theirs.eventHashes()).isEmpty();
        assertThat(read(otherOrg, StoreTransaction::latestCheckpoint)).isEmpty();
        assertThat(read(otherOrg, (StoreTransaction tx) -> tx.firstCheckpointCovering(0))).isEmpty();
        assertThatThrownBy(() -> write(otherOrg, tx -> tx.insertCheckpoint(checkpoint(org, 7))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(read(org, (StoreTransaction tx) -> tx.firstCheckpointCovering(4))).isEqualTo(Optional.empty());
    }

    @Test
    void aCheckpointKeepsItsInstantToTheMicrosecond() {
        SignedCheckpoint c = new SignedCheckpoint(org, 1, ROOT, Instant.parse("2030-05-06T07:08:09.987654321Z"),
                StoreTestData.hash("key"), "c2ln");
        write(org, tx -> tx.insertCheckpoint(c));
        assertThat(read(org, StoreTransaction::latestCheckpoint).orElseThrow().signedAt())
                .isEqualTo(Instant.parse("2030-05-06T07:08:09.987654Z"));
    }
}
