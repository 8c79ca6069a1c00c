package io.github.commscentre.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the medians of one run into the table of the issue: each scenario beside its baselines measured in the
 * same run, the ratio, the goal and whether it was met.
 */
final class Report {

    /**
     * One benchmark's median.
     *
     * @param benchmark   {@code Class.method}, e.g. {@code ListBenchmark.facadeDeepPage}
     * @param store       {@code h2}, {@code postgresql} or {@code memory}
     * @param medianNanos the median of the measured iterations, per call of the library (or of the baseline)
     * @param samples     how many measurements the median is of
     */
    record Measurement(String benchmark, String store, double medianNanos, long samples) {
    }

    enum Goal { AT_MOST, AT_LEAST_TIMES_FASTER, EVENTS_PER_SECOND, RECIPIENTS_PER_SECOND, NONE }

    /**
     * One line of the table: the library's benchmark against a baseline of the same store.
     *
     * @param scenario   what is measured
     * @param subject    the library's benchmark
     * @param baseline   the baseline's benchmark, or {@code null} for an absolute goal
     * @param label      what the baseline is
     * @param goal       the kind of goal
     * @param target     its figure
     * @param goalStores the stores the goal is set for; elsewhere the ratio is shown for information
     */
    record Comparison(String scenario, String subject, String baseline, String label, Goal goal, double target,
                      Set<String> goalStores) {
    }

    static final Set<String> DATABASES = Set.of("h2", "postgresql");
    static final Set<String> POSTGRESQL = Set.of("postgresql");

    /** The scenarios of issue 5, each against its baselines. */
    static final List<Comparison> COMPARISONS = List.of(
            new Comparison("addRecipients, " + count(Sizes.ADD_UNITS) + " units", "AddRecipientsBenchmark.facade",
                    "AddRecipientsBenchmark.rawJdbcBatch", "(a) raw JDBC batch insert: the limit", Goal.AT_MOST, 1.3, POSTGRESQL),
            new Comparison("addRecipients, " + count(Sizes.ADD_UNITS) + " units", "AddRecipientsBenchmark.facade",
                    "AddRecipientsBenchmark.plainHibernate", "(b) plain Hibernate, one persist at a time, no batching",
                    Goal.AT_LEAST_TIMES_FASTER, 3, POSTGRESQL),
            new Comparison("list, first page", "ListBenchmark.facadeFirstPage",
                    "ListBenchmark.sqlFirstPage", "hand-written SQL, first page", Goal.AT_MOST, 1.5, DATABASES),
            new Comparison("list, " + count(Sizes.DEEP_ROWS) + " rows deep", "ListBenchmark.facadeDeepPage",
                    "ListBenchmark.facadeFirstPage", "the library's first page", Goal.AT_MOST, 1.2, DATABASES),
            new Comparison("list, " + count(Sizes.DEEP_ROWS) + " rows deep", "ListBenchmark.facadeDeepPage",
                    "ListBenchmark.sqlDeepPage", "hand-written SQL keyset", Goal.AT_MOST, 1.5, DATABASES),
            new Comparison("list, " + count(Sizes.DEEP_ROWS) + " rows deep", "ListBenchmark.facadeDeepPage",
                    "ListBenchmark.sqlOffsetDeepPage", "hand-written SQL OFFSET (contrast)", Goal.NONE, 0, DATABASES),
            new Comparison("getById, " + count(Sizes.STATS_RECIPIENTS) + " recipients", "GetByIdBenchmark.facade",
                    "GetByIdBenchmark.sqlAggregate", "one hand-written aggregate query", Goal.AT_MOST, 1.5, DATABASES),
            new Comparison("updateRecipientStatus, 1 thread", "RecipientStatusBenchmark.facade1",
                    "RecipientStatusBenchmark.rawJdbc1", "raw JDBC UPDATE + INSERT, 1 thread", Goal.AT_MOST, 1.3, POSTGRESQL),
            new Comparison("updateRecipientStatus, 8 threads", "RecipientStatusBenchmark.facade8",
                    "RecipientStatusBenchmark.rawJdbc8", "raw JDBC UPDATE + INSERT, 8 threads", Goal.AT_MOST, 1.5, POSTGRESQL),
            new Comparison("updateRecipientStatus, 8 threads, an organisation each (contrast)",
                    "RecipientStatusBenchmark.facade8OwnOrganisations", "RecipientStatusBenchmark.rawJdbc8",
                    "raw JDBC UPDATE + INSERT, 8 threads", Goal.NONE, 0, DATABASES),
            new Comparison("applyDeliveryEvents, batches of 1,000", "DeliveryEventsBenchmark.facadeBatchOf1000",
                    "DeliveryEventsBenchmark.rawJdbcBatchOf1000", "raw JDBC: the same updates and inserts, batched",
                    Goal.AT_MOST, 1.5, DATABASES),
            new Comparison("verifyAuditTrail, " + count(Sizes.AUDIT_EVENTS) + " events", "VerifyAuditTrailBenchmark.facade",
                    null, "", Goal.EVENTS_PER_SECOND, 200_000, DATABASES),
            new Comparison("verifyAuditTrail, " + count(Sizes.AUDIT_EVENTS) + " events", "VerifyAuditTrailBenchmark.facade",
                    "VerifyAuditTrailBenchmark.rawJdbcScanAndHash", "raw JDBC scan + the same hashing", Goal.NONE, 0, DATABASES),
            new Comparison("verifyAuditTrail, " + count(Sizes.AUDIT_EVENTS) + " events", "VerifyAuditTrailBenchmark.facade",
                    "VerifyAuditTrailBenchmark.rawJdbcScan", "raw JDBC scan alone", Goal.NONE, 0, DATABASES),
            new Comparison("dispatch, " + count(Sizes.DISPATCH_RECIPIENTS) + " recipients", "DispatchBenchmark.facade",
                    null, "", Goal.RECIPIENTS_PER_SECOND, 10_000, POSTGRESQL),
            new Comparison("dispatch, " + count(Sizes.DISPATCH_RECIPIENTS) + " recipients", "DispatchBenchmark.facade",
                    "DispatchBenchmark.rawJdbc", "raw JDBC: the same claims of 500, an outcome batch and an audit row each",
                    Goal.AT_MOST, 1.5, POSTGRESQL),
            new Comparison("create, linked at once, with a checkpoint key", "ProofOfServiceBenchmark.createWithCheckpointKey",
                    "ProofOfServiceBenchmark.createWithoutKey", "the same create without a key (no tree, no checkpoints)",
                    Goal.AT_MOST, 1.1, DATABASES),
            new Comparison("evidence pack, " + count(Sizes.AUDIT_EVENTS) + " events", "ProofOfServiceBenchmark.evidencePack",
                    "ProofOfServiceBenchmark.rawProofRead", "one inclusion proof's hashes read by key, raw JDBC",
                    Goal.NONE, 0, DATABASES));

