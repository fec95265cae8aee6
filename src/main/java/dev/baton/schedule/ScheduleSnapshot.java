package dev.baton.schedule;

import java.time.Instant;
import java.util.List;

/** What an engine knows of a schedule: its spec (with paused state and note) and the next run times. */
public record ScheduleSnapshot(ScheduleSpec spec, List<Instant> nextRunTimes) {
}
