package io.github.commscentre.spi;

import java.util.Objects;
import java.util.UUID;

/**
 * A {@link DeliveryChannel}'s answer for one message.
 *
 * @param recipientId       the message's {@link OutgoingMessage#recipientId()}
 * @param kind              accepted, rejected or try later
 * @param providerMessageId the provider's id of the message, when accepted (optional even then); otherwise {@code null}
 * @param reason            why it was rejected or must be tried later; {@code null} when accepted
 */
public record DeliveryOutcome(UUID recipientId, Kind kind, String providerMessageId, String reason) {

    /** What the provider said. */
    public enum Kind {
        /** The provider took the message; the recipient becomes {@code accepted}. */
        ACCEPTED,
        /** The provider refused it for good (a 5xx SMTP reply, an invalid address); the recipient becomes {@code failed}. */
        REJECTED,
        /** Not now (a 4xx SMTP reply, a rate limit, a timeout): the dispatcher tries again after a pause. */
        TRY_LATER
    }

    /** Null checks. */
    public DeliveryOutcome {
        Objects.requireNonNull(recipientId, "recipientId must not be null");
        Objects.requireNonNull(kind, "kind must not be null");
    }

    /**
     * @param recipientId       the message's recipient id
     * @param providerMessageId the provider's id for the message, or {@code null} if it gives none
     * @return an accepted outcome
     */
    public static DeliveryOutcome accepted(UUID recipientId, String providerMessageId) {
        return new DeliveryOutcome(recipientId, Kind.ACCEPTED, providerMessageId, null);
    }

    /**
     * @param recipientId the message's recipient id
     * @param reason      why the provider refused it
     * @return a permanent refusal
     */
    public static DeliveryOutcome rejected(UUID recipientId, String reason) {
        return new DeliveryOutcome(recipientId, Kind.REJECTED, null, reason);
    }

    /**
     * @param recipientId the message's recipient id
     * @param reason      why it should be tried again later
     * @return a try-later answer
     */
    public static DeliveryOutcome tryLater(UUID recipientId, String reason) {
        return new DeliveryOutcome(recipientId, Kind.TRY_LATER, null, reason);
    }
}
