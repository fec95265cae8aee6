package dev.baton.schedule;

import java.util.Map;

/**
 * A task's timetable: exactly one of {@code cron} (5 fields, or {@code @hourly}, {@code @daily}, {@code @weekly})
 * and {@code intervalSeconds}, read in {@code timezone} (IANA). Validate with {@link ScheduleTimes#validate}.
 *
 * @param variables merged over the task's defaults for every scheduled run
 * @param note why it is paused (or any remark), shown with the schedule
 */
public record ScheduleSpec(String cron, Long intervalSeconds, String timezone, OverlapPolicy overlapPolicy,
        Map<String, String> variables, boolean paused, String note) {

    public ScheduleSpec {
        timezone = timezone == null || timezone.isBlank() ? "UTC" : timezone;
        overlapPolicy = overlapPolicy == null ? OverlapPolicy.SKIP : overlapPolicy;
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }

    public ScheduleSpec withPaused(boolean nowPaused, String newNote) {
        return new ScheduleSpec(cron, intervalSeconds, timezone, overlapPolicy, variables, nowPaused,
                newNote == null ? note : newNote);
    }
}
