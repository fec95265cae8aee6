package dev.baton.execution;

import dev.baton.NewUntilStored;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import dev.baton.session.TurnSpend;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One run of a task. It guards its own status: moves go forward only, repeating a move is harmless (activities
 * may be retried), and a terminal status is left only by {@linkplain #continueWith continuing} a run cut short.
 * Only changed columns are written, so the API recording a run id and an activity recording progress never overwrite
 * each other.
 */
@Entity
@Table(name = "task_executions")
@DynamicUpdate
class TaskExecution extends NewUntilStored {

    @Id
    private UUID id;

    @Column(nullable = false)
    private UUID taskId;

    @Column(nullable = false)
    private UUID userId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ExecutionStatus status;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private TriggerType triggerType;

    private String idempotencyKey;

    @Column(nullable = false)
    private String prompt;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private Map<String, String> variables;

    @Column(nullable = false)
    private int attempt;

    private UUID sessionId;
    private String response;
    private String errorType;
    private String errorMessage;
    private String errorCliMessage;
    private Integer errorApiStatus;
    private BigDecimal costUsd;
    private BigDecimal maxBudgetUsd;

    @Column(nullable = false)
    private int continuations;

    private String continueMessage;

    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    private String usage;

    private Long durationMs;

    @Column(nullable = false)
    private String workflowId;

    private String runId;

    @Column(nullable = false, columnDefinition = "text[]")
    private String[] previousRunIds;

    @Column(nullable = false)
    private Instant createdAt;

    private Instant startedAt;
    private Instant completedAt;

    // The approval request it waits on (awaiting_approval), or the decided one its next turn resumes with.
    private UUID approvalId;

    protected TaskExecution() {
    }

    /** @param maxBudgetUsd the execution's own cap, in place of the task's; null keeps the task's */
    TaskExecution(UUID taskId, UUID userId, TriggerType trigger, String idempotencyKey, String prompt,
            Map<String, String> variables, BigDecimal maxBudgetUsd) {
        this.id = UUID.randomUUID();
        this.taskId = taskId;
        this.userId = userId;
        this.status = ExecutionStatus.QUEUED;
        this.triggerType = trigger;
        this.idempotencyKey = idempotencyKey;
        this.prompt = prompt;
        this.variables = Map.copyOf(variables);
        this.maxBudgetUsd = maxBudgetUsd;
        this.workflowId = workflowIdFor(id);
        this.previousRunIds = new String[0];
        this.createdAt = now();
    }

    /**
     * PostgreSQL keeps microseconds. Truncating here makes the entity in memory, which execution events carry (a
     * webhook's {@code data}), show the same times as the row read back later.
     */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** Derived from the execution id, so anyone holding one can find the other. */
    static String workflowIdFor(UUID executionId) {
        return "execution-" + executionId;
    }

    void attachSession(UUID session) {
        if (sessionId == null) {
            sessionId = session;
        }
    }

    /** @return false when the execution already ended and stays as it was */
    boolean start(int attemptNumber) {
        if (status.isTerminal()) {
            return false;
        }
        status = ExecutionStatus.RUNNING;
        attempt = Math.max(attempt, attemptNumber);
        if (startedAt == null) {
            startedAt = now();
        }
        return true;
    }

    /**
     * Waits for a person's decision on a tool call, with no CLI running.
     *
     * @return false when the execution already ended
     */
    boolean awaitApproval(UUID approval) {
        if (status.isTerminal()) {
            return false;
        }
        status = ExecutionStatus.AWAITING_APPROVAL;
        approvalId = approval;
        return true;
    }

    /** The approval awaited, or decided and not yet resumed from; null when none. */
    UUID approvalId() {
        return approvalId;
    }

    /** A turn went past the decided call (it completed, or stopped for another one). */
    void approvalResumed() {
        approvalId = null;
    }

    /** @param spend what all attempts cost together */
    boolean complete(String finalText, TurnSpend spend, long duration) {
        if (!end(ExecutionStatus.COMPLETED)) {
            return false;
        }
        response = finalText;
        costUsd = spend.costUsd();
        usage = spend.usageJson();
        durationMs = duration;
        return true;
    }

    /**
     * @param detail the CLI's own text and the API's status, or null
     * @param spend what the attempts cost together: a failed execution keeps what it incurred
     */
    boolean fail(ExecutionStatus terminal, String type, String message, FailureDetail detail, TurnSpend spend) {
        if (!terminal.isTerminal() || terminal == ExecutionStatus.COMPLETED) {
            throw new IllegalArgumentException(terminal + " is not a failure status");
        }
        if (!end(terminal)) {
            return false;
        }
        errorType = type;
        errorMessage = message;
        costUsd = spend.costUsd();
        usage = spend.usageJson();
        if (detail != null) {
            errorCliMessage = detail.cliMessage();
            errorApiStatus = detail.apiStatus();
        }
        return true;
    }

    private boolean end(ExecutionStatus terminal) {
        if (status.isTerminal()) {
            return false;
        }
        status = terminal;
        completedAt = now();
        if (durationMs == null && startedAt != null) {
            durationMs = completedAt.toEpochMilli() - startedAt.toEpochMilli();
        }
        return true;
    }

    /** Error types of an execution cut short, which may be continued (besides {@code timed_out}). */
    static final List<String> CONTINUABLE = List.of("max_turns", "budget_exceeded");

    /** Whether {@link #continueWith} would take the execution up again. */
    boolean continuable() {
        return status == ExecutionStatus.TIMED_OUT
                || status == ExecutionStatus.FAILED && CONTINUABLE.contains(errorType);
    }

    /**
     * The one way out of a terminal status: an execution cut short (max_turns, budget_exceeded, timed_out) is queued
     * again as a new step that resumes its conversation with {@code message}. Cost and usage keep adding up.
     *
     * @return false when the execution is not continuable, and stays as it was
     */
    boolean continueWith(String message) {
        if (!continuable()) {
            return false;
        }
        status = ExecutionStatus.QUEUED;
        continuations++;
        continueMessage = message;
        errorType = null;
        errorMessage = null;
        errorCliMessage = null;
        errorApiStatus = null;
        response = null;
        completedAt = null;
        return true;
    }

    /** A new workflow run for the same execution (after the embedded server lost the previous one). */
    void restarted(String newRunId) {
        if (runId != null) {
            previousRunIds = Stream.concat(Arrays.stream(previousRunIds), Stream.of(runId)).toArray(String[]::new);
        }
        runId = newRunId;
    }

    @Override
    public UUID getId() {
        return id;
    }

    UUID id() { return id; }
    UUID taskId() { return taskId; }
    UUID userId() { return userId; }
    ExecutionStatus status() { return status; }
    TriggerType triggerType() { return triggerType; }
    String prompt() { return prompt; }
    int attempt() { return attempt; }
    UUID sessionId() { return sessionId; }
    String response() { return response; }
    String errorType() { return errorType; }
    String errorMessage() { return errorMessage; }
    String errorCliMessage() { return errorCliMessage; }
    Integer errorApiStatus() { return errorApiStatus; }
    BigDecimal costUsd() { return costUsd; }
    BigDecimal maxBudgetUsd() { return maxBudgetUsd; }
    int continuations() { return continuations; }
    String continueMessage() { return continueMessage; }
    String usage() { return usage; }
    Long durationMs() { return durationMs; }
    String workflowId() { return workflowId; }
    String runId() { return runId; }
    List<String> previousRunIds() { return List.of(previousRunIds); }
    Instant createdAt() { return createdAt; }
    Instant startedAt() { return startedAt; }
    Instant completedAt() { return completedAt; }
}
