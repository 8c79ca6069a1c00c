package io.github.commscentre.testkit;

import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.PostalAddress;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.StoreTransaction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Small builders of stored rows for store tests. Everything a builder does not get told is filled with a
 * plausible value; instants are already truncated to microseconds, as the facade hands them to a store.
 * Public so that a store's own tests can use them beside the contract suite.
 */
public final class StoreTestData {

    /** A fixed, microsecond-precise base instant. */
    public static final Instant BASE = Instant.parse("2026-03-01T09:15:30.123456Z");

    /** Newest first, as {@link StoreTransaction#listCommunications} orders: createdAt, then unsigned id, descending. */
    public static final Comparator<Communication> NEWEST_FIRST = (a, b) -> {
        int byTime = b.createdAt().compareTo(a.createdAt());
        return byTime != 0 ? byTime : compareUnsigned(b.id(), a.id());
    };

    private StoreTestData() {
    }

    /** @return the communications as a listing gives them: in the same order, without their bodies */
    public static List<CommunicationSummary> summaries(List<Communication> communications) {
        return communications.stream().map(CommunicationSummary::of).toList();
    }

    /** @return the communications as a listing gives them: in the same order, without their bodies */
    public static List<CommunicationSummary> summaries(Communication... communications) {
        return summaries(List.of(communications));
    }

    /** @return a fresh organisation id, so that tests can share one store without cleaning up */
    public static String newOrganisationId() {
        return "org-" + UUID.randomUUID();
    }

