package dev.baton.execution;

import dev.baton.claude.FailureType;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The workflow does no I/O, reads no clock and draws no random numbers: everything that touches the world is an
 * activity, and everything the workflow decides follows from its input and the activities' results.
 */
public class TaskExecutionWorkflowImpl implements TaskExecutionWorkflow {

    /** Failures retrying cannot fix; the activity also marks them non-retryable, this is the second belt. */
    static final String[] PERMANENT = FailureType.permanentTemporalTypes();

    static final String FAIR_SHARE = "fair-share-queue";
    static final String SIGNAL_IS_GRANT = "slot-signal-is-grant";
    /** Preparing and the first ask for a slot as one activity ({@link ExecutionActivities#begin}), not two. */
    static final String BEGIN = "begin-in-one-activity";
    /**
     * When a waiting execution first looks at the fair-share queue again unsignalled, in case a grant's signal was
     * lost; each later look waits twice as long, up to {@link #SLOT_RECHECK_MAX}. Every look is an activity, so a fixed
     * interval made a queue of thousands cost the node as much as the executions it runs.
     */
    static final Duration SLOT_RECHECK = Duration.ofSeconds(30);
    static final Duration SLOT_RECHECK_MAX = Duration.ofMinutes(5);

    private String phase = "preparing";
    private int attempt;
    private int messagesSoFar;
    private String lastToolUsed;
    private final Set<UUID> decidedApprovals = new HashSet<>();
    private boolean slotSignalled;

