package dev.baton.task;

import dev.baton.session.SessionService;
import dev.baton.web.ConflictException;
import dev.baton.web.InvalidFieldException;
import dev.baton.web.NotFoundException;
import dev.baton.web.PageView;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class TaskService {

    private final TaskRepository tasks;
    private final SessionService sessions;
    private final UnfinishedExecutions unfinished;
    private final ApplicationEventPublisher events;

    TaskService(TaskRepository tasks, SessionService sessions, UnfinishedExecutions unfinished,
            ApplicationEventPublisher events) {
        this.tasks = tasks;
        this.sessions = sessions;
        this.unfinished = unfinished;
        this.events = events;
    }

    /** Published after a task is deleted, so features holding things for it (its schedule) let go of them. */
    public record TaskDeleted(UUID taskId) {
    }

    /** The outcome of {@link #upsertByName}: the task, and whether anything had to change. */
    public record Upserted(TaskView task, boolean changed) {
    }

    /**
     * Creates the user's task of that name, or brings it to {@code spec}; does nothing when it already matches.
     * Used to apply tasks declared as files, where running twice must change nothing.
     */
    @Transactional
    public Upserted upsertByName(UUID userId, TaskSpec spec) {
        var existing = tasks.findByUserIdAndName(userId, spec.name());
        if (existing.isEmpty()) {
            return new Upserted(create(userId, spec), true);
        }
        Task task = existing.get();
        if (task.spec().equals(spec)) {
            return new Upserted(TaskView.of(task), false);
        }
        return new Upserted(update(task.id(), userId, spec), true);
    }

    /** A task's prompt with variables filled in, and what it was made from. */
    public record Rendered(TaskSpec spec, Map<String, String> variables, String prompt) {
    }

    /**
     * Merges {@code variables} over the task's defaults and fills in the template.
     *
     * @throws InvalidFieldException naming {@code variables} and each placeholder left without a value
     */
    @Transactional(readOnly = true)
    public Rendered render(UUID taskId, UUID userId, Map<String, String> variables) {
        TaskSpec spec = spec(taskId, userId);
        Map<String, String> merged = new HashMap<>(spec.variables());
        merged.putAll(variables);
        PromptTemplate template = new PromptTemplate(spec.promptTemplate());
        Set<String> missing = template.missing(merged);
        if (!missing.isEmpty()) {
            throw new InvalidFieldException("variables", "no value for " + String.join(", ", missing));
        }
        return new Rendered(spec, Map.copyOf(merged), template.render(merged));
    }

    @Transactional
    public TaskView create(UUID userId, TaskSpec spec) {
        validate(userId, spec, null);
        return TaskView.of(tasks.save(new Task(userId, spec)));
    }

    @Transactional
    public TaskView update(UUID taskId, UUID userId, TaskSpec spec) {
        Task task = owned(taskId, userId);
        validate(userId, spec, taskId);
        task.apply(spec);
        return TaskView.of(task);
    }

    @Transactional(readOnly = true)
    public TaskView get(UUID taskId, UUID userId) {
        return TaskView.of(owned(taskId, userId));
    }

    /** The stored definition an execution runs from. */
    @Transactional(readOnly = true)
    public TaskSpec spec(UUID taskId, UUID userId) {
        return owned(taskId, userId).spec();
    }

    /** Whose a task is, and its name. */
    public record TaskOwner(UUID taskId, UUID userId, String name) {
    }

    /** The owner of each task among {@code taskIds} that exists, whoever it belongs to. */
    @Transactional(readOnly = true)
    public Map<UUID, TaskOwner> owners(java.util.Collection<UUID> taskIds) {
        Map<UUID, TaskOwner> found = new HashMap<>();
        if (!taskIds.isEmpty()) {
            tasks.findByIdIn(taskIds).forEach(task -> found.put(task.id(),
                    new TaskOwner(task.id(), task.userId(), task.spec().name())));
        }
        return found;
    }

    @Transactional(readOnly = true)
    public PageView<TaskView> list(UUID userId, int page, int size) {
        var request = PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "createdAt"));
        return PageView.of(tasks.findByUserId(userId, request), TaskView::of);
    }

    @Transactional
    public void delete(UUID taskId, UUID userId) {
        Task task = owned(taskId, userId);
        if (unfinished.exist(taskId)) {
            throw new ConflictException("task " + taskId + " has executions still running; cancel them first");
        }
        tasks.delete(task);
        events.publishEvent(new TaskDeleted(taskId));
    }

    private void validate(UUID userId, TaskSpec spec, UUID taskId) {
        sessions.validate(spec.sessionSettings(spec.name()), spec.workingDirectory());
        boolean taken = tasks.existsByUserIdAndNameAndIdNot(userId, spec.name(), taskId == null ? new UUID(0, 0) : taskId);
        if (taken) {
            throw new ConflictException("name: you already have a task called '" + spec.name() + "'");
        }
    }

    private Task owned(UUID taskId, UUID userId) {
        return tasks.findByIdAndUserId(taskId, userId).orElseThrow(() -> new NotFoundException("task", taskId));
    }

    /** Lets the execution feature tell whether a task still has work in flight, without a dependency cycle. */
    public interface UnfinishedExecutions {

        boolean exist(UUID taskId);
    }
}
