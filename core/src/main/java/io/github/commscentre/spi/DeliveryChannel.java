package io.github.commscentre.spi;

import java.util.List;

/**
 * A way of delivering messages (email, post, a portal, a host's own), registered on the builder by channel name
 * ({@code deliveryChannel("email", channel)}); the dispatcher hands it the messages of every communication whose
 * {@code channel} has that name.
 *
 * <p>The dispatcher calls {@link #deliver} outside any transaction, with a batch of messages of one communication, and
 * records the answers afterwards. A message can reach a channel more than once: when a dispatcher dies after the
 * provider accepted a batch but before the outcomes were recorded, another dispatcher hands the same messages again,
 * with the same {@link OutgoingMessage#idempotencyKey()}. A channel passes that key to its provider (an
 * {@code Idempotency-Key} header, a stable Message-ID) so that the provider, not the leaseholder, sees the repeat.
 *
 * <p>Implementations must be thread-safe: several dispatchers, or a dispatcher's several threads, may call them at
 * once.
 */
public interface DeliveryChannel {

    /**
     * Hands messages to the provider and answers for each one.
     *
     * @param messages one to a few hundred messages of one communication, in recipient order
     * @return one outcome per message, naming it by {@link OutgoingMessage#recipientId()}, in any order; a message
     *         without an outcome is taken as {@link DeliveryOutcome#tryLater} ("the channel gave no answer")
     * @throws Exception anything the channel cannot handle itself: the dispatcher takes every message of the batch as
     *                   try later, with the exception's message as the reason, and logs it
     */
    List<DeliveryOutcome> deliver(List<OutgoingMessage> messages) throws Exception;

    /**
     * Whether this channel can reach a recipient at all, asked before {@link #deliver}: a recipient it cannot reach
     * (no email address on an email channel) is marked failed with the reason, and never handed over.
     *
     * @param message a message about to be handed over
     * @return why the recipient cannot be reached, or {@code null} when it can (the default)
     */
    default String unreachableReason(OutgoingMessage message) {
        return null;
    }
}
