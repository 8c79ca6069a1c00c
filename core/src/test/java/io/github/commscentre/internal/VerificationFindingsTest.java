package io.github.commscentre.internal;

import io.github.commscentre.AuditFinding;
import io.github.commscentre.AuditFinding.Kind;
import io.github.commscentre.AuditVerification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class VerificationFindingsTest {

    @Test
    void noFindingsIsExactlyTheIntactVerification() {
        assertThat(new VerificationFindings().result(42, 0, Duration.ZERO)).isEqualTo(AuditVerification.intact(42));
    }

    @Test
    void theFirstBrokenSequenceIsTheSmallestOfAllFindingsAndTheReportKeepsTheSmallestOnes() {
        VerificationFindings findings = new VerificationFindings();
        UUID communication = UUID.randomUUID();
        findings.add(Kind.PENDING_TOO_LONG, null, communication, "pending");
        for (long sequence = 1_000; sequence >= 501; sequence--) {
            findings.add(Kind.CHAIN, sequence, null, "at " + sequence);
        }
        findings.add(Kind.COMMUNICATION_RECORD, 7L, communication, "record at 7");

        AuditVerification v = findings.result(1_000, 1, Duration.ofMinutes(11));

        assertThat(v.intact()).isFalse();
        assertThat(v.firstBrokenSequence()).hasValue(7);
        assertThat(v.firstProblem()).contains("record at 7");
        assertThat(v.findings()).hasSize(AuditVerification.FINDINGS_LIMIT);
        assertThat(v.omittedFindingCount()).isEqualTo(502 - AuditVerification.FINDINGS_LIMIT);
        assertThat(v.findings().get(0).sequence()).isEqualTo(OptionalLong.of(7));
        assertThat(v.findings().get(1).sequence()).isEqualTo(OptionalLong.of(501));
        assertThat(v.findings()).extracting(f -> f.sequence().getAsLong()).isSorted();
        assertThat(v.pendingEventCount()).isEqualTo(1);
        assertThat(v.oldestPendingAge()).isEqualTo(Duration.ofMinutes(11));
    }

    @Test
    void findingsWithoutASequenceBreakNothingAtASequence() {
        VerificationFindings findings = new VerificationFindings();
        UUID communication = UUID.randomUUID();
        findings.add(Kind.COMMUNICATION_RECORD, null, communication, "sent without an event");
        findings.add(Kind.PENDING_TOO_LONG, null, communication, "pending too long");

        AuditVerification v = findings.result(3, 1, Duration.ofHours(1));

        assertThat(v.intact()).isFalse();
        assertThat(v.firstBrokenSequence()).isEmpty();
        assertThat(v.firstProblem()).contains("sent without an event");
        assertThat(v.findings()).extracting(AuditFinding::kind).containsExactly(Kind.COMMUNICATION_RECORD, Kind.PENDING_TOO_LONG);
    }

    @Test
    void brokenIsOneChainFinding() {
        AuditVerification v = AuditVerification.broken(9, 4, "event 4 was altered");
        assertThat(v.findings()).containsExactly(AuditFinding.of(Kind.CHAIN, 4L, null, "event 4 was altered"));
        assertThat(v.firstBrokenSequence()).hasValue(4);
        assertThat(v.pendingEventCount()).isZero();
    }
}
