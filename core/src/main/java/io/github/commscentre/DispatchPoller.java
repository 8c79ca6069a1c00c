package io.github.commscentre;

/**
 * The built-in poller of {@link CommunicationCentre#startDispatchPoller}: calls {@code dispatchDue()} on a thread of
 * its own, with a fixed pause between rounds, until stopped. A host with a scheduler of its own (Spring's
 * {@code @Scheduled}, Quartz, db-scheduler) calls {@code dispatchDue()} from it instead.
 */
public interface DispatchPoller extends AutoCloseable {

    /** @return whether it still polls */
    boolean isRunning();

    /** Stops polling, letting a round under way finish (waiting for it up to the channel timeout). Idempotent. */
    void stop();

    /** The same as {@link #stop()}. */
    @Override
    default void close() {
        stop();
    }
}
