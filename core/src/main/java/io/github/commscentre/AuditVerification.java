package io.github.commscentre;

import java.util.OptionalLong;

/**
 * The outcome of {@code verifyAuditTrail}: whether the organisation's chain is intact, and if not,
 * the first sequence at which it breaks (an edited, removed, inserted or reordered event, or a sent or
 * failed communication whose stored content no longer matches the digest recorded when it was sent).
 *
 * @param intact              whether every check passed
 * @param eventsChecked       how many stored events were read
 * @param firstBrokenSequence the first broken sequence; empty when intact
 * @param problem             a human-readable description of the first break; {@code null} when intact
 */
public record AuditVerification(boolean intact, long eventsChecked, OptionalLong firstBrokenSequence, String problem) {

    /** @param eventsChecked how many events were read @return an intact verification */
    public static AuditVerification intact(long eventsChecked) {
        return new AuditVerification(true, eventsChecked, OptionalLong.empty(), null);
    }

    /**
     * @param eventsChecked       how many events were read
     * @param firstBrokenSequence the first broken sequence
     * @param problem             what is wrong there
     * @return a broken verification
     */
    public static AuditVerification broken(long eventsChecked, long firstBrokenSequence, String problem) {
        return new AuditVerification(false, eventsChecked, OptionalLong.of(firstBrokenSequence), problem);
    }
}
