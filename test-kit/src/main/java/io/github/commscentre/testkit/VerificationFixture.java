package io.github.commscentre.testkit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.AuditFinding;
import io.github.commscentre.AuditFinding.Kind;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Communication;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.internal.AuditChain;
import io.github.commscentre.internal.CanonicalJson;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static io.github.commscentre.AuditEventType.CREATED;
import static io.github.commscentre.AuditEventType.RECIPIENTS_ADDED;
import static io.github.commscentre.AuditEventType.RECIPIENT_STATUS_CHANGED;
import static io.github.commscentre.AuditEventType.SENT;
import static io.github.commscentre.testkit.BehaviourChecks.sha256;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the verification parts of the behaviour suite share: a trail of a sent and a draft communication, and the ways to
 * tamper with it and read the verdict. Forged events get a valid hash and a moved head (as someone with the library's
 * code would make them), so that only the check under test can catch them. What a database refuses must leave
 * everything as it was.
 */
abstract class VerificationFixture extends BehaviourFixture {

    private static final Logger LOG = LoggerFactory.getLogger(VerificationFixture.class);

    /** @return direct access to the same store's data, bypassing the facade */
    abstract StoreTampering tampering();

    Communication sent;
    /** The recipient of {@link #sent} that event 4 moved to delivered. */
    Recipient delivered;
    /** The recipient of {@link #sent} no status event moved. */
    Recipient stillPending;
    Communication draft;
    List<AuditEvent> chain;

    /**
     * 1 created, 2 recipients_added (a1, a2), 3 sent, 4 recipient_status_changed (a1 delivered) of a sent communication;
     * 5 created, 6 recipients_added (b1) of a draft. The other organisation has a chain of its own.
     */
    @BeforeEach
    void buildATrail() {
        Communication c = draft();
        tick();
        centre.addRecipients(admin, c.id(), List.of("a1", "a2"));
        tick();
        sent = centre.markSent(admin, c.id());
        tick();
        delivered = centre.updateRecipientStatus(admin, recipient(c.id(), "a1").id(), DeliveryStatus.DELIVERED);
        stillPending = recipient(c.id(), "a2");
        draft = draft();
        tick();
        centre.addRecipients(admin, draft.id(), List.of("b1"));
        Communication theirs = centre.create(otherAdmin, notice("Theirs").build());
        centre.markSent(otherAdmin, theirs.id());
        chain = orgEvents();
        assertThat(chain).extracting(AuditEvent::type).containsExactly(CREATED, RECIPIENTS_ADDED, SENT,
                RECIPIENT_STATUS_CHANGED, CREATED, RECIPIENTS_ADDED);
        assertThat(centre.verifyAuditTrail(member)).isEqualTo(AuditVerification.intact(6));
    }


    /**
     * Runs the tampering and verifies. When the store refuses it (a database guard), expects the chain as it was and
     * answers {@code null}; when this store's {@link StoreTampering} cannot do it, skips the test.
     *
     * @param broken whether verification must then fail ({@code true}), pass ({@code false}) or either ({@code null})
     */
    AuditVerification afterTampering(Runnable tamper, Boolean broken) {
        try {
            tamper.run();
        } catch (UnsupportedOperationException unsupported) {
            Assumptions.abort(unsupported.getMessage());
        } catch (RuntimeException refused) {
            // Expected on a database whose guards refuse the edit: worth a line when debugging, never in a build.
            LOG.debug("the store refused the tampering, so it must have changed nothing", refused);
            assertThat(centre.verifyAuditTrail(member)).isEqualTo(AuditVerification.intact(chain.size()));
            return null;
        }
        AuditVerification v = centre.verifyAuditTrail(member);
        if (broken != null) {
            assertThat(v.intact()).as("intact after tampering: %s", v.findings()).isEqualTo(!broken);
        }
        if (!v.intact()) {
            assertThat(v.firstProblem()).hasValueSatisfying(p -> assertThat(p).isNotBlank());
            assertThat(v.findings()).isNotEmpty().hasSizeLessThanOrEqualTo(AuditVerification.FINDINGS_LIMIT);
        }
        assertThat(centre.verifyAuditTrail(otherAdmin).intact()).as("another organisation's trail is unaffected").isTrue();
        return v;
    }

