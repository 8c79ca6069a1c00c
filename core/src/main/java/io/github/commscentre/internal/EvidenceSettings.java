package io.github.commscentre.internal;

import io.github.commscentre.spi.CheckpointPublisher;

import java.time.Duration;
import java.util.Objects;

/**
 * What the builder was told about proof of service: the key that signs checkpoints (and the keys of earlier ones),
 * where each checkpoint goes, and how often one is made.
 *
 * @param signer        the signing key and the keys checked with; {@code canSign()} false when the host gave none
 * @param publisher     receives each checkpoint after its commit
 * @param everyEvents   a checkpoint once this many events were linked since the last one
 * @param everyInterval or once this long has passed since the last one, at the next linking
 */
public record EvidenceSettings(CheckpointSigner signer, CheckpointPublisher publisher, long everyEvents,
                               Duration everyInterval) {

    /** A checkpoint at least every 1,000 events. */
    public static final long DEFAULT_EVERY_EVENTS = 1_000;
    /** And at the first linking an hour after the last one. */
    public static final Duration DEFAULT_EVERY_INTERVAL = Duration.ofHours(1);

    /** Null and range checks. */
    public EvidenceSettings {
        Objects.requireNonNull(signer, "signer must not be null");
        Objects.requireNonNull(publisher, "publisher must not be null");
        Objects.requireNonNull(everyInterval, "everyInterval must not be null");
        if (everyEvents < 1) {
            throw new IllegalArgumentException("everyEvents must be at least 1: " + everyEvents);
        }
    }

    /** @return no key, no checkpoints, no tree: how a facade built without a checkpoint key works */
    public static EvidenceSettings none() {
        return new EvidenceSettings(new CheckpointSigner(null, java.util.List.of()), CheckpointPublisher.NONE,
                DEFAULT_EVERY_EVENTS, DEFAULT_EVERY_INTERVAL);
    }

    /** @return whether the tree is grown and checkpoints signed */
    boolean enabled() {
        return signer.canSign();
    }
}
