package io.github.commscentre.reliability.dispatch;

import io.github.commscentre.spi.OutgoingMessage;

import java.util.UUID;

/**
 * One message as a channel was handed it: by which dispatcher, to which recipient, with which idempotency key, at which
 * attempt. The channel's side of the story, which the suites compare with what the store recorded.
 *
 * @param by             the dispatcher (a facade, or a JVM)
 * @param recipientId    the message's recipient
 * @param idempotencyKey the key the provider would see
 * @param attempt        the message's attempt number
 */
record HandOver(String by, UUID recipientId, String idempotencyKey, int attempt) {

    /** @return the hand-over of {@code m} by {@code by} */
    static HandOver of(String by, OutgoingMessage m) {
        return new HandOver(by, m.recipientId(), m.idempotencyKey(), m.attempt());
    }

    /** @return the line the crashing dispatcher's channel appends to its file */
    String line() {
        return recipientId + " " + idempotencyKey + " " + attempt + "\n";
    }

    /** @return the hand-over a line of the file records, by {@code by} */
    static HandOver parse(String by, String line) {
        String[] parts = line.split(" ");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a hand-over line: '" + line + "'");
        }
        return new HandOver(by, UUID.fromString(parts[0]), parts[1], Integer.parseInt(parts[2]));
    }
}