    /** The in-memory store's benchmark for each library call, and the same call's benchmark on a database. */
    static final List<String[]> IN_MEMORY = List.of(
            new String[]{"addRecipients, " + count(Sizes.ADD_UNITS) + " units", "InMemoryBenchmark.addRecipients", "AddRecipientsBenchmark.facade"},
            new String[]{"list, first page", "InMemoryBenchmark.listFirstPage", "ListBenchmark.facadeFirstPage"},
            new String[]{"list, " + count(Sizes.DEEP_ROWS) + " rows deep", "InMemoryBenchmark.listDeepPage", "ListBenchmark.facadeDeepPage"},
            new String[]{"getById, " + count(Sizes.STATS_RECIPIENTS) + " recipients", "InMemoryBenchmark.getById", "GetByIdBenchmark.facade"},
            new String[]{"updateRecipientStatus, 1 thread", "InMemoryBenchmark.updateRecipientStatus1", "RecipientStatusBenchmark.facade1"},
            new String[]{"updateRecipientStatus, 8 threads", "InMemoryBenchmark.updateRecipientStatus8", "RecipientStatusBenchmark.facade8"},
            new String[]{"verifyAuditTrail, " + count(Sizes.AUDIT_EVENTS) + " events", "InMemoryBenchmark.verifyAuditTrail", "VerifyAuditTrailBenchmark.facade"});

    /** Benchmarks whose one invocation is {@link Sizes#STATUS_BATCH} calls. */
    static boolean batched(String benchmark) {
        return benchmark.startsWith("RecipientStatusBenchmark.") || benchmark.startsWith("InMemoryBenchmark.updateRecipientStatus");
    }

    private Report() {
    }

