package io.github.commscentre.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

    private static Report.Measurement ms(String benchmark, String store, double millis) {
        return new Report.Measurement(benchmark, store, millis * 1e6, 10);
    }

    @Test
    void ratioIsLibraryOverBaselineAndGoalIsJudgedOnlyWhereItIsSet() {
        String table = Report.render(List.of(
                ms("AddRecipientsBenchmark.facade", "postgresql", 130),
                ms("AddRecipientsBenchmark.rawJdbcBatch", "postgresql", 100),
                ms("AddRecipientsBenchmark.plainHibernate", "postgresql", 520),
                ms("AddRecipientsBenchmark.facade", "h2", 200),
                ms("AddRecipientsBenchmark.rawJdbcBatch", "h2", 100)));

        assertThat(table).contains("| postgresql | 130 ms | (a) raw JDBC batch insert: the limit | 100 ms | 1.30x | ≤ 1.3x | met |");
        assertThat(table).contains("| 0.25x (4.0x faster) | ≥ 3x faster | met |");
        assertThat(table).contains("| h2 | 200 ms | (a) raw JDBC batch insert: the limit | 100 ms | 2.00x | ≤ 1.3x (set for postgresql) | (info) |");
        assertThat(Report.missedGoals(table)).isEmpty();
    }

    @Test
    void aRatioAboveTheGoalIsMissed() {
        String table = Report.render(List.of(
                ms("ListBenchmark.facadeDeepPage", "h2", 1.3),
                ms("ListBenchmark.facadeFirstPage", "h2", 1.0)));

        assertThat(table).contains("| 1.30 ms | the library's first page | 1.00 ms | 1.30x | ≤ 1.2x | MISSED |");
        assertThat(Report.missedGoals(table)).hasSize(1);
    }

    @Test
    void verificationIsJudgedInEventsPerSecond() {
        String table = Report.render(List.of(ms("VerifyAuditTrailBenchmark.facade", "postgresql", Sizes.AUDIT_EVENTS / 250.0)));

        assertThat(table).contains("events/s |  |  |  | ≥ 200,000 events/s | met |");
        assertThat(table).contains(" = 250,000 events/s");
    }

    @Test
    void dispatchIsJudgedInRecipientsPerSecondAndAgainstRawJdbcOnPostgresql() {
        String table = Report.render(List.of(
                ms("DispatchBenchmark.facade", "postgresql", Sizes.DISPATCH_RECIPIENTS / 20.0),
                ms("DispatchBenchmark.rawJdbc", "postgresql", Sizes.DISPATCH_RECIPIENTS / 25.0),
                ms("DispatchBenchmark.facade", "h2", Sizes.DISPATCH_RECIPIENTS / 5.0)));

        assertThat(table).contains(" = 20,000 recipients/s |  |  |  | ≥ 10,000 recipients/s | met |");
        assertThat(table).contains("| raw JDBC: the same claims of 500, an outcome batch and an audit row each | ")
                .contains("| 1.25x | ≤ 1.5x | met |");
        assertThat(table).contains(" = 5,000 recipients/s |  |  |  | ≥ 10,000 recipients/s (set for postgresql) | (info) |");
        assertThat(Report.missedGoals(table)).isEmpty();
    }

    @Test
    void statusUpdatesAreShownPerCallAndInMemoryBesideTheDatabase() {
        String table = Report.render(List.of(
                ms("RecipientStatusBenchmark.facade8", "h2", 3),
                ms("RecipientStatusBenchmark.rawJdbc8", "h2", 1),
                ms("RecipientStatusBenchmark.facade8", "postgresql", 3),
                ms("RecipientStatusBenchmark.rawJdbc8", "postgresql", 1),
                ms("InMemoryBenchmark.updateRecipientStatus8", "memory", 0.03)));

        // The issues set the status goals for PostgreSQL; H2's ratio is shown for information.
        assertThat(table).contains("| postgresql | 3.00 ms/call | raw JDBC UPDATE + INSERT, 8 threads | 1.00 ms/call | 3.00x | ≤ 1.5x | MISSED |");
        assertThat(table).contains("| h2 | 3.00 ms/call | raw JDBC UPDATE + INSERT, 8 threads | 1.00 ms/call | 3.00x"
                + " | ≤ 1.5x (set for postgresql) | (info) |");
        assertThat(table).contains("| memory | 30.0 µs/call | the same call through JPA on h2 | 3.00 ms/call | 0.01x |");
    }

    @Test
    void missingBaselinesLeaveTheirLinesOut() {
        String table = Report.render(List.of(ms("GetByIdBenchmark.facade", "h2", 5)));

        assertThat(table.lines()).hasSize(2);
    }

    @Test
    void batchedBenchmarksAreTheStatusUpdates() {
        assertThat(Report.batched("RecipientStatusBenchmark.rawJdbc1")).isTrue();
        assertThat(Report.batched("InMemoryBenchmark.updateRecipientStatus8")).isTrue();
        assertThat(Report.batched("InMemoryBenchmark.getById")).isFalse();
    }

    @Test
    void timesAreReadable() {
        assertThat(Report.time(850)).isEqualTo("850 ns");
        assertThat(Report.time(12_345)).isEqualTo("12.3 µs");
        assertThat(Report.time(1_234_567)).isEqualTo("1.23 ms");
        assertThat(Report.time(4_200_000_000.0)).isEqualTo("4.20 s");
    }
}