    @Override
    public ExecutionStatus run(ExecutionInput input) {
        ExecutionActivities bookkeeping = Workflow.newActivityStub(ExecutionActivities.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(input.bookkeepingTimeoutSeconds()))
                        // Recording status must eventually succeed; a database outage only delays it.
                        .setRetryOptions(RetryOptions.newBuilder()
                                .setInitialInterval(Duration.ofSeconds(1))
                                .setMaximumInterval(Duration.ofMinutes(1))
                                .setDoNotRetry(FailureType.EXECUTION_ENDED.temporalType(),
                                        FailureType.NOT_FOUND.temporalType())
                                .build())
                        .build());
        ExecutionActivities turns = Workflow.newActivityStub(ExecutionActivities.class, turnOptions(input));
        ExecutionActivities queue = Workflow.newActivityStub(ExecutionActivities.class, queueOptions(input));
        UUID executionId = input.executionId();
        TurnSummary summary;
        try {
            UUID sessionId;
            if (Workflow.getVersion(BEGIN, Workflow.DEFAULT_VERSION, 1) == 1) {
                Begun begun = bookkeeping.begin(executionId);
                sessionId = begun.sessionId();
                awaitSlot(queue, executionId, begun.slotHeld());
            } else {
                sessionId = bookkeeping.prepare(executionId);
                // Histories from before the fair-share queue replay without it.
                if (Workflow.getVersion(FAIR_SHARE, Workflow.DEFAULT_VERSION, 1) == 1) {
                    awaitSlot(queue, executionId, queue.acquireSlot(executionId));
                }
            }
            phase = "running";
            summary = turns.runTurn(executionId, sessionId);
            while (summary.approvalId() != null) {
                summary = afterDecision(bookkeeping, turns, executionId, sessionId, summary);
            }
        } catch (CanceledFailure cancelledWhileWaiting) {
            // Cancelled outside any activity: while it waited in the fair-share queue or for an approval.
            record(bookkeeping, executionId, Outcome.of(cancelledWhileWaiting, input));
            throw cancelledWhileWaiting;
        } catch (ActivityFailure failure) {
            Outcome outcome = Outcome.of(failure.getCause(), input);
            record(bookkeeping, executionId, outcome);
            if (outcome.status() == ExecutionStatus.CANCELLED) {
                throw (CanceledFailure) failure.getCause();
            }
            throw ApplicationFailure.newNonRetryableFailure(outcome.message(), outcome.type());
        }
        attempt = Math.max(attempt, summary.attempt());
        messagesSoFar = Math.max(messagesSoFar, summary.messageCount());
        // The turn succeeded and its cost is spent: a cancel arriving now must not turn that into "cancelled".
        TurnSummary done = summary;
        Workflow.newDetachedCancellationScope(() -> bookkeeping.completed(executionId, done)).run();
        phase = ExecutionStatus.COMPLETED.jsonValue();
        return ExecutionStatus.COMPLETED;
    }

    /**
     * Waits in the fair-share queue until the execution holds a turn slot: for the grant's signal, and looking again
     * now and then in case a signal was lost.
     */
    private void awaitSlot(ExecutionActivities queue, UUID executionId, boolean held) {
        phase = "waiting_for_slot";
        Duration recheck = SLOT_RECHECK;
        while (!held) {
            Workflow.await(recheck, () -> slotSignalled);
            // Baton signals only a committed grant, so the signal is the answer; histories from before this asked
            // the queue once more.
            if (slotSignalled && Workflow.getVersion(SIGNAL_IS_GRANT, Workflow.DEFAULT_VERSION, 1) == 1) {
                return;
            }
            slotSignalled = false;
            recheck = nextRecheck(recheck);
            held = queue.acquireSlot(executionId);
        }
    }

    /**
     * Waits, with no CLI running, for the decision on the tool call the turn stopped for, then runs the turn that
     * resumes the conversation with it. Past the request's expiry the task's {@code onApprovalTimeout} applies.
     */
    private TurnSummary afterDecision(ExecutionActivities bookkeeping, ExecutionActivities turns, UUID executionId,
            UUID sessionId, TurnSummary stopped) {
        UUID approvalId = stopped.approvalId();
        phase = ExecutionStatus.AWAITING_APPROVAL.jsonValue();
        Workflow.upsertMemo(Map.of("status", phase, "approvalId", approvalId.toString()));
        long left = stopped.approvalExpiresAtMillis() - Workflow.currentTimeMillis();
        boolean decided = Workflow.await(Duration.ofMillis(Math.max(1_000, left)),
                () -> decidedApprovals.contains(approvalId));
        if (!decided && bookkeeping.approvalExpired(executionId, approvalId)) {
            Outcome expired = new Outcome(ExecutionStatus.FAILED, FailureType.APPROVAL_EXPIRED.code(),
                    "Nobody decided on approval " + approvalId
                            + " in time, and the task says to fail then (onApprovalTimeout: fail).",
                    Outcome.NONE);
            record(bookkeeping, executionId, expired);
            throw ApplicationFailure.newNonRetryableFailure(expired.message(), expired.type());
        }
        phase = "running";
        Workflow.upsertMemo(Map.of("status", phase, "approvalId", ""));
        return turns.runTurn(executionId, sessionId);
    }

    /**
     * Needs no version marker: replay matches a timer by its place in the history, not its duration, so an execution
     * that waited with the fixed half minute of before replays as it was (TaskExecutionWorkflowReplayTest).
     */
    private static Duration nextRecheck(Duration last) {
        Duration doubled = last.multipliedBy(2);
        return doubled.compareTo(SLOT_RECHECK_MAX) > 0 ? SLOT_RECHECK_MAX : doubled;
    }

    /** Asking for a slot is quick; the waiting happens in the workflow, holding no worker slot. */
    private static ActivityOptions queueOptions(ExecutionInput input) {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(input.bookkeepingTimeoutSeconds()))
                .setRetryOptions(RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(1))
                        .setMaximumInterval(Duration.ofMinutes(1))
                        .setDoNotRetry(FailureType.EXECUTION_ENDED.temporalType(),
                                FailureType.NOT_FOUND.temporalType())
                        .build())
                .build();
    }

    private static ActivityOptions turnOptions(ExecutionInput input) {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(input.timeoutSeconds()))
                .setHeartbeatTimeout(Duration.ofSeconds(input.heartbeatTimeoutSeconds()))
                // Cancellation is only done once the CLI is dead: wait for the activity to say so.
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                .setRetryOptions(RetryOptions.newBuilder()
                        .setMaximumAttempts(input.maxAttempts())
                        .setInitialInterval(Duration.ofSeconds(input.initialIntervalSeconds()))
                        .setBackoffCoefficient(input.backoffCoefficient())
                        .setMaximumInterval(Duration.ofSeconds(input.maximumIntervalSeconds()))
                        .setDoNotRetry(PERMANENT)
                        .build())
                .build();
    }

    /** Runs even when the workflow is being cancelled, so the execution never stays "running". */
    private void record(ExecutionActivities bookkeeping, UUID executionId, Outcome outcome) {
        phase = outcome.status().jsonValue();
        Workflow.newDetachedCancellationScope(() ->
                bookkeeping.ended(executionId, outcome.status(), outcome.type(), outcome.message(),
                        outcome.detail().cliMessage(), outcome.detail().apiStatus())).run();
    }

    @Override
    public ExecutionProgress progress() {
        return new ExecutionProgress(phase, attempt, messagesSoFar, lastToolUsed);
    }

    @Override
    public void approvalDecided(UUID approvalId) {
        decidedApprovals.add(approvalId);
    }

    @Override
    public void slotGranted() {
        slotSignalled = true;
    }

    @Override
    public void reportProgress(ProgressUpdate update) {
        if (update.attempt() > attempt) {
            attempt = update.attempt();
            messagesSoFar = 0;
        }
        if (update.attempt() == attempt) {
            messagesSoFar = Math.max(messagesSoFar, update.messagesSoFar());
            if (update.lastToolUsed() != null) {
                lastToolUsed = update.lastToolUsed();
            }
        }
    }

    /** How the last attempt's failure maps onto the execution's terminal status. */
    record Outcome(ExecutionStatus status, String type, String message, FailureDetail detail) {

        static final FailureDetail NONE = new FailureDetail(null, null);

        static Outcome of(Throwable cause, ExecutionInput input) {
            return switch (cause) {
                case CanceledFailure c -> new Outcome(ExecutionStatus.CANCELLED, FailureType.CANCELLED.code(),
                        "The execution was cancelled by request; the messages so far are kept.", NONE);
                case TimeoutFailure t -> new Outcome(ExecutionStatus.TIMED_OUT, FailureType.TIMED_OUT.code(),
                        TimeoutSentences.of(t.getTimeoutType(), limit(t.getTimeoutType(), input)), NONE);
                case ApplicationFailure a -> new Outcome(FailureType.TIMED_OUT.code().equals(a.getType())
                        ? ExecutionStatus.TIMED_OUT : ExecutionStatus.FAILED, a.getType(), a.getOriginalMessage(),
                        detail(a));
                case null, default -> new Outcome(ExecutionStatus.FAILED, "unknown",
                        cause == null ? "The attempt failed" : cause.getMessage(), NONE);
            };
        }

        private static Long limit(TimeoutType type, ExecutionInput input) {
            return switch (type) {
                case TIMEOUT_TYPE_START_TO_CLOSE -> (long) input.timeoutSeconds();
                case TIMEOUT_TYPE_HEARTBEAT -> (long) input.heartbeatTimeoutSeconds();
                default -> null;
            };
        }

        /** Failures recorded before attempts carried details have none. */
        private static FailureDetail detail(ApplicationFailure failure) {
            return failure.getDetails().getSize() == 0 ? NONE : failure.getDetails().get(FailureDetail.class);
        }
    }
}
