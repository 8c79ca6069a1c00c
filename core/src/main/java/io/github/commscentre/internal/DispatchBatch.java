package io.github.commscentre.internal;

import io.github.commscentre.AuditEventType;
import io.github.commscentre.Communication;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.DispatchSettings;
import io.github.commscentre.Recipient;
import io.github.commscentre.internal.AuditChain.Details;
import io.github.commscentre.internal.AuditChain.Pending;
import io.github.commscentre.spi.DeliveryChannel;
import io.github.commscentre.spi.DeliveryOutcome;
import io.github.commscentre.spi.OutgoingMessage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One claimed batch of a communication's recipients: turned into messages, handed to the channel (those it can reach),
 * and the answers recorded in one unit of work with one {@code dispatch_batch} event. Only outcomes the claim still
 * owns are recorded: if the lease lapsed and another dispatcher took recipients over, their outcomes are that one's.
 */
final class DispatchBatch {

    /** The longest provider message id kept; longer ones are not a message id any provider gives, and are dropped. */
    static final int PROVIDER_MESSAGE_ID_MAX = 500;

    /** One letter per outcome in a {@code dispatch_batch} event's {@code outcomes}. */
    static final char ACCEPTED = 'a';
    static final char REJECTED = 'r';
    static final char UNREACHABLE = 'u';
    static final char GAVE_UP = 'g';
    static final char TRY_LATER = 't';

    private final Ports ports;
    private final Now now;
    private final AuditLog audit;
    private final DispatchSettings settings;
    private final ChannelCalls calls;
    private final RateLimits rateLimits;
    private final CorrelationTokens tokens;

    DispatchBatch(Ports ports, Now now, AuditLog audit, DispatchSettings settings, ChannelCalls calls, RateLimits rateLimits,
                  CorrelationTokens tokens) {
        this.tokens = tokens;
        this.ports = ports;
        this.now = now;
        this.audit = audit;
        this.settings = settings;
        this.calls = calls;
        this.rateLimits = rateLimits;
    }

    /** What a batch came to, counted over the outcomes that were recorded. */
    record Result(int accepted, int failed, int retried, int lost) {
    }

    Result run(String dispatcher, Communication c, DeliveryChannel channel, UUID claim, List<Recipient> batch)
            throws InterruptedException {
        List<OutgoingMessage> reachable = new ArrayList<>(batch.size());
        Map<UUID, String> unreachable = new java.util.HashMap<>();
        for (Recipient r : batch) {
            OutgoingMessage m = message(c, r);
            String why = channel.unreachableReason(m);
            if (why == null) {
                reachable.add(m);
            } else {
                unreachable.put(r.id(), why);
            }
        }
        rateLimits.acquire(c.channel(), reachable.size());
        Map<UUID, DeliveryOutcome> answers = calls.deliver(c.channel(), channel, reachable);

        Instant at = now.instant();
        List<Recipient> updated = new ArrayList<>(batch.size());
        StringBuilder letters = new StringBuilder(batch.size());
        for (Recipient r : batch) {
            String why = unreachable.get(r.id());
            DeliveryOutcome answer = why == null ? answers.get(r.id()) : null;
            char letter = why != null ? UNREACHABLE : letter(answer, r);
            letters.append(letter);
            updated.add(outcome(r, letter, answer, why, at));
        }
        return ports.writeDetached(c.organisationId(), tx -> {
            Set<UUID> recorded = tx.recordDispatchOutcomes(claim, updated);
            int accepted = 0;
            int failed = 0;
            int retried = 0;
            List<String> units = new ArrayList<>(recorded.size());
            StringBuilder recordedLetters = new StringBuilder(recorded.size());
            List<String> contentDigests = new ArrayList<>(recorded.size());
            boolean anyDigest = false;
            MessageDigest digest = Digests.sha256();
            for (int i = 0; i < batch.size(); i++) {
                Recipient r = batch.get(i);
                if (!recorded.contains(r.id())) {
                    continue;
                }
                char letter = letters.charAt(i);
                units.add(r.unitId());
                recordedLetters.append(letter);
                DeliveryOutcome answer = answers.get(r.id());
                String sent = letter == ACCEPTED && answer != null ? answer.contentSha256() : null;
                contentDigests.add(sent == null ? "-" : sent);
                anyDigest |= sent != null;
                digest.update((r.id() + " " + letter + "\n").getBytes(StandardCharsets.US_ASCII));
                if (letter == ACCEPTED) {
                    accepted++;
                } else if (letter == TRY_LATER) {
                    retried++;
                } else {
                    failed++;
                }
            }
            if (!units.isEmpty()) {
                audit.append(tx, dispatcher, at, List.of(new Pending(c.id(), null, AuditEventType.DISPATCH_BATCH,
                        new Details().put("count", units.size()).put("accepted", accepted).put("failed", failed)
                                .put("retried", retried).put("outcomes", recordedLetters)
                                .put("outcomesSha256", HexFormat.of().formatHex(digest.digest()))
                                .put("contentSha256s", anyDigest ? String.join(",", contentDigests) : null).map(), units)));
            }
            return new Result(accepted, failed, retried, batch.size() - recorded.size());
        });
    }

    private char letter(DeliveryOutcome answer, Recipient r) {
        return switch (answer.kind()) {
            case ACCEPTED -> ACCEPTED;
            case REJECTED -> REJECTED;
            case TRY_LATER -> r.dispatchAttempts() >= settings.maxAttempts() ? GAVE_UP : TRY_LATER;
        };
    }

    /** The recipient as the outcome leaves it; attempts as the claim counted them. */
    private Recipient outcome(Recipient r, char letter, DeliveryOutcome answer, String unreachable, Instant at) {
        int attempts = r.dispatchAttempts();
        return switch (letter) {
            case ACCEPTED -> r.withDelivery(DeliveryStatus.ACCEPTED, r.deliveredAt(), r.openedAt(), null, at)
                    .withDispatch(providerMessageId(answer.providerMessageId()), attempts, null);
            case TRY_LATER -> r.withDispatch(null, attempts, at.plus(settings.retryPause(attempts)));
            default -> r.withDelivery(DeliveryStatus.FAILED, r.deliveredAt(), r.openedAt(),
                    ProviderTexts.storable(failureReason(letter, answer, unreachable, attempts), Texts.REASON_MAX), at)
                    .withDispatch(null, attempts, null);
        };
    }

    private static String failureReason(char letter, DeliveryOutcome answer, String unreachable, int attempts) {
        return switch (letter) {
            case UNREACHABLE -> "unreachable on this channel: " + unreachable;
            case GAVE_UP -> "gave up after " + attempts + " attempts: " + reasonOf(answer);
            default -> "rejected by the provider: " + reasonOf(answer);
        };
    }

    private static String reasonOf(DeliveryOutcome answer) {
        return answer.reason() == null || answer.reason().isBlank() ? "no reason given" : answer.reason();
    }

    private static String providerMessageId(String id) {
        return id == null || id.length() > PROVIDER_MESSAGE_ID_MAX ? null : ProviderTexts.storable(id, PROVIDER_MESSAGE_ID_MAX);
    }

    private OutgoingMessage message(Communication c, Recipient r) {
        return new OutgoingMessage(c.organisationId(), c.id(), r.id(), r.id().toString(),
                tokens.token(c.organisationId(), r.id()), r.dispatchAttempts(),
                c.channel(), c.communicationType(), c.subject(), c.bodyHtml(), r.unitId(), r.recipientName(),
                r.recipientEmail(), r.postalAddress(), c.sendingStartedAt());
    }
}
