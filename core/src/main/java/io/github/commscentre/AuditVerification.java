package io.github.commscentre;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The outcome of {@code verifyAuditTrail}: whether the organisation's chain is intact and the stored records agree
 * with it, what was found wrong if not, and how many events still wait to be linked.
 *
 * <p>An intact verification of a chain with nothing pending equals {@link #intact(long)}. Read it as a sentence:
 * {@code intact()}, {@code eventsChecked()}, {@code firstBrokenSequence()} and {@code firstProblem()},
 * {@code findings()} and {@code omittedFindingCount()}, {@code pendingEventCount()} and {@code oldestPendingAge()}.
 *
 * @param intact              whether every check passed: no findings
 * @param eventsChecked       how many linked events (the rows of the chain) were read; pending ones are counted in
 *                            {@code pendingEvents}
 * @param firstBrokenSequence the smallest sequence among the findings that name one; empty when there is none
 * @param problem             what is wrong there (or, when no finding names a sequence, at the first finding); {@code null}
 *                            when intact; read it as {@link #firstProblem()}
 * @param findings            what was found wrong, ordered by sequence (findings without one last), at most
 *                            {@link #FINDINGS_LIMIT}; empty when intact
 * @param omittedFindingCount how many more findings there were beyond those listed
 * @param pendingEventCount   how many committed events were not linked into the chain yet
 * @param oldestPendingAge    how long the oldest of them has been waiting (the clock's now minus its {@code occurredAt});
 *                            {@link Duration#ZERO} when none is pending
 */
public record AuditVerification(boolean intact, long eventsChecked, OptionalLong firstBrokenSequence, String problem,
                                List<AuditFinding> findings, long omittedFindingCount, long pendingEventCount,
                                Duration oldestPendingAge) {

    /** The most findings a verification lists; the rest are only counted, so that a ruined chain still gives a small report. */
    public static final int FINDINGS_LIMIT = 100;

    /** Null checks, and an unmodifiable copy of the findings. */
    public AuditVerification {
        Objects.requireNonNull(firstBrokenSequence, "firstBrokenSequence must not be null");
        findings = List.copyOf(Objects.requireNonNull(findings, "findings must not be null"));
        Objects.requireNonNull(oldestPendingAge, "oldestPendingAge must not be null");
    }

    /**
     * @return what is wrong at {@link #firstBrokenSequence()} (or, when no finding names a sequence, at the first
     *         finding); empty when intact
     */
    public Optional<String> firstProblem() {
        return Optional.ofNullable(problem);
    }

    /** @return whether committed events wait to be linked ({@link #pendingEventCount()} above zero) */
    public boolean hasPendingEvents() {
        return pendingEventCount > 0;
    }

    /**
     * @return what is wrong at the first broken sequence, or {@code null} when intact
     * @deprecated a nullable text; use {@link #firstProblem()}
     */
    @Deprecated
    public String problem() {
        return problem;
    }

    /**
     * @return how many more findings there were beyond those listed
     * @deprecated reads like a list; use {@link #omittedFindingCount()}
     */
    @Deprecated
    public long findingsOmitted() {
        return omittedFindingCount;
    }

    /**
     * @return how many committed events were not linked into the chain yet
     * @deprecated reads like a list; use {@link #pendingEventCount()}
     */
    @Deprecated
    public long pendingEvents() {
        return pendingEventCount;
    }

    /** @param eventsChecked how many events were read @return an intact verification with nothing pending */
    public static AuditVerification intact(long eventsChecked) {
        return new AuditVerification(true, eventsChecked, OptionalLong.empty(), null, List.of(), 0, 0, Duration.ZERO);
    }

    /**
     * @param eventsChecked       how many events were read
     * @param firstBrokenSequence the first broken sequence
     * @param problem             what is wrong there
     * @return a broken verification with that one finding, of kind {@link AuditFinding.Kind#CHAIN}, and nothing pending
     */
    public static AuditVerification broken(long eventsChecked, long firstBrokenSequence, String problem) {
        return new AuditVerification(false, eventsChecked, OptionalLong.of(firstBrokenSequence), problem,
                List.of(AuditFinding.of(AuditFinding.Kind.CHAIN, firstBrokenSequence, null, problem)), 0, 0, Duration.ZERO);
    }
}