    /** @return the markdown table of every comparison the measurements allow */
    static String render(List<Measurement> measurements) {
        StringBuilder out = new StringBuilder();
        out.append("| scenario | store | library (median) | baseline | baseline (median) | ratio | goal | verdict |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (String store : List.of("postgresql", "h2")) {
            for (Comparison c : COMPARISONS) {
                Optional<Measurement> subject = find(measurements, c.subject(), store);
                if (subject.isEmpty()) {
                    continue;
                }
                double s = subject.get().medianNanos();
                if (c.goal() == Goal.EVENTS_PER_SECOND || c.goal() == Goal.RECIPIENTS_PER_SECOND) {
                    boolean events = c.goal() == Goal.EVENTS_PER_SECOND;
                    String what = events ? " events/s" : " recipients/s";
                    double perSecond = (events ? Sizes.AUDIT_EVENTS : Sizes.DISPATCH_RECIPIENTS) / (s / 1e9);
                    boolean applies = c.goalStores().contains(store);
                    String goalText = "≥ " + count(Math.round(c.target())) + what
                            + (applies ? "" : " (set for " + String.join(", ", c.goalStores()) + ")");
                    row(out, c.scenario(), store, time(s) + " = " + count(Math.round(perSecond)) + what, "", "", "",
                            goalText, verdict(applies, perSecond >= c.target()));
                    continue;
                }
                Optional<Measurement> baseline = find(measurements, c.baseline(), store);
                if (baseline.isEmpty()) {
                    continue;
                }
                double b = baseline.get().medianNanos();
                double ratio = s / b;
                boolean applies = c.goalStores().contains(store) && c.goal() != Goal.NONE;
                String ratioText;
                String goalText;
                boolean met;
                if (c.goal() == Goal.AT_LEAST_TIMES_FASTER) {
                    ratioText = ratio(ratio) + " (" + String.format(Locale.ROOT, "%.1f", 1 / ratio) + "x faster)";
                    goalText = "≥ " + plain(c.target()) + "x faster";
                    met = 1 / ratio >= c.target();
                } else {
                    ratioText = ratio(ratio);
                    goalText = c.goal() == Goal.NONE ? "" : "≤ " + plain(c.target()) + "x";
                    met = ratio <= c.target();
                }
                if (!applies && c.goal() != Goal.NONE) {
                    goalText = goalText + " (set for " + String.join(", ", c.goalStores()) + ")";
                }
                row(out, c.scenario(), store, time(s) + unit(c.subject()), c.label(), time(b) + unit(c.baseline()),
                        ratioText, goalText, c.goal() == Goal.NONE ? "" : verdict(applies, met));
            }
        }
        for (String[] call : IN_MEMORY) {
            Optional<Measurement> memory = find(measurements, call[1], "memory");
            if (memory.isEmpty()) {
                continue;
            }
            double m = memory.get().medianNanos();
            for (String store : List.of("postgresql", "h2")) {
                Optional<Measurement> db = find(measurements, call[2], store);
                if (db.isPresent()) {
                    row(out, call[0], "memory", time(m) + unit(call[1]), "the same call through JPA on " + store,
                            time(db.get().medianNanos()) + unit(call[2]), ratio(m / db.get().medianNanos()), "", "");
                }
            }
            if (find(measurements, call[2], "postgresql").isEmpty() && find(measurements, call[2], "h2").isEmpty()) {
                row(out, call[0], "memory", time(m) + unit(call[1]), "", "", "", "", "");
            }
        }
        return out.toString();
    }

    /** @return every missed goal, for the run's summary */
    static List<String> missedGoals(String table) {
        List<String> missed = new ArrayList<>();
        for (String line : table.split("\n")) {
            if (line.endsWith("| MISSED |")) {
                missed.add(line);
            }
        }
        return missed;
    }

    private static Optional<Measurement> find(List<Measurement> measurements, String benchmark, String store) {
        return measurements.stream().filter(m -> m.benchmark().equals(benchmark) && m.store().equals(store)).findFirst();
    }

    private static String unit(String benchmark) {
        return batched(benchmark) ? "/call" : "";
    }

    private static String verdict(boolean applies, boolean met) {
        if (!applies) {
            return "(info)";
        }
        return met ? "met" : "MISSED";
    }

    private static void row(StringBuilder out, String... cells) {
        out.append('|');
        for (String cell : cells) {
            out.append(' ').append(cell).append(" |");
        }
        out.append('\n');
    }

    static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.2fx", ratio);
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** @return a duration with three significant digits in a readable unit */
    static String time(double nanos) {
        if (nanos < 1_000) {
            return String.format(Locale.ROOT, "%.0f ns", nanos);
        }
        if (nanos < 1_000_000) {
            return sig(nanos / 1e3) + " µs";
        }
        if (nanos < 1_000_000_000) {
            return sig(nanos / 1e6) + " ms";
        }
        return sig(nanos / 1e9) + " s";
    }

    private static String sig(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (value >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
