package dev.baton.workflowfile;

import dev.baton.schedule.ScheduleSpec;
import dev.baton.schedule.ScheduleTimes;
import dev.baton.web.InvalidFieldException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of a file's {@code schedule:} section that need more than its own fields: its times (as the schedule
 * API checks them) and that the task's and the schedule's variables together fill the prompt template, since a
 * scheduled run has no one to supply a missing value.
 */
final class ScheduleSectionCheck {

    private ScheduleSectionCheck() {
    }

    /** @throws WorkflowFileException naming the line of the field at fault */
    static void check(WorkflowFile file) {
        ScheduleSpec schedule = file.schedule();
        try {
            ScheduleTimes.validate(schedule);
        } catch (InvalidFieldException e) {
            throw file.error(List.of("schedule", e.field()), e.reason());
        }
        Map<String, String> merged = new HashMap<>(file.task().variables());
        merged.putAll(schedule.variables());
        Set<String> missing = file.task().missingVariables(merged);
        if (!missing.isEmpty()) {
            throw file.error(List.of("schedule", "variables"), "no value for " + String.join(", ", missing)
                    + "; scheduled runs need one here or in the task's variables");
        }
    }
}
