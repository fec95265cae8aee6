package dev.baton.execution;

import dev.baton.user.CurrentUser;
import dev.baton.web.PageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Executions", description = "Task executions running on Temporal")
class ExecutionController {

    private final ExecutionService executions;

    ExecutionController(ExecutionService executions) {
        this.executions = executions;
    }

    /** The 202 answer: enough to follow the execution without waiting for it. */
    record ExecutionAccepted(UUID executionId, ExecutionStatus status, String workflowId, String runId,
            ExecutionView.Links links) {

        static ExecutionAccepted of(ExecutionView e) {
            return new ExecutionAccepted(e.id(), e.status(), e.workflowId(), e.runId(), e.links());
        }
    }

    @PostMapping("/api/v1/tasks/{id}/execute")
    @Operation(summary = "Execute a task: 202 at once (async, the default), or 200 when it ends (sync)")
    @ApiResponse(responseCode = "202", description = "Accepted: the execution is queued (async mode)",
            content = @Content(schema = @Schema(implementation = ExecutionAccepted.class)))
    @ApiResponse(responseCode = "200", description = "The execution once it ended (sync mode)",
            content = @Content(schema = @Schema(implementation = ExecutionView.class)))
    @ApiResponse(responseCode = "402", description = "Your monthly budget is spent (budget_exhausted); nothing was "
            + "recorded or started")
    @ApiResponse(responseCode = "503", description = "Temporal could not start the workflow; the execution is failed "
            + "(workflow_start_failed); retry after Retry-After")
    ResponseEntity<?> execute(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
            @RequestHeader(name = "Idempotency-Key", required = false) @Size(min = 1, max = 200) String idempotencyKey,
            @Valid @RequestBody(required = false) ExecuteRequest body) {
        ExecuteRequest request = body == null ? ExecuteRequest.EMPTY : body;
        if (request.modeOrDefault() == ExecutionMode.SYNC) {
            ExecutionView ended = executions.executeAndAwait(id, user.id(), TriggerType.MANUAL,
                    request.variablesOrEmpty(), idempotencyKey, request.maxBudgetUsd());
            return ResponseEntity.ok().location(URI.create(ended.links().self())).body(ended);
        }
        ExecutionView execution = executions.execute(id, user.id(), TriggerType.MANUAL, request.variablesOrEmpty(),
                idempotencyKey, request.maxBudgetUsd()).execution();
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(execution.links().self()))
                .body(ExecutionAccepted.of(execution));
    }

    @GetMapping("/api/v1/tasks/{id}/executions")
    @Operation(summary = "A task's executions, newest first")
    PageView<ExecutionView> list(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return executions.list(id, user.id(), page, size);
    }

    @GetMapping("/api/v1/executions/{id}")
    @Operation(summary = "An execution, with live progress while it runs")
    ExecutionView get(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return executions.get(id, user.id());
    }

    @PostMapping("/api/v1/executions/{id}/cancel")
    @Operation(summary = "Cancel a queued or running execution (409 once it has ended)")
    @ApiResponse(responseCode = "202", description = "Cancelling: the CLI is killed and the status becomes cancelled")
    @ApiResponse(responseCode = "409", description = "The execution has already ended")
    ResponseEntity<ExecutionView> cancel(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(executions.cancel(id, user.id()));
    }

    @PostMapping("/api/v1/executions/{id}/continue")
    @Operation(summary = "Continue an execution that ended max_turns, budget_exceeded or timed_out: its conversation "
            + "resumes as a new step of the same execution")
    @ApiResponse(responseCode = "202", description = "Accepted: the execution is queued again",
            content = @Content(schema = @Schema(implementation = ExecutionAccepted.class)))
    @ApiResponse(responseCode = "402", description = "Your monthly budget is spent (budget_exhausted)")
    @ApiResponse(responseCode = "409", description = "The execution did not end in a way that can be continued")
    ResponseEntity<ExecutionAccepted> continueExecution(@AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id, @Valid @RequestBody(required = false) ContinueRequest body) {
        ContinueRequest request = body == null ? ContinueRequest.EMPTY : body;
        ExecutionView execution = executions.continueExecution(id, user.id(), request.message(), request.maxTurns(),
                request.additionalBudgetUsd());
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(execution.links().self()))
                .body(ExecutionAccepted.of(execution));
    }

    @GetMapping("/api/v1/executions/{id}/history")
    @Operation(summary = "The Temporal event history of the execution's current run, from Temporal or, once Temporal"
            + " no longer has the run, from Baton's archive")
    ExecutionHistory history(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return executions.history(id, user.id());
    }
}
