package io.github.commscentre.benchmarks;

/**
 * How big each scenario is. The full sizes are the ones the issue asks for; {@code -Dbench.quick=true} shrinks
 * everything so that the benchmarks can be debugged on a busy machine in a minute. Quick datasets live under
 * organisation ids of their own, so both sizes can sit side by side in one database.
 */
final class Sizes {

    /** Tiny sizes and short iterations, for debugging the benchmarks themselves. */
    static final boolean QUICK = Boolean.getBoolean("bench.quick");

    /** Communications of the one big organisation the listing pages through. */
    static final int LIST_ROWS = QUICK ? 20_000 : 1_000_000;
    /** The other organisations sharing the table, and the communications of each. */
    static final int OTHER_ORGANISATIONS = QUICK ? 3 : 20;
    static final int OTHER_ORGANISATION_ROWS = QUICK ? 1_000 : 5_000;
    /** Blocks of the big organisation; the listing filters by one of them and by status. */
    static final int BLOCKS = 20;
    /** Rows skipped before the deep page. */
    static final int DEEP_ROWS = QUICK ? 200 : 10_000;
    /** The page size of the listing scenario (the facade's default). */
    static final int PAGE_SIZE = 25;

    /** Recipients of the communication whose figures getById computes. */
    static final int STATS_RECIPIENTS = QUICK ? 5_000 : 50_000;

    /** Units added in one addRecipients call. */
    static final int ADD_UNITS = QUICK ? 1_000 : 10_000;

    /** Audit events in the chain that verifyAuditTrail checks. */
    static final int AUDIT_EVENTS = QUICK ? 20_000 : 1_000_000;
    /** Communications created and sent through the facade at the end of the audit dataset. */
    static final int AUDIT_SENT_COMMUNICATIONS = QUICK ? 4 : 20;
    /** Recipients of each of those. */
    static final int AUDIT_SENT_RECIPIENTS = 50;

    /** Status updates each thread makes in one measured iteration of the status scenario. */
    static final int STATUS_BATCH = QUICK ? 50 : 400;

    /** Recipients of the communication one dispatch round sends. */
    static final int DISPATCH_RECIPIENTS = QUICK ? 2_000 : 50_000;
    /** Recipients claimed and handed over at once: the library's default batch, and the raw baseline's. */
    static final int DISPATCH_BATCH = 500;

    /** Units added in one call by the memory check. */
    static final int MEMORY_ADD_UNITS = QUICK ? 5_000 : 50_000;

    /** Suffix of dataset organisation ids, so quick and full data never mix. */
    static final String SUFFIX = QUICK ? "-quick" : "";

    private Sizes() {
    }
}
