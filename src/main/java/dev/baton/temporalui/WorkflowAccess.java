package dev.baton.temporalui;

import dev.baton.execution.ExecutionService;
import dev.baton.schedule.EmbeddedScheduleEngine;
import dev.baton.task.TaskService;
import dev.baton.user.CurrentUser;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Who sees which workflow: an admin every one; a user those of their own executions ({@code execution-…}) and of
 * their tasks' schedules ({@code schedule-…}, {@code scheduled-…}). Any other workflow is the admin's alone.
 */
@Component
class WorkflowAccess {

    private final ExecutionService executions;
    private final TaskService tasks;

    WorkflowAccess(ExecutionService executions, TaskService tasks) {
        this.executions = executions;
        this.tasks = tasks;
    }

    /** The ids among {@code workflowIds} that {@code user} may see. */
    Set<String> visible(CurrentUser user, Collection<String> workflowIds) {
        if (user.isAdmin()) {
            return new HashSet<>(workflowIds);
        }
        Set<String> visible = new HashSet<>();
        executions.workflowOwners(workflowIds).forEach((workflowId, owner) -> {
            if (owner.equals(user.id())) {
                visible.add(workflowId);
            }
        });
        Map<String, UUID> taskOf = new HashMap<>();
        for (String workflowId : workflowIds) {
            EmbeddedScheduleEngine.taskOf(workflowId).ifPresent(task -> taskOf.put(workflowId, task));
        }
        Map<UUID, TaskService.TaskOwner> owners = tasks.owners(taskOf.values());
        taskOf.forEach((workflowId, task) -> {
            if (Optional.ofNullable(owners.get(task)).filter(o -> o.userId().equals(user.id())).isPresent()) {
                visible.add(workflowId);
            }
        });
        return visible;
    }

    /**
     * @throws UiFailure not found, exactly as for a workflow that does not exist, when {@code user} may not see it
     */
    void require(CurrentUser user, String workflowId) {
        if (!visible(user, Set.of(workflowId)).contains(workflowId)) {
            throw notFound(workflowId);
        }
    }

    static UiFailure notFound(String workflowId) {
        return UiFailure.notFound("workflow not found for ID: " + workflowId);
    }
}
