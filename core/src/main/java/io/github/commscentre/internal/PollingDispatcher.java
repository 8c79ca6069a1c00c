package io.github.commscentre.internal;

import io.github.commscentre.DispatchPoller;
import io.github.commscentre.DispatchReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Calls {@code dispatchDue()} on a daemon thread of its own, with a fixed pause between rounds. */
final class PollingDispatcher implements DispatchPoller {

    private static final Logger LOG = LoggerFactory.getLogger(PollingDispatcher.class);

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "commscentre-dispatch-poller");
        t.setDaemon(true);
        return t;
    });
    private final Duration stopWait;

    PollingDispatcher(Supplier<DispatchReport> round, Duration interval, Duration stopWait) {
        this.stopWait = stopWait;
        thread.scheduleWithFixedDelay(() -> {
            try {
                DispatchReport report = round.get();
                if (report.batches() > 0 || report.started() > 0) {
                    LOG.debug("dispatch round: {}", report);
                }
            } catch (RuntimeException e) {
                // the next round tries again; leases keep every recipient safe meanwhile
                LOG.warn("a dispatch round failed, the next one tries again: {}", e.toString());
            }
        }, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean isRunning() {
        return !thread.isShutdown();
    }

    @Override
    public void stop() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(stopWait.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
