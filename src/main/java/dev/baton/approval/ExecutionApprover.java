package dev.baton.approval;

import dev.baton.claude.ToolApprover;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decides a task execution's tool calls without keeping a CLI alive for a person who may answer hours later: the
 * first call that needs approval is stored as a request and the CLI is stopped; the execution then waits durably,
 * and its next turn resumes the conversation with {@link #resumedFrom} decided. That turn answers the same call (same
 * tool, same input) as it was decided; any other call needs a request of its own.
 */
public final class ExecutionApprover {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ApprovalService service;
    private final UUID userId;
    private final UUID executionId;
    private final java.time.Duration timeout;
    private final ApprovalView resumedFrom;
    private final AtomicReference<ApprovalView> paused = new AtomicReference<>();

    ExecutionApprover(ApprovalService service, UUID userId, UUID executionId, java.time.Duration timeout,
            ApprovalView resumedFrom) {
        this.service = service;
        this.userId = userId;
        this.executionId = executionId;
        this.timeout = timeout;
        this.resumedFrom = resumedFrom;
    }

    /** The request the turn stopped for, or null when it needed none (or answered it from {@link #resumedFrom}). */
    public ApprovalView pausedOn() {
        return paused.get();
    }

    /** The approver of one turn of the execution's session. */
    public ToolApprover forTurn(UUID sessionId, UUID turnId) {
        return (call, answer) -> {
            if (resumedFrom != null && same(call)) {
                answer.accept(resumedFrom.status() == ApprovalStatus.ALLOWED ? ToolApprover.ToolAnswer.allowed()
                        : ToolApprover.ToolAnswer.denied(ApprovalService.denial(resumedFrom)));
                return;
            }
            if (paused.get() == null) {
                paused.compareAndSet(null, service.store(userId, sessionId, turnId, executionId, call, timeout));
            }
            answer.accept(ToolApprover.ToolAnswer.stopped());
        };
    }

    private boolean same(ToolApprover.ToolCall call) {
        if (!call.toolName().equals(resumedFrom.toolName())) {
            return false;
        }
        try {
            JsonNode asked = JSON.readTree(call.input());
            return asked.equals(JSON.readTree(resumedFrom.input()));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
