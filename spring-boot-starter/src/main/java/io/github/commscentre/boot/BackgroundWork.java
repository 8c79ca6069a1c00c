package io.github.commscentre.boot;

import io.github.commscentre.CommunicationCentre;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The library's work on threads of its own while the application runs: dispatch rounds ({@code dispatchDue()}) and
 * the sweep that links audit events a stopped process left pending ({@code linkPendingAuditEvents()}), each with a
 * fixed pause after the previous run. Started when the context has refreshed, stopped when it closes (before the
 * database goes), letting a round under way finish up to the channel timeout.
 */
final class BackgroundWork implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundWork.class);

    private final CommunicationCentre centre;
    private final CommunicationCentreProperties properties;
    private final DispatchActivity activity;
    private volatile ScheduledExecutorService threads;

    BackgroundWork(CommunicationCentre centre, CommunicationCentreProperties properties, DispatchActivity activity) {
        this.centre = centre;
        this.properties = properties;
        this.activity = activity;
    }

    @Override
    public synchronized void start() {
        if (threads != null) {
            return;
        }
        AtomicInteger count = new AtomicInteger();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "commscentre-background-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        CommunicationCentreProperties.Dispatch dispatch = properties.getDispatch();
        if (dispatch.isEnabled()) {
            executor.scheduleWithFixedDelay(this::dispatchRound, 0, dispatch.getInterval().toNanos(), TimeUnit.NANOSECONDS);
            activity.pollingStarted();
        }
        CommunicationCentreProperties.AuditLinking linking = properties.getAuditLinking();
        if (linking.isEnabled()) {
            long interval = linking.getInterval().toNanos();
            executor.scheduleWithFixedDelay(this::linkingSweep, interval, interval, TimeUnit.NANOSECONDS);
        }
        threads = executor;
    }

    private void dispatchRound() {
        activity.roundStarted();
        try {
            centre.dispatchDue();
            activity.roundSucceeded();
        } catch (RuntimeException e) {
            activity.roundFailed(e);
            // The next round tries again; leases keep every claimed recipient safe meanwhile.
            LOG.warn("a dispatch round failed, the next one tries again: {}", e.toString());
        }
    }

    private void linkingSweep() {
        try {
            centre.linkPendingAuditEvents();
        } catch (RuntimeException e) {
            LOG.warn("linking pending audit events failed, the next sweep tries again: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService executor = threads;
        if (executor == null) {
            return;
        }
        threads = null;
        activity.pollingStopped();
        executor.shutdown();
        Duration wait = properties.getDispatch().getChannelTimeout().plusSeconds(10);
        try {
            if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return threads != null;
    }
}
