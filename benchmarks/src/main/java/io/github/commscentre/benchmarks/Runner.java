package io.github.commscentre.benchmarks;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The one command behind {@code benchmarks/run.sh}: prepares the datasets, runs every JMH benchmark with short
 * settings fit for a small machine, prints the table of medians and ratios (and writes it to
 * {@code benchmarks/target/benchmark-report.md}), then runs the memory check in a JVM capped at 256 MB.
 *
 * <p>Options: {@code --db=h2,postgresql} (default: H2, and PostgreSQL when {@code COMMS_TEST_POSTGRES_URL} is set),
 * {@code --only=REGEX} (benchmarks to run), {@code --quick} (tiny datasets and iterations, for debugging),
 * {@code --prof=SPEC} (a JMH profiler, e.g. {@code stack} or {@code gc}; repeatable), {@code --no-memory-check},
 * {@code --no-counts} (skip counting the JDBC executions behind one call of each scenario),
 * {@code --memory-check-only} (prepare the datasets, then only the memory check), {@code --letters} (no database: only
 * the letter benchmark and the print-batch memory check).
 */
public final class Runner {

    private static final String ALL = "io\\.github\\.commscentre\\.benchmarks\\..*Benchmark\\..*";

    private Runner() {
    }

    /**
     * @param args see the class comment
     * @throws Exception when the run cannot complete
     */
    public static void main(String[] args) throws Exception {
        List<String> dbs = new ArrayList<>();
        String only = ALL;
        boolean quick = false;
        boolean memoryCheck = true;
        boolean benchmarks = true;
        boolean withCounts = true;
        List<String> profilers = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--db=")) {
                dbs.addAll(List.of(arg.substring(5).split(",")));
            } else if (arg.startsWith("--only=")) {
                only = arg.substring(7);
            } else if (arg.equals("--quick")) {
                quick = true;
            } else if (arg.startsWith("--prof=")) {
                profilers.add(arg.substring(7));
            } else if (arg.equals("--no-memory-check")) {
                memoryCheck = false;
            } else if (arg.equals("--no-counts")) {
                withCounts = false;
            } else if (arg.equals("--memory-check-only")) {
                benchmarks = false;
            } else if (arg.equals("--letters")) {
                System.exit(runLetters(quick, memoryCheck));
            } else {
                throw new IllegalArgumentException("unknown option " + arg + " (see Runner's Javadoc)");
            }
        }
        // Before Sizes is first touched: it reads the property once.
        System.setProperty("bench.quick", String.valueOf(quick));
        if (dbs.isEmpty()) {
            dbs.add("h2");
            if (BenchDatabase.postgresConfigured()) {
                dbs.add("postgresql");
            } else {
                Datasets.log(BenchDatabase.POSTGRES_URL_VARIABLE + " is not set: running on H2 and in memory only");
            }
        }
        Path target = BenchDatabase.dataDirectory().getParent();
        printMachine(dbs);

        for (String db : dbs) {
            try (BenchDatabase database = BenchDatabase.open(db)) {
                Datasets.purgeTransient(database);
                for (Datasets.Dataset dataset : Datasets.Dataset.values()) {
                    Datasets.ensure(database, dataset);
                }
            }
        }

        int exit = 0;
        if (benchmarks) {
            String table = runBenchmarks(dbs, only, quick, profilers, target);
            System.out.println();
            System.out.println("## Medians and ratios (each library call beside its baselines, same run)");
            System.out.println();
            System.out.println(table);
            List<String> missed = Report.missedGoals(table);
            System.out.println(missed.isEmpty() ? "Every goal measured in this run was met."
                    : missed.size() + " goal(s) missed in this run: see docs/benchmarks.md for the profiles behind them.");
            StringBuilder counts = new StringBuilder();
            if (withCounts) {
                for (String db : dbs) {
                    try (BenchDatabase database = BenchDatabase.open(db)) {
                        counts.append('\n').append(StatementCounts.table(database));
                    }
                }
                System.out.println();
                System.out.println("## JDBC executions and transaction ends behind one call");
                System.out.println(counts);
            }
            Path report = target.resolve("benchmark-report.md");
            Files.writeString(report, table + counts, StandardCharsets.UTF_8);
            Datasets.log("table written to " + report);
        }
        if (memoryCheck) {
            exit = runMemoryCheck(dbs, quick);
            exit = Math.max(exit, runPrintBatchMemoryCheck(quick));
        }
        System.exit(exit);
    }

    private static String runBenchmarks(List<String> dbs, String only, boolean quick, List<String> profilers, Path target)
            throws Exception {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(only)
                .param("db", dbs.toArray(new String[0]))
                .shouldFailOnError(true)
                .jvmArgsAppend("-Xms1g", "-Xmx4g",
                        "-Dorg.jboss.logging.provider=slf4j",
                        "-Dbench.quick=" + quick,
                        "-Dbench.dataDir=" + BenchDatabase.dataDirectory())
                .result(target.resolve("jmh-result.json").toString())
                .resultFormat(ResultFormatType.JSON);
        if (quick) {
            options.forks(1).warmupIterations(1).measurementIterations(2)
                    .warmupTime(TimeValue.milliseconds(300)).measurementTime(TimeValue.milliseconds(300));
        }
        for (String profiler : profilers) {
            int colon = profiler.indexOf(':');
            if (colon < 0) {
                options.addProfiler(profiler);
            } else {
                options.addProfiler(profiler.substring(0, colon), profiler.substring(colon + 1));
            }
        }
        Collection<RunResult> results = new org.openjdk.jmh.runner.Runner(options.build()).run();
        return Report.render(measurements(results));
    }

    static List<Report.Measurement> measurements(Collection<RunResult> results) {
        List<Report.Measurement> measurements = new ArrayList<>();
        for (RunResult result : results) {
            String full = result.getParams().getBenchmark();
            String[] parts = full.split("\\.");
            String benchmark = parts[parts.length - 2] + "." + parts[parts.length - 1];
            String db = result.getParams().getParam("db");
            String store = db == null ? "memory" : db;
            Statistics statistics = result.getPrimaryResult().getStatistics();
            double nanos = statistics.getPercentile(50) * nanosPer(result.getPrimaryResult().getScoreUnit());
            if (Report.batched(benchmark)) {
                nanos /= Sizes.STATUS_BATCH;
            }
            measurements.add(new Report.Measurement(benchmark, store, nanos, statistics.getN()));
        }
        return measurements;
    }

    private static double nanosPer(String scoreUnit) {
        String unit = scoreUnit.substring(0, scoreUnit.indexOf('/'));
        return switch (unit) {
            case "ns" -> 1;
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            default -> throw new IllegalStateException("unexpected unit " + scoreUnit);
        };
    }

    private static int runMemoryCheck(List<String> dbs, boolean quick) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m",
                "-Dbench.h2CacheKb=16384",
                "-Dorg.jboss.logging.provider=slf4j",
                "-Dbench.quick=" + quick,
                "-Dbench.dataDir=" + BenchDatabase.dataDirectory(),
                "-cp", System.getProperty("java.class.path"),
                MemoryCheck.class.getName()));
        command.addAll(dbs);
        System.out.println();
        System.out.println("## Memory: a separate JVM with -Xmx256m");
        System.out.println();
        System.out.println("    " + String.join(" ", command.subList(0, 3)) + " ... " + MemoryCheck.class.getSimpleName() + " "
                + String.join(" ", dbs));
        System.out.flush();
        Process process = new ProcessBuilder(command).inheritIO().directory(new File(".")).start();
        int exit = process.waitFor();
        if (exit != 0) {
            System.out.println("MEMORY CHECK FAILED (exit " + exit + ")");
        }
        return exit;
    }

    /** The letter benchmark alone (letters per second), then the print batch in 256 MB: no database is involved. */
    private static int runLetters(boolean quick, boolean memoryCheck) throws Exception {
        printMachine(List.of());
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(LetterRenderBenchmark.class.getName() + "\\..*")
                .forks(1)
                .shouldFailOnError(true)
                .jvmArgsAppend("-Xms1g", "-Xmx1g");
        if (quick) {
            options.warmupIterations(1).measurementIterations(2)
                    .warmupTime(TimeValue.milliseconds(300)).measurementTime(TimeValue.milliseconds(300));
        }
        Collection<RunResult> results = new org.openjdk.jmh.runner.Runner(options.build()).run();
        System.out.println();
        System.out.println("## Letters rendered per second (one thread)");
        System.out.println();
        System.out.println("| letter | median per letter | letters per second |");
        System.out.println("|---|---|---|");
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark().replaceAll(".*\\.", "");
            Statistics statistics = result.getPrimaryResult().getStatistics();
            double millis = statistics.getPercentile(50) * nanosPer(result.getPrimaryResult().getScoreUnit()) / 1e6;
            System.out.printf(Locale.ROOT, "| %s | %.1f ms | %.1f |%n", name, millis, 1000 / millis);
        }
        System.out.println();
        System.out.println("## CPU time per letter (one thread)");
        System.out.println();
        System.out.println("| letter | CPU per letter | letters per CPU-second | wall per letter |");
        System.out.println("|---|---|---|---|");
        System.out.flush();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int cpu = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                LetterCpuTime.class.getName(), quick ? "30" : "300").inheritIO().start().waitFor();
        if (cpu != 0) {
            return cpu;
        }
        return memoryCheck ? runPrintBatchMemoryCheck(quick) : 0;
    }

    private static int runPrintBatchMemoryCheck(boolean quick) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                PrintBatchMemoryCheck.class.getName(), quick ? "200" : "5000");
        System.out.println();
        System.out.println("## Memory: a print batch in a separate JVM with -Xmx256m");
        System.out.println();
        System.out.println("    " + String.join(" ", command.subList(0, 2)) + " ... "
                + PrintBatchMemoryCheck.class.getSimpleName() + " " + command.get(command.size() - 1));
        System.out.flush();
        Process process = new ProcessBuilder(command).inheritIO().directory(new File(".")).start();
        int exit = process.waitFor();
        if (exit != 0) {
            System.out.println("PRINT BATCH MEMORY CHECK FAILED (exit " + exit + ")");
        }
        return exit;
    }

    private static void printMachine(List<String> dbs) {
        System.out.println("## Machine");
        System.out.println();
        System.out.println("- cores: " + Runtime.getRuntime().availableProcessors());
        System.out.println("- memory: " + firstLine("/proc/meminfo", "MemTotal"));
        System.out.println("- load average at start: " + firstLine("/proc/loadavg", ""));
        System.out.println("- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        System.out.println("- OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        System.out.println("- H2: " + org.h2.engine.Constants.FULL_VERSION);
        if (dbs.contains("postgresql")) {
            try (BenchDatabase db = BenchDatabase.open("postgresql"); Connection c = db.connection();
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select version()")) {
                rs.next();
                System.out.println("- PostgreSQL: " + rs.getString(1));
            } catch (SQLException e) {
                System.out.println("- PostgreSQL: unknown (" + e.getMessage() + ")");
            }
        }
        System.out.println("- sizes: " + (Sizes.QUICK ? "QUICK (debugging only)" : "full"));
        System.out.println();
        System.out.flush();
    }

    private static String firstLine(String file, String prefix) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length()).replace(":", "").trim().toLowerCase(Locale.ROOT);
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }
}
