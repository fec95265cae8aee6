package dev.baton.schedule;

import dev.baton.execution.ExecutionService;
import dev.baton.task.TaskService;
import dev.baton.task.TaskView;
import dev.baton.web.ConflictException;
import dev.baton.web.NotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Task schedules, kept by whichever {@link ScheduleEngine} this node chose. Callers cannot tell the engines apart.
 */
@Service
public class ScheduleService {

    private static final Logger log = LoggerFactory.getLogger(ScheduleService.class);
    static final int RECENT_RUNS = 10;
    static final int NEXT_RUN_TIMES = 5;
    /** How long a trigger waits for the run it started to record its execution. */
    static final Duration STARTED_RUN_WAIT = Duration.ofSeconds(10);

    private final ScheduleEngine engine;
    private final TaskService tasks;
    private final ExecutionService executions;
    private final StoredScheduleRepository stored;

    ScheduleService(ScheduleEngine engine, TaskService tasks, ExecutionService executions,
            StoredScheduleRepository stored) {
        this.engine = engine;
        this.tasks = tasks;
        this.executions = executions;
        this.stored = stored;
    }

    /** Creates or replaces the task's schedule; invalid input changes nothing. */
    @Transactional
    public ScheduleView put(UUID taskId, UUID userId, ScheduleSpec spec) {
        TaskView task = tasks.get(taskId, userId);
        ScheduleTimes.validate(spec);
        tasks.render(taskId, userId, spec.variables());
        stored.findById(taskId).ifPresentOrElse(s -> s.replace(spec),
                () -> stored.save(new StoredSchedule(taskId, userId, spec)));
        engine.upsert(new ScheduledTask(taskId, userId, task.name()), spec);
        return get(taskId, userId);
    }

    public ScheduleView get(UUID taskId, UUID userId) {
        return find(taskId, userId).orElseThrow(() -> new NotFoundException("schedule of task", taskId));
    }

    /** The task's schedule, or empty when it has none. */
    public Optional<ScheduleView> find(UUID taskId, UUID userId) {
        tasks.get(taskId, userId);
        // The next times come from the spec and the wall clock rather than the engine: identical for both engines,
        // and still shown while paused (as the times it would run once unpaused).
        return engine.describe(taskId).map(snapshot -> ScheduleView.of(taskId, snapshot.spec(),
                ScheduleTimes.next(snapshot.spec(), Instant.now(), NEXT_RUN_TIMES),
                executions.recentScheduled(taskId, RECENT_RUNS)));
    }

    /**
     * A stored schedule, with its owner and the spec its engine now runs ({@code active}), or the stored spec when
     * the engine has none running.
     */
    public record Entry(UUID taskId, UUID userId, String taskName, ScheduleSpec spec, boolean active,
            List<Instant> nextRunTimes, Instant updatedAt) {
    }

    /** Every stored schedule, whoever owns it, oldest change first. */
    public List<Entry> entries() {
        List<StoredSchedule> all = stored.findAll();
        Map<UUID, TaskService.TaskOwner> owners = tasks.owners(all.stream().map(StoredSchedule::taskId).toList());
        Instant now = Instant.now();
        return all.stream()
                .filter(schedule -> owners.containsKey(schedule.taskId()))
                .sorted(java.util.Comparator.comparing(StoredSchedule::updatedAt))
                .map(schedule -> {
                    Optional<ScheduleSnapshot> live = engine.describe(schedule.taskId());
                    ScheduleSpec spec = live.map(ScheduleSnapshot::spec).orElse(schedule.spec());
                    List<Instant> next = spec.paused() || live.isEmpty() ? List.of()
                            : ScheduleTimes.next(spec, now, NEXT_RUN_TIMES);
                    return new Entry(schedule.taskId(), schedule.userId(), owners.get(schedule.taskId()).name(), spec,
                            live.isPresent(), next, schedule.updatedAt());
                })
                .toList();
    }

    @Transactional
    public void delete(UUID taskId, UUID userId) {
        get(taskId, userId);
        stored.deleteById(taskId);
        engine.delete(taskId);
    }

