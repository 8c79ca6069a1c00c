package io.github.commscentre.internal;

import io.github.commscentre.AuditFinding;
import io.github.commscentre.AuditFinding.Kind;
import io.github.commscentre.AuditVerification;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * What one verification found, in bounded memory however ruined the trail: the {@link AuditVerification#FINDINGS_LIMIT}
 * findings with the smallest sequences (those without one last) are kept and the rest only counted, while the first
 * broken sequence is taken over all of them.
 */
final class VerificationFindings {

    private static final Comparator<AuditFinding> BY_SEQUENCE = Comparator.comparingLong(
            (AuditFinding f) -> f.sequence().isPresent() ? f.sequence().getAsLong() : Long.MAX_VALUE);

    private final List<AuditFinding> kept = new ArrayList<>();
    private long total;
    /** The finding with the smallest sequence, or the first one found while none has a sequence. */
    private AuditFinding first;

    /**
     * @param sequence        the event's sequence, or {@code null} (a pending event, a record no event accounts for)
     * @param communicationId the communication, or {@code null}
     */
    void add(Kind kind, Long sequence, UUID communicationId, String message) {
        AuditFinding finding = AuditFinding.of(kind, sequence, communicationId, message);
        total++;
        if (first == null || BY_SEQUENCE.compare(finding, first) < 0) {
            first = finding;
        }
        kept.add(finding);
        if (kept.size() >= 2 * AuditVerification.FINDINGS_LIMIT) {
            trim();
        }
    }

    /** @return how many findings were added so far */
    long count() {
        return total;
    }

    /** @return whether more findings than the report lists were found already: costly diagnosis may stop */
    boolean isFull() {
        return total >= AuditVerification.FINDINGS_LIMIT;
    }

    AuditVerification result(long eventsChecked, long pendingEvents, Duration oldestPendingAge) {
        trim();
        OptionalLong firstBroken = first == null ? OptionalLong.empty() : first.sequence();
        return new AuditVerification(total == 0, eventsChecked, firstBroken, first == null ? null : first.message(),
                kept, total - kept.size(), pendingEvents, oldestPendingAge);
    }

    /** Keeps the smallest sequences, in order; a stable sort keeps findings of one sequence in the order found. */
    private void trim() {
        kept.sort(BY_SEQUENCE);
        while (kept.size() > AuditVerification.FINDINGS_LIMIT) {
            kept.remove(kept.size() - 1);
        }
    }
}
