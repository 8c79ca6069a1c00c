package io.github.commscentre.internal;

import io.github.commscentre.spi.DeliveryChannel;
import io.github.commscentre.spi.DeliveryOutcome;
import io.github.commscentre.spi.OutgoingMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls a delivery channel on a thread of its own, so that a channel that hangs costs a batch's try-later answer after
 * the timeout rather than the dispatcher; whatever the channel does, the answer is one outcome per message. A channel
 * that throws, times out or leaves a message unanswered gets try later for it, with the reason.
 */
final class ChannelCalls {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelCalls.class);

    private final Duration timeout;
    private final ExecutorService threads = Executors.newCachedThreadPool(new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "commscentre-channel-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    });

    ChannelCalls(Duration timeout) {
        this.timeout = timeout;
    }

    /** @return the channel's outcome for each message, by recipient id */
    Map<UUID, DeliveryOutcome> deliver(String channelName, DeliveryChannel channel, List<OutgoingMessage> messages)
            throws InterruptedException {
        Map<UUID, DeliveryOutcome> byRecipient = new HashMap<>();
        if (messages.isEmpty()) {
            return byRecipient;
        }
        String unanswered;
        Future<List<DeliveryOutcome>> call = threads.submit(() -> channel.deliver(messages));
        try {
            List<DeliveryOutcome> outcomes = call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (outcomes != null) {
                for (DeliveryOutcome o : outcomes) {
                    if (o != null) {
                        byRecipient.putIfAbsent(o.recipientId(), o);
                    }
                }
            }
            unanswered = "the channel gave no answer for this message";
        } catch (TimeoutException e) {
            call.cancel(true);
            unanswered = "the channel did not answer within " + timeout;
            LOG.warn("delivery channel '{}' did not answer a batch of {} within {}: they will be tried again",
                    channelName, messages.size(), timeout);
        } catch (ExecutionException e) {
            unanswered = "the channel failed: " + e.getCause();
            LOG.warn("delivery channel '{}' failed on a batch of {}: {}; they will be tried again", channelName,
                    messages.size(), e.getCause().toString());
            LOG.debug("the channel's failure", e.getCause());
        }
        for (OutgoingMessage m : messages) {
            byRecipient.putIfAbsent(m.recipientId(), DeliveryOutcome.tryLater(m.recipientId(), unanswered));
        }
        return byRecipient;
    }

    void close() {
        threads.shutdownNow();
    }
}