    /** @return a random id whose most significant bit is set: negative as a signed long, the largest unsigned */
    public static UUID highBitId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong() | Long.MIN_VALUE, random.nextLong());
    }

    /** @return a random id whose most significant bit is clear */
    public static UUID lowBitId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong() & Long.MAX_VALUE, random.nextLong());
    }

    /** @return {@code a} compared with {@code b} as unsigned 128-bit numbers, as PostgreSQL and H2 order uuid */
    public static int compareUnsigned(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    /** @return a 64-character lower-case hex string derived from {@code text}, standing in for a facade hash */
    public static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param organisationId the organisation @return a builder of a draft communication created at {@link #BASE} */
    public static CommunicationBuilder communication(String organisationId) {
        return new CommunicationBuilder(organisationId);
    }

    /**
     * @param communication the communication it belongs to
     * @param unitId        the unit
     * @param position      its position
     * @return a builder of a pending recipient
     */
    public static RecipientBuilder recipient(Communication communication, String unitId, long position) {
        return new RecipientBuilder(communication.organisationId(), communication.id(), unitId, position);
    }

    /**
     * @param organisationId  the organisation
     * @param sequence        its sequence
     * @param communicationId the communication it concerns
     * @return a builder of a {@code created} event whose previous hash and hash derive from the sequence
     */
    public static AuditEventBuilder auditEvent(String organisationId, long sequence, UUID communicationId) {
        return new AuditEventBuilder(organisationId, sequence, communicationId);
    }

    /** Builds a {@link Communication}. */
    public static final class CommunicationBuilder {
        private UUID id = UUID.randomUUID();
        private final String organisationId;
        private CommunicationType communicationType = CommunicationType.NOTICE;
        private String subject = "Section 20: roof works";
        private String bodyHtml = "<p>Dear leaseholder</p>";
        private String blockId;
        private String unitId;
        private String channel = "email";
        private CommunicationStatus status = CommunicationStatus.DRAFT;
        private Instant scheduledAt;
        private Instant sentAt;
        private String sentBy;
        private Instant failedAt;
        private String failureReason;
        private String notes;
        private String createdBy = "user-1";
        private Instant createdAt = BASE;
        private Instant updatedAt = BASE;
        private long version;
        private Instant sendingStartedAt;

        private CommunicationBuilder(String organisationId) {
            this.organisationId = organisationId;
        }

        /** Starts from every field of {@code c}. */
        public static CommunicationBuilder from(Communication c) {
            CommunicationBuilder b = new CommunicationBuilder(c.organisationId());
            b.id = c.id();
            b.communicationType = c.communicationType();
            b.subject = c.subject();
            b.bodyHtml = c.bodyHtml();
            b.blockId = c.blockId();
            b.unitId = c.unitId();
            b.channel = c.channel();
            b.status = c.status();
            b.scheduledAt = c.scheduledAt();
            b.sentAt = c.sentAt();
            b.sentBy = c.sentBy();
            b.failedAt = c.failedAt();
            b.failureReason = c.failureReason();
            b.notes = c.notes();
            b.createdBy = c.createdBy();
            b.createdAt = c.createdAt();
            b.updatedAt = c.updatedAt();
            b.version = c.version();
            b.sendingStartedAt = c.sendingStartedAt();
            return b;
        }

        /** @param v the id @return this builder */
        public CommunicationBuilder id(UUID v) { id = v; return this; }
        /** @param v the type @return this builder */
        public CommunicationBuilder type(CommunicationType v) { communicationType = v; return this; }
        /** @param v the subject @return this builder */
        public CommunicationBuilder subject(String v) { subject = v; return this; }
        /** @param v the body @return this builder */
        public CommunicationBuilder bodyHtml(String v) { bodyHtml = v; return this; }
        /** @param v the block @return this builder */
        public CommunicationBuilder blockId(String v) { blockId = v; return this; }
        /** @param v the unit @return this builder */
        public CommunicationBuilder unitId(String v) { unitId = v; return this; }
        /** @param v the channel @return this builder */
        public CommunicationBuilder channel(String v) { channel = v; return this; }
        /** @param v the status @return this builder */
        public CommunicationBuilder status(CommunicationStatus v) { status = v; return this; }
        /** @param v scheduledAt @return this builder */
        public CommunicationBuilder scheduledAt(Instant v) { scheduledAt = v; return this; }
        /** @param v sentAt @return this builder */
        public CommunicationBuilder sentAt(Instant v) { sentAt = v; return this; }
        /** @param v sentBy @return this builder */
        public CommunicationBuilder sentBy(String v) { sentBy = v; return this; }
        /** @param v failedAt @return this builder */
        public CommunicationBuilder failedAt(Instant v) { failedAt = v; return this; }
        /** @param v the failure reason @return this builder */
        public CommunicationBuilder failureReason(String v) { failureReason = v; return this; }
        /** @param v the notes @return this builder */
        public CommunicationBuilder notes(String v) { notes = v; return this; }
        /** @param v createdBy @return this builder */
        public CommunicationBuilder createdBy(String v) { createdBy = v; return this; }
        /** @param v createdAt, also taken as updatedAt @return this builder */
        public CommunicationBuilder createdAt(Instant v) { createdAt = v; updatedAt = v; return this; }
        /** @param v updatedAt @return this builder */
        public CommunicationBuilder updatedAt(Instant v) { updatedAt = v; return this; }
        /** @param v the version @return this builder */
        public CommunicationBuilder version(long v) { version = v; return this; }

        /** A sent communication, as markSent leaves it. @return this builder */
        public CommunicationBuilder sent() {
            status = CommunicationStatus.SENT;
            sentAt = createdAt.plusSeconds(60);
            sentBy = "user-sender";
            return this;
        }

        /** A communication the dispatcher is sending, as send leaves it. @return this builder */
        public CommunicationBuilder sending() {
            status = CommunicationStatus.SENDING;
            sentBy = "user-sender";
            sendingStartedAt = createdAt.plusSeconds(30);
            return this;
        }

        /** @param v when sending began @return this builder */
        public CommunicationBuilder sendingStartedAt(Instant v) { sendingStartedAt = v; return this; }

        /** A failed communication, as markFailed leaves it. @return this builder */
        public CommunicationBuilder failed() {
            status = CommunicationStatus.FAILED;
            failedAt = createdAt.plusSeconds(60);
            failureReason = "printer on fire";
            return this;
        }

        /** @return the communication */
        public Communication build() {
            return new Communication(id, organisationId, communicationType, subject, bodyHtml, blockId, unitId, channel,
                    status, scheduledAt, sentAt, sentBy, failedAt, failureReason, notes, createdBy, createdAt, updatedAt,
                    version, sendingStartedAt);
        }

        /**
         * @return the next version of the communication as an update would store it: version + 1, updatedAt
         *         one second later
         */
        public CommunicationBuilder nextVersion() {
            version++;
            updatedAt = updatedAt.plusSeconds(1);
            return this;
        }
    }

    /** Builds a {@link Recipient}. */
    public static final class RecipientBuilder {
        private UUID id = UUID.randomUUID();
        private final String organisationId;
        private final UUID communicationId;
        private final String unitId;
        private final long position;
        private String recipientName;
        private String recipientEmail;
        private DeliveryStatus deliveryStatus = DeliveryStatus.PENDING;
        private Instant deliveredAt;
        private Instant openedAt;
        private String failureReason;
        private Instant addedAt = BASE.plus(5, ChronoUnit.MINUTES);
        private Instant updatedAt = addedAt;
        private String addedBy = "user-1";
        private String providerMessageId;
        private int dispatchAttempts;
        private Instant nextAttemptAt;
        private PostalAddress postalAddress;

        private RecipientBuilder(String organisationId, UUID communicationId, String unitId, long position) {
            this.organisationId = organisationId;
            this.communicationId = communicationId;
            this.unitId = unitId;
            this.position = position;
            this.recipientName = "Leaseholder of " + unitId;
            this.recipientEmail = unitId + "@example.com";
        }

        /** Starts from every field of {@code r}. */
        public static RecipientBuilder from(Recipient r) {
            RecipientBuilder b = new RecipientBuilder(r.organisationId(), r.communicationId(), r.unitId(), r.position());
            b.id = r.id();
            b.recipientName = r.recipientName();
            b.recipientEmail = r.recipientEmail();
            b.deliveryStatus = r.deliveryStatus();
            b.deliveredAt = r.deliveredAt();
            b.openedAt = r.openedAt();
            b.failureReason = r.failureReason();
            b.addedAt = r.addedAt();
            b.updatedAt = r.updatedAt();
            b.addedBy = r.addedBy();
            b.providerMessageId = r.providerMessageId();
            b.dispatchAttempts = r.dispatchAttempts();
            b.nextAttemptAt = r.nextAttemptAt();
            b.postalAddress = r.postalAddress();
            return b;
        }

        /** @param v the id @return this builder */
        public RecipientBuilder id(UUID v) { id = v; return this; }
        /** @param v the name snapshot @return this builder */
        public RecipientBuilder name(String v) { recipientName = v; return this; }
        /** @param v the email snapshot @return this builder */
        public RecipientBuilder email(String v) { recipientEmail = v; return this; }
        /** @param v the delivery status @return this builder */
        public RecipientBuilder status(DeliveryStatus v) { deliveryStatus = v; return this; }
        /** @param v deliveredAt @return this builder */
        public RecipientBuilder deliveredAt(Instant v) { deliveredAt = v; return this; }
        /** @param v openedAt @return this builder */
        public RecipientBuilder openedAt(Instant v) { openedAt = v; return this; }
        /** @param v the failure reason @return this builder */
        public RecipientBuilder failureReason(String v) { failureReason = v; return this; }
        /** @param v addedAt, also taken as updatedAt @return this builder */
        public RecipientBuilder addedAt(Instant v) { addedAt = v; updatedAt = v; return this; }
        /** @param v updatedAt @return this builder */
        public RecipientBuilder updatedAt(Instant v) { updatedAt = v; return this; }
        /** @param v addedBy @return this builder */
        public RecipientBuilder addedBy(String v) { addedBy = v; return this; }
        /** @param v the provider's message id @return this builder */
        public RecipientBuilder providerMessageId(String v) { providerMessageId = v; return this; }
        /** @param v how many times it was handed to a channel @return this builder */
        public RecipientBuilder attempts(int v) { dispatchAttempts = v; return this; }
        /** @param v when the dispatcher may take it up again @return this builder */
        public RecipientBuilder nextAttemptAt(Instant v) { nextAttemptAt = v; return this; }
        /** @param v the postal address snapshot @return this builder */
        public RecipientBuilder postalAddress(PostalAddress v) { postalAddress = v; return this; }

        /** @return the recipient */
        public Recipient build() {
            return new Recipient(id, organisationId, communicationId, unitId, position, recipientName, recipientEmail,
                    deliveryStatus, deliveredAt, openedAt, failureReason, addedAt, updatedAt, addedBy, providerMessageId,
                    dispatchAttempts, nextAttemptAt, postalAddress);
        }
    }

    /** Builds an {@link AuditEvent}. */
    public static final class AuditEventBuilder {
        private UUID id = UUID.randomUUID();
        private final String organisationId;
        private final long sequence;
        private final UUID communicationId;
        private UUID recipientId;
        private AuditEventType type = AuditEventType.CREATED;
        private String actorUserId = "user-1";
        private Instant occurredAt;
        private Map<String, String> details = Map.of("subject", "Section 20: roof works");
        private List<String> unitIds = List.of();
        private String previousHash;
        private String hash;

        private AuditEventBuilder(String organisationId, long sequence, UUID communicationId) {
            this.organisationId = organisationId;
            this.sequence = sequence;
            this.communicationId = communicationId;
            this.occurredAt = BASE.plusSeconds(sequence);
            this.previousHash = sequence == 1 ? AuditEvent.GENESIS_HASH : StoreTestData.hash(organisationId + "#" + (sequence - 1));
            this.hash = StoreTestData.hash(organisationId + "#" + sequence);
        }

        /** @param v the id @return this builder */
        public AuditEventBuilder id(UUID v) { id = v; return this; }
        /** @param v the recipient @return this builder */
        public AuditEventBuilder recipientId(UUID v) { recipientId = v; return this; }
        /** @param v the type @return this builder */
        public AuditEventBuilder type(AuditEventType v) { type = v; return this; }
        /** @param v the actor @return this builder */
        public AuditEventBuilder actor(String v) { actorUserId = v; return this; }
        /** @param v occurredAt @return this builder */
        public AuditEventBuilder occurredAt(Instant v) { occurredAt = v; return this; }
        /** @param v the details @return this builder */
        public AuditEventBuilder details(Map<String, String> v) { details = v; return this; }
        /** @param v the unit ids @return this builder */
        public AuditEventBuilder unitIds(List<String> v) { unitIds = v; return this; }
        /** @param v the previous hash @return this builder */
        public AuditEventBuilder previousHash(String v) { previousHash = v; return this; }
        /** @param v the hash @return this builder */
        public AuditEventBuilder hash(String v) { hash = v; return this; }

        /** @return the event as a writer appends it: pending, with sequence 0 and no hashes */
        public AuditEvent buildPending() {
            return new AuditEvent(id, organisationId, 0, communicationId, recipientId, type, actorUserId, occurredAt,
                    details, unitIds, null, null);
        }

        /** @return the event */
        public AuditEvent build() {
            return new AuditEvent(id, organisationId, sequence, communicationId, recipientId, type, actorUserId, occurredAt,
                    details, unitIds, previousHash, hash);
        }
    }
}
