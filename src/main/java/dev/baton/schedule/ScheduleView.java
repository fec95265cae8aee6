package dev.baton.schedule;

import dev.baton.execution.ExecutionService.RecentRun;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A task's schedule as the API shows it, the same whichever engine keeps it. While paused, {@code nextRunTimes}
 * are the times it would run once unpaused.
 */
public record ScheduleView(UUID taskId, String cron, Long intervalSeconds, String timezone, OverlapPolicy overlapPolicy,
        Map<String, String> variables, boolean paused, String note, List<Instant> nextRunTimes,
        List<RecentRun> recentRuns) {

    static ScheduleView of(UUID taskId, ScheduleSpec s, List<Instant> nextRunTimes, List<RecentRun> recentRuns) {
        return new ScheduleView(taskId, s.cron(), s.intervalSeconds(), s.timezone(), s.overlapPolicy(), s.variables(),
                s.paused(), s.note(), nextRunTimes, recentRuns);
    }
}
