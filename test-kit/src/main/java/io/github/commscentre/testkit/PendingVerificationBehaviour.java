package io.github.commscentre.testkit;

import io.github.commscentre.AuditFinding.Kind;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.DeliveryStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The verification report: an intact trail equals {@code AuditVerification.intact(n)}; pending events are counted with
 * the age of the oldest, one older than the builder's linking bound is a finding; findings are bounded and the rest
 * counted.
 */
abstract class PendingVerificationBehaviour extends VerificationFixture {

    @Test
    void anIntactTrailHasNoFindingsAndNothingPending() {
        Communication failed = inState(CommunicationStatus.FAILED);
        centre.delete(admin, draft().id());
        duplicate(sent.id(), true);
        centre.updateRecipientStatus(admin, stillPending.id(), DeliveryStatus.BOUNCED, "mailbox full");
        centre.updateRecipientStatus(admin, delivered.id(), DeliveryStatus.OPENED);
        Communication scheduled = scheduled();
        tick();
        centre.update(admin, scheduled.id(), CommunicationChanges.builder().scheduledAt(null).build());
        centre.updateRecipientStatus(admin, recipient(failed.id(), "a3").id(), DeliveryStatus.FAILED, "no such address");

        AuditVerification v = centre.verifyAuditTrail(member);

        assertThat(v).isEqualTo(AuditVerification.intact(v.eventsChecked()));
        assertThat(v.eventsChecked()).isEqualTo(orgEvents().size());
        assertThat(v.findings()).isEmpty();
        assertThat(v.omittedFindingCount()).isZero();
        assertThat(v.pendingEventCount()).isZero();
        assertThat(v.oldestPendingAge()).isZero();
        assertThat(v.firstBrokenSequence()).isEmpty();
        assertThat(v.firstProblem()).isEmpty();
    }


    @Test
    void pendingEventsAreCountedWithTheAgeOfTheOldest() {
        AuditVerification v = afterTampering(() -> {
            tampering().insertAuditEvent(pending(draft.id()));
            clock.advance(Duration.ofMinutes(2));
            tampering().insertAuditEvent(pending(draft.id()));
            clock.advance(Duration.ofMinutes(1));
        }, null);
        if (v == null) {
            return;
        }
        assertThat(v.intact()).as("pending within the bound is no finding: %s", v.findings()).isTrue();
        assertThat(v.pendingEventCount()).isEqualTo(2);
        assertThat(v.oldestPendingAge()).isEqualTo(Duration.ofMinutes(3));
        assertThat(v.eventsChecked()).isEqualTo(6);
        assertThat(v.findings()).isEmpty();
        assertThat(v).isNotEqualTo(AuditVerification.intact(6));
    }

    @Test
    void aPendingEventOlderThanTheLinkingBoundIsAFinding() {
        expectFinding(Kind.PENDING_TOO_LONG, null, draft.id(), () -> {
            tampering().insertAuditEvent(pending(draft.id()));
            clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        });
    }

    @Test
    void theLinkingBoundIsTheBuildersOption() {
        AuditVerification v = afterTampering(() -> {
            tampering().insertAuditEvent(pending(draft.id()));
            clock.advance(Duration.ofMinutes(2));
        }, null);
        if (v == null) {
            return;
        }
        assertThat(v.intact()).isTrue();
        AuditVerification strict = CommunicationCentre.builder().store(store).directory(directory)
                .clock(clock).auditLinkingBound(Duration.ofMinutes(1)).build().verifyAuditTrail(member);
        assertThat(strict.findings()).singleElement().satisfies(f -> assertFinding(f, Kind.PENDING_TOO_LONG, null, draft.id()));
        assertThat(strict.pendingEventCount()).isEqualTo(1);
    }

    @Test
    void theLinkingBoundMustBeAtLeastOneSecond() {
        for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofSeconds(-1),
                Duration.ofMillis(999)}) {
            assertThat(catchThrowable(
                    () -> CommunicationCentre.builder().auditLinkingBound(bad)))
                    .as("auditLinkingBound(%s)", bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("auditLinkingBound");
        }
        assertThat(CommunicationCentre.builder().auditLinkingBound(Duration.ofSeconds(1))).isNotNull();
    }

    @Test
    void findingsAreBoundedAndTheRestCounted() {
        int planted = AuditVerification.FINDINGS_LIMIT + 20;
        AuditVerification v = afterTampering(() -> {
            for (int i = 0; i < planted; i++) {
                tampering().insertAuditEvent(pending(sent.id()));
            }
        }, true);
        if (v == null) {
            return;
        }
        assertThat(v.findings()).hasSize(AuditVerification.FINDINGS_LIMIT);
        assertThat(v.omittedFindingCount()).isEqualTo(20);
        assertThat(v.findings()).allSatisfy(f -> assertThat(f.kind()).isEqualTo(Kind.LIFECYCLE));
        assertThat(v.pendingEventCount()).isEqualTo(planted);
    }

}
