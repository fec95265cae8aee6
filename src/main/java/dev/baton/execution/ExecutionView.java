package dev.baton.execution;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An execution as the API shows it; {@code progress} is present while it runs, and {@code previousRunIds} names
 * earlier workflow runs of a restarted execution.
 */
public record ExecutionView(UUID id, UUID taskId, ExecutionStatus status, TriggerType triggerType, int attempt,
        UUID sessionId, String response, Error error, BigDecimal costUsd, @JsonRawValue String usage, Long durationMs,
        String workflowId, String runId, List<String> previousRunIds, Instant createdAt, Instant startedAt, Instant completedAt, Links links,
        ExecutionProgress progress) {

    /** As a turn's error: Baton's sentence, and beside it the CLI's own text and the API's HTTP status, if any. */
    public record Error(String type, String message, String cliMessage, Integer apiStatus) {
    }

    public record Links(String self, String history, String session, String temporalUi) {
    }
}
