package io.github.commscentre.testkit;

import io.github.commscentre.spi.DeliveryChannel;
import io.github.commscentre.spi.DeliveryOutcome;
import io.github.commscentre.spi.OutgoingMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A delivery channel for host tests: it keeps every batch it is handed, answers each message as a script says
 * (accepted with the provider message id {@code "provider-" + idempotency key}, unless told otherwise), and can be
 * told that recipients without an email address cannot be reached, as an email channel would.
 * <pre>{@code
 * RecordingDeliveryChannel email = RecordingDeliveryChannel.acceptingAll().needingEmail();
 * CommunicationCentre centre = CommunicationCentre.builder()...deliveryChannel("email", email).build();
 * centre.send(admin, id);
 * centre.dispatchDue();
 * assertThat(email.messages()).extracting(OutgoingMessage::recipientEmail).contains("alice@example.com");
 * }</pre>
 * Thread-safe.
 */
public final class RecordingDeliveryChannel implements DeliveryChannel {

    /** What the channel does with one batch: answers it, or throws. */
    @FunctionalInterface
    public interface Script {
        /**
         * @param batch the messages handed over
         * @return the outcomes
         * @throws Exception to fail the whole call
         */
        List<DeliveryOutcome> answer(List<OutgoingMessage> batch) throws Exception;
    }

    private final List<List<OutgoingMessage>> batches = new CopyOnWriteArrayList<>();
    private volatile Script script;
    private volatile boolean needsEmail;

    private RecordingDeliveryChannel(Script script) {
        this.script = script;
    }

    /** @return a channel that accepts every message */
    public static RecordingDeliveryChannel acceptingAll() {
        return new RecordingDeliveryChannel(eachMessage(m -> DeliveryOutcome.accepted(m.recipientId(),
                "provider-" + m.idempotencyKey())));
    }

    /**
     * @param answer the outcome for each message
     * @return a channel that answers every message with {@code answer}
     */
    public static RecordingDeliveryChannel answering(Function<OutgoingMessage, DeliveryOutcome> answer) {
        return new RecordingDeliveryChannel(eachMessage(answer));
    }

    /** @param script what to do with each batch @return a channel following the script */
    public static RecordingDeliveryChannel scripted(Script script) {
        return new RecordingDeliveryChannel(Objects.requireNonNull(script, "script"));
    }

    /** @return this channel, now reporting recipients without an email address as unreachable */
    public RecordingDeliveryChannel needingEmail() {
        this.needsEmail = true;
        return this;
    }

    /** @param script what to do with the batches from now on */
    public void setScript(Script script) {
        this.script = Objects.requireNonNull(script, "script");
    }

    @Override
    public List<DeliveryOutcome> deliver(List<OutgoingMessage> messages) throws Exception {
        batches.add(List.copyOf(messages));
        return script.answer(messages);
    }

    @Override
    public String unreachableReason(OutgoingMessage message) {
        return needsEmail && message.recipientEmail() == null ? "no email address" : null;
    }

    /** @return every batch handed over so far, in the order they came */
    public List<List<OutgoingMessage>> batches() {
        return List.copyOf(batches);
    }

    /** @return every message handed over so far, in the order they came (a message handed twice appears twice) */
    public List<OutgoingMessage> messages() {
        List<OutgoingMessage> all = new ArrayList<>();
        batches.forEach(all::addAll);
        return all;
    }

    private static Script eachMessage(Function<OutgoingMessage, DeliveryOutcome> answer) {
        return batch -> batch.stream().map(answer).toList();
    }
}
