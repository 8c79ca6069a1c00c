package io.github.commscentre.boot;

import java.time.Duration;
import java.util.Optional;

/**
 * What the starter's dispatch poller has been doing, for the health indicator: when the last round started and ended,
 * whether it failed, and how many failed in a row. Measured on the JVM's monotonic clock, not the facade's
 * {@code Clock}, which a host may have stopped or set in tests.
 */
public final class DispatchActivity {

    private final long createdAt = System.nanoTime();
    private volatile boolean polling;
    private volatile long roundStartedAt;
    private volatile long roundEndedAt;
    private volatile boolean roundRunning;
    private volatile String lastFailure;
    private volatile int failuresInARow;

    void pollingStarted() {
        polling = true;
    }

    void pollingStopped() {
        polling = false;
    }

    void roundStarted() {
        roundStartedAt = System.nanoTime();
        roundRunning = true;
    }

    void roundSucceeded() {
        roundEndedAt = System.nanoTime();
        roundRunning = false;
        failuresInARow = 0;
        lastFailure = null;
    }

    void roundFailed(RuntimeException failure) {
        roundEndedAt = System.nanoTime();
        roundRunning = false;
        failuresInARow++;
        lastFailure = failure.toString();
    }

    /** @return whether the poller runs on this instance */
    public boolean polling() {
        return polling;
    }

    /** @return how long the round under way has been running, if one is */
    public Optional<Duration> currentRoundRunningFor() {
        return roundRunning ? Optional.of(Duration.ofNanos(System.nanoTime() - roundStartedAt)) : Optional.empty();
    }

    /** @return how long ago the last round ended, or since the poller was created if none has */
    public Duration sinceLastRoundEnded() {
        long since = roundEndedAt == 0 ? createdAt : roundEndedAt;
        return Duration.ofNanos(System.nanoTime() - since);
    }

    /** @return whether any round has ended yet */
    public boolean anyRoundEnded() {
        return roundEndedAt != 0;
    }

    /** @return rounds that failed since the last one that succeeded */
    public int failuresInARow() {
        return failuresInARow;
    }

    /** @return the last round's failure, if it failed */
    public Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }
}
