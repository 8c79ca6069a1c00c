package io.github.commscentre.spi;

import io.github.commscentre.SignedCheckpoint;

/**
 * Where the library hands each signed checkpoint, so that a copy lives outside the database: somewhere the database's
 * administrators cannot rewrite (an email to the organisation's own mailbox, a write-once bucket, a timestamping
 * authority, a public feed). A checkpoint kept only in the database it vouches for proves little against someone who can
 * delete it; kept elsewhere, it is what {@code verifyAuditTrail(caller, checkpoints)} and an evidence pack's reader hold
 * the chain against, years later.
 *
 * <p>Called once per checkpoint, after the transaction that stored it has committed, on the thread that linked the
 * events (a writer's, or the sweep's): keep it short, or hand the checkpoint to a queue of the host's own. What it
 * throws is logged and otherwise ignored: the checkpoint stays stored, and {@code latestCheckpoint} gives it again. A
 * publisher may see the same checkpoint twice (when asked for one on demand at a size already signed), never one that
 * was not stored.
 */
@FunctionalInterface
public interface CheckpointPublisher {

    /** Publishes nothing: checkpoints stay in the database only. */
    CheckpointPublisher NONE = checkpoint -> { };

    /**
     * @param checkpoint a checkpoint just stored
     */
    void publish(SignedCheckpoint checkpoint);
}
