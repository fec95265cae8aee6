package dev.baton.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void aFigureAboveItsTargetIsReportedAsMissedWithItsRatio() {
        Report report = new Report();
        report.section("1. Latency").atMost("p50", 41, 10, " ms").atMost("p99", 4.1, 10, " ms");

        String markdown = report.markdown();

        assertThat(markdown).contains("| p50 | 41.0 ms | ≤ 10.0 ms | 4.10× target | MISSED |");
        assertThat(markdown).contains("| p99 | 4.10 ms | ≤ 10.0 ms | 0.410× target | meets |");
    }

    @Test
    void sectionsAreOrderedByFigureNumberWhateverTheOrderTheyWereMeasuredIn() {
        Report report = new Report();
        report.section("7. Startup").row("cold", "1 s");
        report.section("1. Execute accepted").row("p50", "1 ms");
        report.section("Run aborted").note("stopped");

        String markdown = report.markdown();

        assertThat(markdown.indexOf("## 1. Execute")).isLessThan(markdown.indexOf("## 7. Startup"));
        assertThat(markdown.indexOf("## 7. Startup")).isLessThan(markdown.indexOf("## Run aborted"));
    }

    @Test
    void aNonZeroErrorCountMissesItsTarget() {
        Report report = new Report();
        report.section("6. Concurrency").zero("errors", 3).zero("refused", 0);

        assertThat(report.markdown()).contains("| errors | 3 | 0 |  | MISSED |").contains("| refused | 0 | 0 |  | meets |");
    }
}
