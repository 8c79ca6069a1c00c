package io.github.commscentre.internal;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditFinding.Kind;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.SignedCheckpoint;
import io.github.commscentre.spi.AuditEventSink;
import io.github.commscentre.spi.MalformedAuditEvent;
import io.github.commscentre.spi.StoreTransaction;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * {@code verifyAuditTrail} on one snapshot of the store: reads every stored event once, streaming, checking the
 * linked chain ({@link ChainLinks}) and following each communication's lifecycle ({@link CommunicationTrails}); counts
 * the pending events and reports those older than the linking bound; then holds the stored communications and
 * recipients against what the trail says ({@link RecordCheck}).
 *
 * <p>Pending events are committed history the linker has not placed yet: their {@code sent}/{@code failed} evidence and
 * their lifecycle count as the record, after every linked event (a linker links in the order events became visible,
 * so a pending event never precedes a linked one in cause), so that a verification racing the linker sees the same
 * record as one run a moment later.
 */
final class AuditTrailVerifier implements AuditEventSink {

    private final String organisationId;
    private final Instant now;
    private final Duration linkingBound;
    private final VerificationFindings findings = new VerificationFindings();
    private final UnitSums sums = new UnitSums();
    private final ChainLinks chain;
    private final CommunicationTrails trails;
    private final RecipientDiagnosis diagnosis;
    private final CheckpointCheck checkpoints;
    private long pending;
    private Instant oldestPending;

    private AuditTrailVerifier(StoreTransaction tx, Instant now, Duration linkingBound, EvidenceSettings evidence,
                               Collection<SignedCheckpoint> supplied) {
        this.organisationId = tx.organisationId();
        this.now = now;
        this.linkingBound = linkingBound;
        this.chain = new ChainLinks(organisationId, findings);
        this.trails = new CommunicationTrails(findings, sums);
        this.diagnosis = new RecipientDiagnosis(tx, findings);
        this.checkpoints = new CheckpointCheck(tx, evidence, supplied, findings);
    }

    /**
     * @param tx           a transaction on one consistent snapshot
     * @param now          the clock's instant, for the age of pending events
     * @param linkingBound how long a committed event may stay pending before it is reported
     * @return the report
     */
    static AuditVerification verify(StoreTransaction tx, Instant now, Duration linkingBound) {
        return verify(tx, now, linkingBound, EvidenceSettings.none(), List.of());
    }

    /**
     * @param tx           a transaction on one consistent snapshot
     * @param now          the clock's instant, for the age of pending events
     * @param linkingBound how long a committed event may stay pending before it is reported
     * @param evidence     the keys checkpoints are checked with, and whether the store keeps the tree
     * @param supplied     checkpoints the host keeps outside the database, checked like the stored ones
     * @return the report
     */
    static AuditVerification verify(StoreTransaction tx, Instant now, Duration linkingBound, EvidenceSettings evidence,
                                    Collection<SignedCheckpoint> supplied) {
        AuditTrailVerifier verifier = new AuditTrailVerifier(tx, now, linkingBound, evidence, supplied);
        tx.forEachStoredAuditEvent(verifier);
        verifier.checkpoints.finish();
        verifier.chain.checkHead(tx.auditChainHead());
        new RecordCheck(tx, verifier.trails, verifier.findings, verifier.sums, verifier.diagnosis).run();
        return verifier.findings.result(verifier.chain.checked(), verifier.pending, verifier.oldestPendingAge());
    }

    @Override
    public void accept(AuditEvent event) {
        if (event.isLinked()) {
            chain.accept(event);
            checkpoints.leaf(event.hash());
        } else {
            pending(event.id().toString(), event.communicationId(), event.occurredAt(), event.type().wireName());
            if (!organisationId.equals(event.organisationId())) {
                findings.add(Kind.CHAIN, null, event.communicationId(),
                        CommunicationTrails.describe(event) + " names another organisation");
            }
        }
        trails.accept(event);
    }

    @Override
    public void malformed(MalformedAuditEvent row) {
        diagnosis.disable();
        if (row.sequence() > 0) {
            chain.acceptMalformed(row);
            checkpoints.leaf(row.hash());
            return;
        }
        pending(String.valueOf(row.id()), row.communicationId(), row.occurredAt(), "unreadable");
        findings.add(Kind.MALFORMED_EVENT, null, row.communicationId(),
                "pending event " + row.id() + " cannot be read: " + row.problem());
    }

    /** Counts a pending row; one older than the bound may be a forgery waiting to be linked, so it is a finding. */
    private void pending(String id, UUID communicationId, Instant occurredAt, String type) {
        pending++;
        if (occurredAt == null) {
            return;
        }
        if (oldestPending == null || occurredAt.isBefore(oldestPending)) {
            oldestPending = occurredAt;
        }
        Duration age = Duration.between(occurredAt, now);
        if (age.compareTo(linkingBound) > 0) {
            findings.add(Kind.PENDING_TOO_LONG, null, communicationId, "pending event " + id + " (" + type
                    + ") has waited " + age.toSeconds() + " s to be linked, longer than the linking bound of "
                    + linkingBound.toSeconds() + " s: events are linked within that bound, so it may be a forgery");
        }
    }

    private Duration oldestPendingAge() {
        if (oldestPending == null) {
            return Duration.ZERO;
        }
        Duration age = Duration.between(oldestPending, now);
        return age.isNegative() ? Duration.ZERO : age;
    }
}
