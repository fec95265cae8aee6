package dev.baton.execution;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.baton.session.TurnListing;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An execution as the API shows it; {@code progress} is present while it runs, and {@code previousRunIds} names
 * earlier workflow runs of a restarted or continued execution. {@code turns} lists every attempt's and
 * continuation's turn, on {@code GET /api/v1/executions/{id}} only.
 */
public record ExecutionView(UUID id, UUID taskId, ExecutionStatus status, TriggerType triggerType, int attempt,
        UUID sessionId, String response, Error error, BigDecimal costUsd, @JsonRawValue String usage, Long durationMs,
        String workflowId, String runId, List<String> previousRunIds, Instant createdAt, Instant startedAt, Instant completedAt, Links links,
        ExecutionProgress progress, BigDecimal maxBudgetUsd, int continuations, List<TurnListing> turns) {

    /** A view without the budget, continuations and turns (as events built before they existed). */
    public ExecutionView(UUID id, UUID taskId, ExecutionStatus status, TriggerType triggerType, int attempt,
            UUID sessionId, String response, Error error, BigDecimal costUsd, String usage, Long durationMs,
            String workflowId, String runId, List<String> previousRunIds, Instant createdAt, Instant startedAt,
            Instant completedAt, Links links, ExecutionProgress progress) {
        this(id, taskId, status, triggerType, attempt, sessionId, response, error, costUsd, usage, durationMs,
                workflowId, runId, previousRunIds, createdAt, startedAt, completedAt, links, progress, null, 0, null);
    }

    /** As a turn's error: Baton's sentence, and beside it the CLI's own text and the API's HTTP status, if any. */
    public record Error(String type, String message, String cliMessage, Integer apiStatus) {
    }

    public record Links(String self, String history, String session, String temporalUi) {
    }
}
