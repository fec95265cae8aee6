package dev.baton.schedule;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * A schedule as clients send it: the body of {@code PUT /api/v1/tasks/{id}/schedule} and the {@code schedule:}
 * section of a workflow file. Bean validation checks the sizes; {@link ScheduleTimes#validate} the timetable.
 */
@Schema(example = """
        {"cron": "*/15 * * * *", "timezone": "Europe/Berlin", "overlapPolicy": "skip",
         "variables": {"namespace": "prod"}}""")
public record ScheduleRequest(
        @Size(max = 200) String cron,
        Long intervalSeconds,
        @Size(max = 100) String timezone,
        OverlapPolicy overlapPolicy,
        @Size(max = 100) Map<String, @NotNull @Size(max = 100_000) String> variables,
        Boolean paused,
        @Size(max = 1000) String note) {

    public ScheduleSpec spec() {
        return new ScheduleSpec(cron == null || cron.isBlank() ? null : cron, intervalSeconds, timezone,
                overlapPolicy, variables, Boolean.TRUE.equals(paused), note);
    }
}
