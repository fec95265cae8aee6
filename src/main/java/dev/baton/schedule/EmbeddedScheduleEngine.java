package dev.baton.schedule;

import dev.baton.execution.WorkflowProperties;
import dev.baton.web.NotFoundException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The engine for servers without the Schedules API: each task's schedule is a {@link TaskSchedulerWorkflow} with id
 * {@code schedule-<taskId>} on Baton's task queue.
 */
public class EmbeddedScheduleEngine implements ScheduleEngine {

    /** How long {@link #delete} waits for a stopped scheduler to end before it terminates it. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final WorkflowClient client;
    private final WorkflowProperties properties;

    public EmbeddedScheduleEngine(WorkflowClient client, WorkflowProperties properties) {
        this.client = client;
        this.properties = properties;
    }

    /** The id of the task's scheduler workflow. */
    public static String workflowId(UUID taskId) {
        return SCHEDULER_PREFIX + taskId;
    }

    private static final String SCHEDULER_PREFIX = "schedule-";
    /** Every run a schedule starts has an id beginning with this and the task id (either engine). */
    public static final String RUN_PREFIX = "scheduled-";
    private static final int UUID_LENGTH = 36;

    /** Whether {@code workflowId} is the id of a task's scheduler workflow. */
    public static boolean isScheduler(String workflowId) {
        return workflowId.startsWith(SCHEDULER_PREFIX) && taskOf(workflowId).isPresent();
    }

    /** The task whose scheduler, or scheduled run, has the workflow id {@code workflowId}. */
    public static Optional<UUID> taskOf(String workflowId) {
        String prefix = workflowId.startsWith(SCHEDULER_PREFIX) ? SCHEDULER_PREFIX
                : workflowId.startsWith(RUN_PREFIX) ? RUN_PREFIX : null;
        if (prefix == null || workflowId.length() < prefix.length() + UUID_LENGTH) {
            return Optional.empty();
        }
        String rest = workflowId.substring(prefix.length() + UUID_LENGTH);
        boolean whole = prefix == SCHEDULER_PREFIX ? rest.isEmpty() : rest.isEmpty() || rest.startsWith("-");
        if (!whole) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(workflowId.substring(prefix.length(), prefix.length() + UUID_LENGTH)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String name() {
        return "embedded";
    }

    /**
     * Signal-with-start, so there is no window between "is it running?" and "start it": a running scheduler gets
     * the new spec, otherwise a new one starts (a closed one's id may be reused) and takes the same spec.
     */
    @Override
    public void upsert(ScheduledTask task, ScheduleSpec spec) {
        TaskSchedulerWorkflow scheduler = client.newWorkflowStub(TaskSchedulerWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(workflowId(task.taskId()))
                        .setTaskQueue(properties.taskQueue())
                        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                        .build());
        BatchRequest request = client.newSignalWithStartRequest();
        request.add(scheduler::run, SchedulerState.start(task, spec));
        request.add(scheduler::update, spec);
        client.signalWithStart(request);
    }

    @Override
    public Optional<ScheduleSnapshot> describe(UUID taskId) {
        try {
            // A closed workflow still answers queries, with its last state: ask only a running one.
            if (client.newUntypedWorkflowStub(workflowId(taskId)).describe().getStatus()
                    != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
                return Optional.empty();
            }
            return Optional.of(scheduler(taskId).describe());
        } catch (WorkflowNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Signals stop and waits for the scheduler to end, so an upsert right after starts a fresh scheduler instead of
     * signalling one that is about to end; one that does not end in time is terminated.
     */
    @Override
    public void delete(UUID taskId) {
        WorkflowStub stub = client.newUntypedWorkflowStub(workflowId(taskId));
        try {
            stub.signal("stop");
        } catch (WorkflowNotFoundException e) {
            return;
        }
        try {
            stub.getResult(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS, Void.class);
        } catch (TimeoutException e) {
            try {
                stub.terminate("did not stop within " + STOP_TIMEOUT);
            } catch (WorkflowNotFoundException ended) {
                // It ended after all.
            }
        }
    }

    /** @throws NotFoundException when the task has no running schedule */
    @Override
    public void pause(UUID taskId, String note) {
        signal(taskId, scheduler -> scheduler.pause(note));
    }

    /** @throws NotFoundException when the task has no running schedule */
    @Override
    public void unpause(UUID taskId, String note) {
        signal(taskId, scheduler -> scheduler.unpause(note));
    }

    /** @throws NotFoundException when the task has no running schedule */
    @Override
    public TriggerResult trigger(UUID taskId) {
        try {
            return scheduler(taskId).triggerNow();
        } catch (WorkflowNotFoundException e) {
            throw new NotFoundException("schedule of task", taskId);
        }
    }

    private void signal(UUID taskId, Consumer<TaskSchedulerWorkflow> signal) {
        try {
            signal.accept(scheduler(taskId));
        } catch (WorkflowNotFoundException e) {
            throw new NotFoundException("schedule of task", taskId);
        }
    }

    private TaskSchedulerWorkflow scheduler(UUID taskId) {
        return client.newWorkflowStub(TaskSchedulerWorkflow.class, workflowId(taskId));
    }
}
