package dev.baton.workflowfile;

import dev.baton.schedule.ScheduleSpec;
import dev.baton.task.TaskSpec;
import java.util.List;

/**
 * One parsed and validated workflow file: a task and, when the file has a {@code schedule:} section, its schedule.
 * Keeps the file's lines so that a service's later refusal can still name the line.
 *
 * @param source the file as it is named in messages, e.g. {@code workflows/weekly-report.yaml}
 * @param schedule null when the file has no {@code schedule:} section
 */
record WorkflowFile(String source, TaskSpec task, ScheduleSpec schedule, YamlLines lines) {

    WorkflowFileException error(List<?> path, String message) {
        return new WorkflowFileException(source, lines.line(path), YamlLines.display(path) + ": " + message);
    }
}