    @Transactional
    public ScheduleView pause(UUID taskId, UUID userId, String note) {
        return setPaused(taskId, userId, true, note);
    }

    @Transactional
    public ScheduleView unpause(UUID taskId, UUID userId, String note) {
        return setPaused(taskId, userId, false, note);
    }

    private ScheduleView setPaused(UUID taskId, UUID userId, boolean paused, String note) {
        get(taskId, userId);
        stored.findById(taskId).ifPresent(s -> s.replace(s.spec().withPaused(paused, note)));
        if (paused) {
            engine.pause(taskId, note);
        } else {
            engine.unpause(taskId, note);
        }
        return get(taskId, userId);
    }

    /**
     * Runs the task now, under the schedule's overlap policy, and answers the started execution, or why the run
     * waits.
     *
     * @throws ConflictException when the overlap policy dropped the run, saying why and naming the policy
     */
    public TriggerView trigger(UUID taskId, UUID userId) {
        OverlapPolicy policy = get(taskId, userId).overlapPolicy();
        TriggerResult result = engine.trigger(taskId);
        UUID running = executions.recentScheduled(taskId, RECENT_RUNS).stream()
                .filter(run -> !run.status().isTerminal()).map(ExecutionService.RecentRun::executionId)
                .findFirst().orElse(null);
        String goingOn = running == null ? "a run of this schedule is still going"
                : "a run of this schedule (execution " + running + ") is still going";
        return switch (result.outcome()) {
            case STARTED -> TriggerView.of(result, policy, null, result.runWorkflowId() == null ? null
                    : executions.awaitScheduledRun(userId, result.runWorkflowId(), result.runId(), STARTED_RUN_WAIT)
                            .orElse(null));
            case BUFFERED -> TriggerView.of(result, policy, policy == OverlapPolicy.CANCEL_OTHER
                    ? "The running run is being cancelled under the overlap policy cancel_other; this run starts once "
                            + "it has ended."
                    : "Buffered: " + goingOn + ", so under the overlap policy " + policy.jsonValue()
                            + " this run waits and starts when it ends.", null);
            case SKIPPED -> throw new ConflictException(policy == OverlapPolicy.BUFFER_ONE
                    ? "Skipped: " + goingOn + " and another run already waits, and the overlap policy buffer_one "
                            + "keeps only one waiting; trigger again later, or change overlapPolicy to buffer_all."
                    : "Skipped: " + goingOn + ", and the overlap policy " + policy.jsonValue() + " drops a run that "
                            + "would overlap it; trigger again once it ends, or change overlapPolicy.",
                    skippedProblem(policy, running));
        };
    }

    private static Map<String, Object> skippedProblem(OverlapPolicy policy, UUID running) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("outcome", "skipped");
        members.put("overlapPolicy", policy.jsonValue());
        if (running != null) {
            members.put("runningExecutionId", running);
        }
        return members;
    }

    @EventListener
    void taskDeleted(TaskService.TaskDeleted event) {
        engine.delete(event.taskId());
    }

    /**
     * Puts back schedules the engine no longer has: the embedded Temporal server forgets them on restart, and a
     * timetable must survive one. Only api nodes do it: one node is enough, and restoring is idempotent, so any
     * number of api nodes may do it at once.
     */
    @EventListener(value = ApplicationReadyEvent.class, condition = "@nodeRoles.api()")
    void restore() {
        int restored = 0;
        for (StoredSchedule schedule : stored.findAll()) {
            if (engine.describe(schedule.taskId()).isPresent()) {
                continue;
            }
            try {
                TaskView task = tasks.get(schedule.taskId(), schedule.userId());
                engine.upsert(new ScheduledTask(schedule.taskId(), schedule.userId(), task.name()), schedule.spec());
                restored++;
            } catch (RuntimeException e) {
                log.warn("Could not restore the schedule of task {}: {}", schedule.taskId(), e.toString());
            }
        }
        log.info("Schedules: {} engine{}", engine.name(), restored > 0 ? ", restored " + restored + " schedule(s)" : "");
    }
}
