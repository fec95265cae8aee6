package dev.baton.task;

import dev.baton.user.CurrentUser;
import dev.baton.web.PageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/tasks")
@Tag(name = "Tasks", description = "Saved prompt templates, executed on Temporal")
class TaskController {

    private final TaskService tasks;

    TaskController(TaskService tasks) {
        this.tasks = tasks;
    }

    @PostMapping
    @Operation(summary = "Create a task")
    @ApiResponse(responseCode = "201", description = "The task, at the URL in Location")
    @ApiResponse(responseCode = "409", description = "You already have a task of that name")
    ResponseEntity<TaskView> create(@AuthenticationPrincipal CurrentUser user, @Valid @RequestBody TaskRequest request) {
        TaskView task = tasks.create(user.id(), request.spec());
        return ResponseEntity.created(URI.create("/api/v1/tasks/" + task.id())).body(task);
    }

    @GetMapping
    @Operation(summary = "List your tasks, newest first")
    PageView<TaskView> list(@AuthenticationPrincipal CurrentUser user,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return tasks.list(user.id(), page, size);
    }

    @GetMapping("/{id}")
    TaskView get(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return tasks.get(id, user.id());
    }

    @PutMapping("/{id}")
    @Operation(summary = "Replace a task's definition")
    @ApiResponse(responseCode = "200", description = "The task as it now is")
    @ApiResponse(responseCode = "409", description = "You already have another task of that name")
    TaskView update(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
            @Valid @RequestBody TaskRequest request) {
        return tasks.update(id, user.id(), request.spec());
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a task, its schedule and its finished executions")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "Executions of the task are still running")
    ResponseEntity<Void> delete(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        tasks.delete(id, user.id());
        return ResponseEntity.noContent().build();
    }
}
