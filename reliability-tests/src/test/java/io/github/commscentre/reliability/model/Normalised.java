package io.github.commscentre.reliability.model;

import io.github.commscentre.AuditEventType;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Values as the differential test compares them: library ids replaced by handles (the n-th communication or
 * recipient created in the run), because UUIDv7 random bits differ from store to store while creation order
 * does not.
 */
public final class Normalised {

    private Normalised() {
    }

    /** A communication; {@code handle} stands for its id. */
    public record Comm(int handle, String organisationId, CommunicationType type, String subject, String bodyHtml,
                       String blockId, String unitId, String channel, CommunicationStatus status, Instant scheduledAt,
                       Instant sentAt, String sentBy, Instant failedAt, String failureReason, String notes,
                       String createdBy, Instant createdAt, Instant updatedAt, long version) {

        /** @return this communication as a listing gives it: without its body */
        public Comm withoutBody() {
            return new Comm(handle, organisationId, type, subject, null, blockId, unitId, channel, status, scheduledAt,
                    sentAt, sentBy, failedAt, failureReason, notes, createdBy, createdAt, updatedAt, version);
        }
    }

    /** A recipient; {@code handle} and {@code communication} stand for the ids. */
    public record Rec(int handle, String organisationId, int communication, String unitId, long position,
                      String name, String email, DeliveryStatus status, Instant deliveredAt, Instant openedAt,
                      String failureReason, Instant addedAt, Instant updatedAt, String addedBy) {
    }

    /** getById's answer. */
    public record Details(Comm communication, long recipientCount, Map<DeliveryStatus, Long> deliveryCounts,
                          long recipientsWithoutEmail) {
    }

    /** A page: its items, whether there is a next one, and whether a cursor came with it. */
    public record PageOf<T>(List<T> items, boolean hasNext, boolean cursorPresent) {
    }

    /**
     * An audit event. The event's own id is left out (never referenced elsewhere); {@code hashMatches} says
     * whether the stored hash equals the independently recomputed one.
     */
    public record Event(String organisationId, long sequence, int communication, Integer recipient, AuditEventType type,
                        String actor, Instant occurredAt, Map<String, String> details, List<String> unitIds,
                        boolean hashMatches) {
    }

    /** verifyAuditTrail's answer. */
    public record Verification(boolean intact, long eventsChecked, Long firstBrokenSequence) {
    }
}