    /** Expects a finding of this kind at this sequence (none: {@code null}) about this communication, and no earlier one. */
    void expectFinding(Kind kind, Long sequence, UUID communicationId, Runnable tamper) {
        AuditVerification v = afterTampering(tamper, true);
        if (v == null) {
            return;
        }
        assertThat(v.findings()).as("findings").anySatisfy(f -> assertFinding(f, kind, sequence, communicationId));
        if (sequence == null) {
            assertThat(v.firstBrokenSequence()).as("no finding names a sequence: %s", v.findings()).isEmpty();
        } else {
            assertThat(v.firstBrokenSequence()).as("first broken sequence (%s)", v.firstProblem().orElse(null)).hasValue(sequence);
        }
    }

    static void assertFinding(AuditFinding f, Kind kind, Long sequence, UUID communicationId) {
        assertThat(f.kind()).isEqualTo(kind);
        assertThat(f.sequence()).isEqualTo(sequence == null ? OptionalLong.empty() : OptionalLong.of(sequence));
        assertThat(f.communicationId()).contains(communicationId);
        assertThat(f.message()).isNotBlank();
    }

    /** A pending event, as a forger would leave one for the linker to place. */
    AuditEvent pending(UUID communicationId) {
        return new AuditEvent(UUID.randomUUID(), org, 0, communicationId, null, AuditEventType.UPDATED, "admin-1", now(),
                Map.of("changedFields", "notes", "notes.new", "forged"), List.of(), null, null);
    }

    /** Appends an event after the last one as someone with the library's code would: a valid hash, the head moved. */
    void appendForged(AuditEventType type, UUID communicationId, Map<String, String> details, List<String> unitIds) {
        AuditEvent last = chain.get(chain.size() - 1);
        AuditEvent forged = relink(new AuditEvent(UUID.randomUUID(), org, last.sequence() + 1, communicationId, null, type,
                "admin-1", last.occurredAt().plusSeconds(1), details, unitIds, last.hash(), ""), last.hash());
        tampering().insertAuditEvent(forged);
        tampering().moveAuditChainHead(org, forged.sequence(), forged.hash());
    }

    /** Edits the event at {@code sequence}, then recomputes its hash, every later one and the head: a full recompute. */
    void recompute(long sequence, UnaryOperator<AuditEvent> edit) {
        String previous = sequence == 1 ? AuditEvent.GENESIS_HASH : chain.get((int) sequence - 2).hash();
        for (AuditEvent e : chain.subList((int) sequence - 1, chain.size())) {
            AuditEvent relinked = relink(e.sequence() == sequence ? edit.apply(e) : e, previous);
            tampering().rewriteAuditEvent(relinked);
            previous = relinked.hash();
        }
        tampering().moveAuditChainHead(org, chain.size(), previous);
    }

    static AuditEvent relink(AuditEvent e, String previous) {
        AuditEvent unsigned = e.linkedAt(e.sequence(), previous, "");
        return unsigned.linkedAt(e.sequence(), previous, AuditChain.expectedHash(unsigned));
    }

    /** @param value the new value, or {@code null} to remove the key */
    static AuditEvent withDetail(AuditEvent e, String key, String value) {
        Map<String, String> details = new HashMap<>(e.details());
        if (value == null) {
            details.remove(key);
        } else {
            details.put(key, value);
        }
        return new AuditEvent(e.id(), e.organisationId(), e.sequence(), e.communicationId(), e.recipientId(), e.type(),
                e.actorUserId(), e.occurredAt(), details, e.unitIds(), e.previousHash(), e.hash());
    }

    /** The recipients digest as events without a version hold it: the snapshots without addedAt and addedBy. */
    static String versionOneRecipientsDigest(List<Recipient> inPositionOrder) {
        List<Object> snapshots = new ArrayList<>();
        for (Recipient r : inPositionOrder) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("recipientId", r.id());
            fields.put("unitId", r.unitId());
            fields.put("position", r.position());
            fields.put("name", r.recipientName());
            fields.put("email", r.recipientEmail());
            snapshots.add(fields);
        }
        return sha256(CanonicalJson.encode(snapshots));
    }

    static Recipient withAdded(Recipient r, Instant addedAt, String addedBy) {
        return new Recipient(r.id(), r.organisationId(), r.communicationId(), r.unitId(), r.position(), r.recipientName(),
                r.recipientEmail(), r.deliveryStatus(), r.deliveredAt(), r.openedAt(), r.failureReason(), addedAt,
                r.updatedAt(), addedBy);
    }
}
