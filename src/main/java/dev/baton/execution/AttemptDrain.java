package dev.baton.execution;

import dev.baton.claude.FailureType;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * How a node lets its task attempts end when it stops while the Temporal server runs inside it (the embedded
 * default). That server goes away with the node and keeps nothing, so an attempt that finishes during the shutdown
 * counts only once its workflow has recorded the outcome in PostgreSQL and closed; until then the worker must keep
 * polling. And since every run the server still has is restarted from scratch after the restart (see
 * {@code ExecutionRecovery}), an attempt that has not started its CLI yet should not start one: it would be paid
 * for and then killed.
 *
 * <p>So while the node {@linkplain #hold() holds}, an attempt that arrives waits, heartbeating so that Temporal keeps
 * it, instead of starting its CLI; {@link #awaitSettled} waits until each attempt that ended meanwhile has either
 * seen its workflow close or its next attempt wait here. With a Temporal cluster none of this is needed: the cluster
 * keeps the workflow, and another worker carries on.
 */
@Component
public class AttemptDrain {

    private static final Duration CHECK_EVERY = Duration.ofMillis(100);

    private final WorkflowClient client;
    private final Duration heartbeatInterval;
    private final Object monitor = new Object();
    private boolean holding;
    /** Executions whose attempt runs here, between {@link #admit} and {@link #ended}. */
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    /** Executions whose next attempt waits in {@link #admit}. */
    private final Set<UUID> held = ConcurrentHashMap.newKeySet();
    /** Executions whose attempt ended while holding, until their workflow closes or their next attempt waits. */
    private final Set<UUID> settling = ConcurrentHashMap.newKeySet();

    AttemptDrain(WorkflowClient client, WorkflowProperties properties) {
        this.client = client;
        this.heartbeatInterval = properties.heartbeatInterval();
    }

    /** From now on, attempts that have not started wait instead of starting their CLI. */
    public void hold() {
        synchronized (monitor) {
            holding = true;
        }
    }

    /** Lets waiting and new attempts start again (a stopped context that is started again). */
    public void resume() {
        synchronized (monitor) {
            holding = false;
            settling.clear();
            monitor.notifyAll();
        }
    }

    /**
     * Waits until every attempt that ran here has settled: its workflow closed, or its next attempt waits here.
     *
     * @return false when some had not settled within the timeout
     */
    public boolean awaitSettled(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            settling.removeIf(executionId -> held.contains(executionId) || closed(executionId));
            if (settling.isEmpty() && running.isEmpty()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(CHECK_EVERY);
        }
    }

    /** Called by an attempt before it starts its CLI; waits while the node holds attempts. */
    void admit(UUID executionId, ActivityExecutionContext context) {
        synchronized (monitor) {
            if (!holding) {
                running.add(executionId);
                return;
            }
            held.add(executionId);
        }
        try {
            while (true) {
                synchronized (monitor) {
                    if (!holding) {
                        running.add(executionId);
                        return;
                    }
                    monitor.wait(heartbeatInterval.toMillis());
                }
                // Keeps the waiting attempt from timing out; throws when Temporal cancels it.
                context.heartbeat(null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TemporalFailures.of(FailureType.WORKER_SHUTDOWN, "The worker shut down before the attempt started");
        } finally {
            held.remove(executionId);
        }
    }

    /** Called by an attempt that {@linkplain #admit was admitted}, however it ended. */
    void ended(UUID executionId) {
        synchronized (monitor) {
            running.remove(executionId);
            if (holding) {
                settling.add(executionId);
            }
        }
    }

    private boolean closed(UUID executionId) {
        try {
            return client.newUntypedWorkflowStub(TaskExecution.workflowIdFor(executionId)).describe().getStatus()
                    != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
        } catch (WorkflowNotFoundException e) {
            return true;
        } catch (RuntimeException e) {
            // The server no longer answers (it is stopping too): there is nothing left to wait for.
            return true;
        }
    }
}
