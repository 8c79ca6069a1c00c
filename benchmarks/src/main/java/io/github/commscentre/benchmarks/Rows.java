package io.github.commscentre.benchmarks;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.internal.AuditChain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The rows of the datasets, generated deterministically from their index, as the domain records the library
 * itself stores (so the same rows feed the in-memory store through the SPI and the databases through JDBC).
 */
final class Rows {

    /** 2024-01-01T00:00:00Z: the datasets' history starts here. */
    static final long BASE_MICROS = 1_704_067_200_000_000L;

    static final String BODY = "<p>Dear leaseholder,</p><p>The annual fire-safety inspection of the communal areas "
            + "will take place next month. Please make sure the contractor can reach the meter cupboards and the roof "
            + "hatch on your landing, and let the managing agent know of any access needs. The inspection report will be "
            + "published on the portal within two weeks of the visit, together with the schedule of remedial works and "
            + "the estimated service-charge contribution of each flat.</p><p>Kind regards,<br>The managing agent</p>";

    private static final CommunicationType[] TYPES = CommunicationType.values();

    private Rows() {
    }

    static Instant micros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /**
     * Communication {@code i} of an organisation: created about 31 seconds after the previous one (every hundredth
     * shares the instant of its predecessor, so the id breaks the tie), in one of 20 blocks, one in ten scoped to a
     * unit; half sent, a fifth draft, a fifth scheduled, a tenth failed.
     */
    static Communication listCommunication(String organisationId, int i) {
        long createdMicros = BASE_MICROS + (long) (i - (i % 100 == 99 ? 1 : 0)) * 31_000_017L;
        Instant createdAt = micros(createdMicros);
        long h = Ids.mix(i);
        int statusDraw = (int) Math.floorMod(h, 10L);
        CommunicationStatus status = statusDraw < 5 ? CommunicationStatus.SENT
                : statusDraw < 7 ? CommunicationStatus.DRAFT
                : statusDraw < 9 ? CommunicationStatus.SCHEDULED
                : CommunicationStatus.FAILED;
        String blockId = BenchDirectory.blockId((int) Math.floorMod(h >>> 8, (long) Sizes.BLOCKS) + 1);
        String unitId = Math.floorMod(h >>> 20, 10L) == 0 ? "unit-" + i : null;
        Instant later = micros(createdMicros + 86_400_000_000L);
        return new Communication(
                Ids.uuid7(createdMicros / 1_000L, i),
                organisationId,
                TYPES[Math.floorMod(i, TYPES.length)],
                "Notice " + i + ": fire-safety inspection of " + blockId,
                BODY,
                blockId,
                unitId,
                Math.floorMod(h >>> 32, 3L) == 0 ? "post" : "email",
                status,
                status == CommunicationStatus.SCHEDULED ? micros(createdMicros + 7 * 86_400_000_000L) : null,
                status == CommunicationStatus.SENT ? later : null,
                status == CommunicationStatus.SENT ? "user-" + (i % 7) : null,
                status == CommunicationStatus.FAILED ? later : null,
                status == CommunicationStatus.FAILED ? "the print provider rejected the batch" : null,
                Math.floorMod(h >>> 40, 4L) == 0 ? "ref S20/" + i : null,
                "user-" + (i % 7),
                createdAt,
                status == CommunicationStatus.SENT || status == CommunicationStatus.FAILED ? later : createdAt,
                status == CommunicationStatus.SENT || status == CommunicationStatus.FAILED ? 1 : 0);
    }

    /**
     * A draft with an exact id, for the communications whose recipients the datasets load directly.
     */
    static Communication draft(String organisationId, UUID id, String subject) {
        Instant at = micros(BASE_MICROS);
        return new Communication(id, organisationId, CommunicationType.CIRCULAR, subject, BODY, null, null, "email",
                CommunicationStatus.DRAFT, null, null, null, null, null, null, "user-1", at, at, 0);
    }

