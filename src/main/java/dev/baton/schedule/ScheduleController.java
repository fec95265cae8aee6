package dev.baton.schedule;

import dev.baton.user.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/tasks/{id}/schedule")
@Tag(name = "Schedules", description = "Recurring task executions")
class ScheduleController {

    private final ScheduleService schedules;

    ScheduleController(ScheduleService schedules) {
        this.schedules = schedules;
    }

    @Schema(example = """
            {"note": "cluster upgrade"}""")
    record NoteRequest(@Size(max = 1000) String note) {
    }

    @PutMapping
    @Operation(summary = "Create or replace the task's schedule")
    @ApiResponse(responseCode = "200", description = "The schedule as it now is")
    ScheduleView put(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
            @Valid @RequestBody ScheduleRequest request) {
        return schedules.put(id, user.id(), request.spec());
    }

    @GetMapping
    @Operation(summary = "The schedule, its next 5 run times and its recent runs")
    ScheduleView get(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return schedules.get(id, user.id());
    }

    @DeleteMapping
    @Operation(summary = "Delete the schedule; runs already started go on")
    @ApiResponse(responseCode = "204", description = "Deleted")
    ResponseEntity<Void> delete(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        schedules.delete(id, user.id());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/pause")
    @Operation(summary = "Pause the schedule, with an optional note")
    ScheduleView pause(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
            @Valid @RequestBody(required = false) NoteRequest request) {
        return schedules.pause(id, user.id(), request == null ? null : request.note());
    }

    @PostMapping("/unpause")
    @Operation(summary = "Unpause the schedule, with an optional note")
    ScheduleView unpause(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
            @Valid @RequestBody(required = false) NoteRequest request) {
        return schedules.unpause(id, user.id(), request == null ? null : request.note());
    }

    @PostMapping("/trigger")
    @Operation(summary = "Run the task now, under the schedule's overlap policy: 202 with the started execution, or "
            + "with why it waits; 409 naming the policy when the policy drops it")
    @ApiResponse(responseCode = "202", description = "Started (with its execution) or buffered (with the reason)")
    @ApiResponse(responseCode = "409", description = "The overlap policy dropped the run: outcome skipped, "
            + "overlapPolicy and runningExecutionId say why")
    ResponseEntity<TriggerView> trigger(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(schedules.trigger(id, user.id()));
    }
}
