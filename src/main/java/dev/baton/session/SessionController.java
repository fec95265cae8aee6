package dev.baton.session;

import dev.baton.approval.ApprovalMode;
import dev.baton.claude.CliValues;
import dev.baton.claude.PermissionMode;
import dev.baton.user.CurrentUser;
import dev.baton.web.Budgets;
import dev.baton.web.PageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/sessions")
@Tag(name = "Sessions", description = "Interactive chat with Claude Code")
class SessionController {

    private final SessionService sessions;

    SessionController(SessionService sessions) {
        this.sessions = sessions;
    }

    @Schema(example = """
            {"title": "repo chores", "model": "sonnet", "permissionMode": "acceptEdits",
             "allowedTools": ["Bash(git status:*)", "Read"], "workingDirectory": "my-repo", "maxTurns": 10,
             "maxBudgetUsd": 2.50, "appendSystemPrompt": "Be brief.", "approvalMode": "ask",
             "approvalTimeoutSeconds": 600}""")
    record CreateSessionRequest(
            @Size(max = 200) String title,
            @Pattern(regexp = CliValues.MODEL, message = CliValues.MODEL_MESSAGE) String model,
            PermissionMode permissionMode,
            @Size(max = 100) List<@NotNull @Pattern(regexp = CliValues.TOOL,
                    message = CliValues.TOOL_MESSAGE) String> allowedTools,
            @Size(max = 100) List<@NotNull @Pattern(regexp = CliValues.TOOL,
                    message = CliValues.TOOL_MESSAGE) String> disallowedTools,
            @Size(max = 4096) String workingDirectory,
            @Size(max = 20000) String appendSystemPrompt,
            @Min(1) @Max(1000) Integer maxTurns,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(Budgets.MAX)
            @Digits(integer = Budgets.INTEGER, fraction = Budgets.FRACTION) BigDecimal maxBudgetUsd,
            ApprovalMode approvalMode,
            @Min(10) @Max(86_400) Integer approvalTimeoutSeconds) {

        SessionSettings settings() {
            return new SessionSettings(title, model, permissionMode, allowedTools, disallowedTools, appendSystemPrompt,
                    maxTurns, maxBudgetUsd, approvalMode, approvalTimeoutSeconds);
        }
    }

    @Schema(example = """
            {"message": "What is in this directory?"}""")
    record QueryRequest(String message) {
    }

    @PostMapping
    @Operation(summary = "Create a session")
    @ApiResponse(responseCode = "201", description = "The session, at the URL in Location")
    ResponseEntity<SessionView> create(@AuthenticationPrincipal CurrentUser user,
            @Valid @RequestBody CreateSessionRequest request) {
        SessionView session = sessions.create(user.id(), request.settings(), request.workingDirectory());
        return ResponseEntity.created(URI.create("/api/v1/sessions/" + session.id())).body(session);
    }

    @GetMapping
    @Operation(summary = "List your sessions, newest first")
    PageView<SessionView> list(@AuthenticationPrincipal CurrentUser user,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return sessions.list(user.id(), page, size);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A session, with the turn it runs now (runningTurn) while one runs")
    SessionView get(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return sessions.get(id, user.id());
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a session with its messages")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "A turn of the session is running")
    ResponseEntity<Void> delete(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        sessions.delete(id, user.id());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/messages")
    @Operation(summary = "Messages in order; page with ?after=<last sequence seen>")
    List<MessageView> messages(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
            @RequestParam(defaultValue = "0") @Min(0) long after,
            @RequestParam(defaultValue = "500") @Min(1) @Max(1000) int limit) {
        return sessions.messages(id, user.id(), after, limit);
    }

    @PostMapping("/{id}/query")
    @Operation(summary = "Send a message and wait for Claude's reply")
    @ApiResponse(responseCode = "200", description = "The turn ended; also when Claude reported an error (isError, "
            + "error {type, message, cliMessage, apiStatus})")
    @ApiResponse(responseCode = "409", description = "Another turn of the session is running")
    @ApiResponse(responseCode = "402", description = "Your monthly budget is spent (budget_exhausted); nothing ran")
    @ApiResponse(responseCode = "429", description = "Every CLI slot of this node is busy, or you already run your "
            + "maxConcurrentTurns; retry after Retry-After")
    @ApiResponse(responseCode = "503", description = "The Claude CLI is not installed on this node")
    TurnResult query(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
            @RequestBody QueryRequest request) {
        return sessions.sendMessage(id, user.id(), request.message());
    }

    @PostMapping("/{id}/interrupt")
    @Operation(summary = "Stop the running turn, whichever node runs it: 200 with the ended turn (error.type "
            + "cancelled, messages kept); 202 with the turn if it is still stopping after 15 s; 409 when no turn runs "
            + "or a task execution runs it")
    @ApiResponse(responseCode = "200", description = "The interrupted turn, ended as cancelled; the session takes the "
            + "next query", content = @Content(schema = @Schema(implementation = TurnResult.class)))
    @ApiResponse(responseCode = "202", description = "The turn is still stopping after 15 s",
            content = @Content(schema = @Schema(implementation = RunningTurn.class)))
    @ApiResponse(responseCode = "409", description = "No turn runs, or a task execution runs it (executionId names "
            + "it: cancel the execution instead)")
    ResponseEntity<?> interrupt(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return sessions.interrupt(id, user.id()).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.ACCEPTED).body(sessions.get(id, user.id())
                        .runningTurn()));
    }
}
