package io.github.commscentre.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A stored audit event row that cannot be read as an {@link io.github.commscentre.AuditEvent}, with whatever of it
 * could be read, so that the verifier can report it and go on checking the chain around it.
 *
 * @param sequence        its sequence, or 0 when it has none (a pending row) or the sequence itself is unreadable
 * @param id              its id, or {@code null} when unreadable
 * @param communicationId its communication, or {@code null} when unreadable
 * @param occurredAt      when it says it happened, or {@code null} when unreadable
 * @param previousHash    its stored previous hash as text, or {@code null}
 * @param hash            its stored hash as text, or {@code null}
 * @param problem         what could not be read, for the report (never the stored text itself, which may be large)
 */
public record MalformedAuditEvent(long sequence, UUID id, UUID communicationId, Instant occurredAt, String previousHash,
                                  String hash, String problem) {

    /** Requires the problem. */
    public MalformedAuditEvent {
        Objects.requireNonNull(problem, "problem must not be null");
    }
}
