package dev.baton.execution;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.math.BigDecimal;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A fake {@link ExecutionActivities} for workflow tests: each {@code runTurn} call plays the next scripted turn,
 * and every call is logged. Turns that block wait on one latch, which {@link #release()} opens (always call it
 * when the test ends, so no worker thread stays parked).
 */
final class ScriptedActivities implements ExecutionActivities {

    private volatile boolean holdCompleted;

    static final UUID SESSION_ID = UUID.fromString("5e5510a0-0000-4000-8000-000000000001");

    /** One scripted {@code runTurn} attempt. */
    @FunctionalInterface
    interface Turn {
        TurnSummary play(ActivityExecutionContext context) throws InterruptedException;
    }

    record Ended(UUID executionId, ExecutionStatus status, String errorType, String message, String cliMessage,
            Integer apiStatus) {

        Ended(UUID executionId, ExecutionStatus status, String errorType, String message) {
            this(executionId, status, errorType, message, null, null);
        }
    }

    private final Queue<Turn> turns = new ConcurrentLinkedQueue<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<Integer> runTurnAttempts = new CopyOnWriteArrayList<>();
    private final List<TurnSummary> completed = new CopyOnWriteArrayList<>();
    private final List<Ended> ended = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile ActivityCompletionException stoppedBy;

    ScriptedActivities then(Turn turn) {
        turns.add(turn);
        return this;
    }

    // --- scripted turns -------------------------------------------------------------------------------------

    static Turn succeeds() {
        return context -> summary(context.getInfo().getAttempt());
    }

    static Turn fails(String type) {
        return context -> {
            throw ApplicationFailure.newFailure("scripted " + type, type);
        };
    }

    static Turn failsNonRetryable(String type) {
        return context -> {
            throw ApplicationFailure.newNonRetryableFailure("scripted " + type, type);
        };
    }

    /** Fails as ExecutionActivitiesImpl does, with what the CLI said as the failure's details. */
    static Turn failsNonRetryable(String type, FailureDetail detail) {
        return context -> {
            throw ApplicationFailure.newNonRetryableFailure("scripted " + type, type, detail);
        };
    }

    /** Blocks without ever heartbeating, as a wedged CLI would, until the test releases it. */
    Turn hangs() {
        return context -> {
            released.await();
            return summary(context.getInfo().getAttempt());
        };
    }

    /**
     * Heartbeats every 100 ms until the test releases it, then plays {@code next}. If a heartbeat reports that
     * the attempt was cancelled or timed out, remembers that and rethrows it, as {@code AttemptHeartbeat} does.
     */
    Turn heartbeatsUntilReleased(Turn next) {
        return context -> {
            while (!released.await(100, TimeUnit.MILLISECONDS)) {
                try {
                    context.heartbeat(null);
                } catch (ActivityCompletionException e) {
                    stoppedBy = e;
                    throw e;
                }
            }
            return next.play(context);
        };
    }

    /** Stops for a person's decision on {@code approvalId}, due an hour from now (in the workflow's time). */
    static Turn awaitsApproval(UUID approvalId) {
        return context -> TurnSummary.awaiting(context.getInfo().getAttempt(), approvalId,
                context.getInfo().getCurrentAttemptScheduledTimestamp() + 3_600_000);
    }

    /** What {@code approvalExpired} answers: whether the task fails when nobody decides in time. */
    void failOnApprovalTimeout(boolean fail) {
        failOnApprovalTimeout = fail;
    }

    private volatile boolean failOnApprovalTimeout;

    static TurnSummary summary(int attempt) {
        return new TurnSummary(attempt, "done", new BigDecimal("0.01"), null, 1200, 1, 3);
    }

    void release() {
        released.countDown();
    }

    /** Makes {@code completed} wait for {@link #release()}, to catch the workflow while it records success. */
    void holdCompleted() {
        holdCompleted = true;
    }

    // --- ExecutionActivities ----------------------------------------------------------------------------------

    @Override
    public Begun begin(UUID executionId) {
        calls.add("begin");
        return new Begun(SESSION_ID, acquireSlot(executionId));
    }

    @Override
    public UUID prepare(UUID executionId) {
        calls.add("prepare");
        return SESSION_ID;
    }

    /** The fair-share queue has room unless {@link #queueFull} says otherwise. */
    @Override
    public boolean acquireSlot(UUID executionId) {
        slotAsks.add(Activity.getExecutionContext().getInfo().getScheduledTimestamp());
        return !queueFull;
    }

    private volatile boolean queueFull;
    private final List<Long> slotAsks = new CopyOnWriteArrayList<>();

    void queueFull(boolean full) {
        queueFull = full;
    }

    /** When each {@code begin} or {@code acquireSlot} was scheduled, in the workflow's time (epoch milliseconds). */
    List<Long> slotAsks() {
        return List.copyOf(slotAsks);
    }

    @Override
    public TurnSummary runTurn(UUID executionId, UUID sessionId) {
        ActivityExecutionContext context = Activity.getExecutionContext();
        calls.add("runTurn");
        runTurnAttempts.add(context.getInfo().getAttempt());
        Turn turn = turns.poll();
        if (turn == null) {
            throw ApplicationFailure.newNonRetryableFailure("No scripted turn left", "unscripted");
        }
        try {
            return turn.play(context);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Activity.wrap(e);
        }
    }

    @Override
    public void completed(UUID executionId, TurnSummary summary) {
        calls.add("completed");
        if (holdCompleted) {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Activity.wrap(e);
            }
        }
        completed.add(summary);
    }

    @Override
    public boolean approvalExpired(UUID executionId, UUID approvalId) {
        calls.add("approvalExpired");
        return failOnApprovalTimeout;
    }

    @Override
    public void ended(UUID executionId, ExecutionStatus status, String errorType, String message, String cliMessage,
            Integer apiStatus) {
        calls.add("ended");
        ended.add(new Ended(executionId, status, errorType, message, cliMessage, apiStatus));
    }

    // --- what happened ----------------------------------------------------------------------------------------

    List<String> calls() {
        return List.copyOf(calls);
    }

    int runTurnCalls() {
        return runTurnAttempts.size();
    }

    List<Integer> runTurnAttempts() {
        return List.copyOf(runTurnAttempts);
    }

    List<TurnSummary> completed() {
        return List.copyOf(completed);
    }

    List<Ended> ended() {
        return List.copyOf(ended);
    }

    /** What a heartbeat told the attempt when it was stopped, or {@code null}. */
    ActivityCompletionException stoppedBy() {
        return stoppedBy;
    }
}