    /**
     * Recipient at {@code position} (1-based) of a communication, with delivery progress as providers report it:
     * two fifths pending, 30 % delivered, 15 % opened, 10 % bounced, 5 % failed; every tenth without email.
     */
    static Recipient recipient(String organisationId, UUID communicationId, long seed, int position) {
        long h = Ids.mix(seed * 1_000_003L + position);
        int draw = (int) Math.floorMod(h, 20L);
        DeliveryStatus status = draw < 8 ? DeliveryStatus.PENDING
                : draw < 14 ? DeliveryStatus.DELIVERED
                : draw < 17 ? DeliveryStatus.OPENED
                : draw < 19 ? DeliveryStatus.BOUNCED
                : DeliveryStatus.FAILED;
        long addedMicros = BASE_MICROS + position;
        Instant added = micros(addedMicros);
        Instant progressed = micros(addedMicros + 3_600_000_000L);
        boolean delivered = status == DeliveryStatus.DELIVERED || status == DeliveryStatus.OPENED;
        return new Recipient(
                Ids.uuid7(addedMicros / 1_000L, seed * 1_000_003L + position),
                organisationId,
                communicationId,
                BenchDirectory.unitId(position),
                position,
                "Leaseholder " + position,
                position % 10 == 0 ? null : "leaseholder" + position + "@example.org",
                status,
                delivered ? progressed : null,
                status == DeliveryStatus.OPENED ? progressed : null,
                status == DeliveryStatus.BOUNCED ? "mailbox full" : status == DeliveryStatus.FAILED ? "no such user" : null,
                added,
                status == DeliveryStatus.PENDING ? added : progressed,
                "user-1");
    }

    /**
     * Generates an organisation's audit chain the way the facade links it (its hashes are computed with the
     * library's own canonical encoding), in a realistic mix: per communication one {@code created}, one
     * {@code recipients_added} of 50 units, then 98 recipient status changes.
     */
    static final class AuditChainGenerator {
        private final String organisationId;
        private long sequence;
        private String previousHash = AuditEvent.GENESIS_HASH;

        AuditChainGenerator(String organisationId) {
            this.organisationId = organisationId;
        }

        long lastSequence() {
            return sequence;
        }

        String lastHash() {
            return previousHash;
        }

        AuditEvent next() {
            sequence++;
            long group = (sequence - 1) / 100;
            int k = (int) ((sequence - 1) % 100);
            long occurredMicros = BASE_MICROS + sequence * 1_000_003L;
            UUID communicationId = Ids.uuid7((BASE_MICROS + group * 100_000_300L) / 1_000L, group + 1_000_000_000L);
            Map<String, String> details = new LinkedHashMap<>();
            List<String> unitIds = List.of();
            UUID recipientId = null;
            AuditEventType type;
            if (k == 0) {
                type = AuditEventType.CREATED;
                details.put("communicationType", "notice");
                details.put("subject", "Notice " + group + ": fire-safety inspection");
                details.put("channel", "email");
                details.put("status", "draft");
                details.put("bodySha256", "9f2b5c0d7e8a1b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4");
                details.put("blockId", BenchDirectory.blockId((int) (group % Sizes.BLOCKS) + 1));
            } else if (k == 1) {
                type = AuditEventType.RECIPIENTS_ADDED;
                details.put("added", "50");
                List<String> ids = new ArrayList<>(50);
                for (int u = 1; u <= 50; u++) {
                    ids.add(BenchDirectory.unitId((int) (group % 1_000) * 50 + u));
                }
                unitIds = ids;
            } else {
                type = AuditEventType.RECIPIENT_STATUS_CHANGED;
                recipientId = Ids.uuid7(occurredMicros / 1_000L, sequence + 2_000_000_000L);
                details.put("unitId", BenchDirectory.unitId((int) (group % 1_000) * 50 + k % 50 + 1));
                details.put("from", k < 51 ? "pending" : "delivered");
                details.put("to", k < 51 ? "delivered" : "opened");
            }
            UUID id = Ids.uuid7(occurredMicros / 1_000L, sequence);
            String actor = "user-" + (group % 7);
            Instant occurredAt = micros(occurredMicros);
            AuditEvent unsigned = new AuditEvent(id, organisationId, sequence, communicationId, recipientId, type, actor,
                    occurredAt, details, unitIds, previousHash, "");
            String hash = AuditChain.expectedHash(unsigned);
            previousHash = hash;
            return new AuditEvent(id, organisationId, sequence, communicationId, recipientId, type, actor, occurredAt,
                    unsigned.details(), unitIds, unsigned.previousHash(), hash);
        }
    }
}
