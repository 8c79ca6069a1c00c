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
 * @param contentSha256     when accepted: the SHA-256 (64 lower-case hex digits) of exactly what was handed over
 *                          (the rendered letter's PDF, say), recorded in the audit trail so that the copy shown
 *                          later can be proved to be the one sent; otherwise {@code null}
 */
public record DeliveryOutcome(UUID recipientId, Kind kind, String providerMessageId, String reason,
                              String contentSha256) {

    /** What the provider said. */
    public enum Kind {
        /** The provider took the message; the recipient becomes {@code accepted}. */
        ACCEPTED,
        /** The provider refused it for good (a 5xx SMTP reply, an invalid address); the recipient becomes {@code failed}. */
        REJECTED,
        /** Not now (a 4xx SMTP reply, a rate limit, a timeout): the dispatcher tries again after a pause. */
        TRY_LATER
    }

    /** Null checks, and the digest's form. */
    public DeliveryOutcome {
        Objects.requireNonNull(recipientId, "recipientId must not be null");
        Objects.requireNonNull(kind, "kind must not be null");
        if (contentSha256 != null && !contentSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("contentSha256 must be 64 lower-case hex digits: " + contentSha256);
        }
    }

    /**
     * @param recipientId       the message's recipient id
     * @param providerMessageId the provider's id for the message, or {@code null}
     * @param contentSha256     the SHA-256 of what was handed over, in lower-case hex
     * @return an accepted outcome that proves what was sent
     */
    public static DeliveryOutcome accepted(UUID recipientId, String providerMessageId, String contentSha256) {
        return new DeliveryOutcome(recipientId, Kind.ACCEPTED, providerMessageId, null,
                Objects.requireNonNull(contentSha256, "contentSha256 must not be null"));
    }

    /**
     * @param recipientId       the message's recipient id
     * @param providerMessageId the provider's id for the message, or {@code null} if it gives none
     * @return an accepted outcome
     */
    public static DeliveryOutcome accepted(UUID recipientId, String providerMessageId) {
        return new DeliveryOutcome(recipientId, Kind.ACCEPTED, providerMessageId, null, null);
    }

    /**
     * @param recipientId the message's recipient id
     * @param reason      why the provider refused it
     * @return a permanent refusal
     */
    public static DeliveryOutcome rejected(UUID recipientId, String reason) {
        return new DeliveryOutcome(recipientId, Kind.REJECTED, null, reason, null);
    }

    /**
     * @param recipientId the message's recipient id
     * @param reason      why it should be tried again later
     * @return a try-later answer
     */
    public static DeliveryOutcome tryLater(UUID recipientId, String reason) {
        return new DeliveryOutcome(recipientId, Kind.TRY_LATER, null, reason, null);
    }
}
