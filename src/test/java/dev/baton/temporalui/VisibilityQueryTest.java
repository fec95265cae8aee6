package dev.baton.temporalui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VisibilityQueryTest {

    private static final Map<String, Object> COMPLETED = row("execution-1", "Completed", "2026-01-02T10:00:00Z", null);
    private static final Map<String, Object> RUNNING = row("schedule-2", "Running", "2026-01-03T10:00:00Z", "x");

    @Test
    void filtersAsTheUiWritesThem() {
        assertMatches("", true, true);
        assertMatches("ExecutionStatus=\"Completed\"", true, false);
        assertMatches("`ExecutionStatus`!=\"Completed\"", false, true);
        assertMatches("WorkflowId STARTS_WITH \"execution-\"", true, false);
        assertMatches("WorkflowId NOT STARTS_WITH \"execution-\"", false, true);
        assertMatches("ExecutionStatus IN (\"Running\", 'Failed')", false, true);
        assertMatches("StartTime > \"2026-01-02T12:00:00Z\"", false, true);
        assertMatches("StartTime BETWEEN \"2026-01-01T00:00:00Z\" AND \"2026-01-02T23:59:59+01:00\"", true, false);
        assertMatches("ParentWorkflowId is null", true, false);
        assertMatches("`ParentWorkflowId` IS NOT NULL", false, true);
        assertMatches("(ExecutionStatus=\"Running\" or ExecutionStatus=\"Completed\") and WorkflowType=\"T\"", true, true);
        assertMatches("NOT ExecutionStatus=\"Running\"", true, false);
        assertMatches("CloseTime > \"2026-01-01T00:00:00Z\"", false, false);
    }

    @Test
    void groupByIsReadForCounts() {
        assertThat(VisibilityQuery.parse("GROUP BY ExecutionStatus").groupBy()).isEqualTo("ExecutionStatus");
        VisibilityQuery grouped = VisibilityQuery.parse("WorkflowType=\"T\" GROUP BY ExecutionStatus");
        assertThat(grouped.groupBy()).isEqualTo("ExecutionStatus");
        assertThat(grouped.matches(COMPLETED)).isTrue();
    }

    @Test
    void refusesWhatItCannotEvaluateWithAMessageNamingIt() {
        assertInvalid("Flavour=\"sweet\"", "Unknown search attribute 'Flavour'");
        assertInvalid("WorkflowId=\"x", "Unclosed \"");
        assertInvalid("WorkflowId =", "ends where a value for WorkflowId was expected");
        assertInvalid("StartTime > \"yesterday\"", "StartTime needs a time");
        assertInvalid("WorkflowId LIKE \"x\"", "Unsupported operator 'LIKE'");
        assertInvalid("WorkflowId=\"x\" ORDER BY StartTime", "ORDER BY is not supported");
        assertInvalid("GROUP BY WorkflowType", "grouped by ExecutionStatus only");
        assertInvalid("(WorkflowId=\"x\"", "ends where ')'");
        assertInvalid("WorkflowId=\"x\" )", "Unexpected ')'");
        assertInvalid("WorkflowId ! \"x\"", "Unexpected '!'");
    }

    private static void assertMatches(String query, boolean completed, boolean running) {
        VisibilityQuery parsed = VisibilityQuery.parse(query);
        assertThat(parsed.matches(COMPLETED)).as(query + " on the completed run").isEqualTo(completed);
        assertThat(parsed.matches(RUNNING)).as(query + " on the running run").isEqualTo(running);
    }

    private static void assertInvalid(String query, String message) {
        assertThatThrownBy(() -> VisibilityQuery.parse(query)).as(query)
                .isInstanceOf(VisibilityQuery.Invalid.class).hasMessageContaining(message);
    }

    private static Map<String, Object> row(String workflowId, String status, String start, String parent) {
        Map<String, Object> row = new HashMap<>();
        row.put("WorkflowId", workflowId);
        row.put("WorkflowType", "T");
        row.put("ExecutionStatus", status);
        row.put("StartTime", Instant.parse(start));
        row.put("CloseTime", null);
        row.put("ParentWorkflowId", parent);
        return row;
    }
}
