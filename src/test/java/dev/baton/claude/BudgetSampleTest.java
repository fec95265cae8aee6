package dev.baton.claude;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The real CLI's output when {@code --max-budget-usd} stops a turn (recorded with 2.1.330 and a 0.06 cap). */
class BudgetSampleTest {

    @Test
    void budgetExhaustedIsBudgetExceededNeverRetriedWithTheCostPastTheCap() throws IOException {
        TurnTracker tracker = new TurnTracker();
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream(
                "/claude-cli-samples/approvals-and-budget/max_budget_usd.jsonl"))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    ClaudeEvent event = ClaudeStreamParser.parse(line);
                    assertThat(event).as(line).isNotNull();
                    tracker.accept(line, event);
                }
            }
        }

        ClaudeOutcome outcome = tracker.outcome(1, "", null);

        assertThat(outcome.failure().type()).isEqualTo(FailureType.BUDGET_EXCEEDED);
        assertThat(outcome.failure().retryable()).isFalse();
        assertThat(outcome.failure().message()).contains("maxBudgetUsd");
        assertThat(outcome.failure().cliMessage()).contains("Reached maximum budget ($0.06)");
        assertThat(outcome.result().totalCostUsd()).isEqualByComparingTo(new BigDecimal("0.1011"));
    }
}
