package io.github.commscentre.internal;

import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.SignedCheckpoint;
import io.github.commscentre.spi.AuditChainHead;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Signed checkpoints on demand: links what is pending, then signs the chain as it ends, under the chain lock (or gives
 * the latest checkpoint back when it already has that size).
 */
final class Checkpointing {

    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Ports ports;
    private final AuditLinker linker;
    private final AuditTreeGrowth growth;
    private final EvidenceSettings settings;

    Checkpointing(Ports ports, AuditLinker linker, AuditTreeGrowth growth, EvidenceSettings settings) {
        this.ports = ports;
        this.linker = linker;
        this.growth = growth;
        this.settings = settings;
    }

    SignedCheckpoint checkpoint(Caller caller) {
        return checkpointOf(Callers.reader(caller));
    }

    /** Also what an evidence pack leads to: a checkpoint of everything linked when it was asked for. */
    SignedCheckpoint checkpointOf(String organisationId) {
        requireKey(settings);
        ports.linkOrganisation(linker, organisationId);
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        while (true) {
            Optional<SignedCheckpoint> made = ports.writeDetached(organisationId, tx -> {
                Optional<AuditChainHead> head = tx.tryLockAuditChain();
                return head.map(h -> growth.checkpointNow(tx, h));
            });
            if (made.isPresent()) {
                return made.get();
            }
            if (System.nanoTime() > deadline) {
                throw CommunicationCentreException.unavailable("the audit chain of organisation " + organisationId
                        + " stayed locked by other linkers for 10 s: try again", null);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CommunicationCentreException.unavailable("interrupted while waiting for the audit chain", e);
            }
        }
    }

    static void requireKey(EvidenceSettings settings) {
        if (!settings.enabled()) {
            throw CommunicationCentreException.unavailable("no checkpoint key was given to the builder:"
                    + " pass an Ed25519 key pair to checkpointKey(...) for checkpoints and evidence packs", null);
        }
    }
}
