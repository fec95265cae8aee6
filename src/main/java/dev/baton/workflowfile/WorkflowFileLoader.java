package dev.baton.workflowfile;

import dev.baton.schedule.ScheduleService;
import dev.baton.schedule.ScheduleSpec;
import dev.baton.schedule.ScheduleView;
import dev.baton.task.TaskService;
import dev.baton.user.SystemUser;
import dev.baton.web.InvalidFieldException;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Applies the workflow files in {@code baton.workflows.dir} at startup, as tasks of the admin user. Applying is
 * idempotent, so every start may apply every file: a task or schedule that already matches its file is not
 * written. A bad file is reported on one WARN line and skipped; it never stops the others or the application.
 *
 * <p>A file's {@code paused} and {@code note} are the state its schedule starts in. Once the schedule exists they
 * belong to the pause and unpause endpoints, so a restart neither re-pauses a schedule someone unpaused nor
 * unpauses one paused during an incident. A file without a {@code schedule:} section leaves any existing schedule
 * of its task alone, since it may have been made through the API.
 */
@Component
class WorkflowFileLoader {

    private static final Logger log = LoggerFactory.getLogger(WorkflowFileLoader.class);

    /** What one pass did: files that changed something, files already in place, and files skipped as bad. */
    record Summary(int applied, int unchanged, int failed) {
    }

    private final Path dir;
    private final WorkflowFileParser parser;
    private final TaskService tasks;
    private final ScheduleService schedules;
    private final SystemUser system;

    WorkflowFileLoader(WorkflowFilesProperties properties, ObjectMapper json, Validator validator, TaskService tasks,
            ScheduleService schedules, SystemUser system) {
        this.dir = properties.dir().normalize();
        this.parser = new WorkflowFileParser(json, validator);
        this.tasks = tasks;
        this.schedules = schedules;
        this.system = system;
    }

    // Only api nodes load the files (the directory is theirs to mount); applying them is idempotent, so several
    // api nodes starting together end with the same tasks.
    @EventListener(value = ApplicationReadyEvent.class, condition = "@nodeRoles.api()")
    void applyAtStartup() {
        apply();
    }

    Summary apply() {
        if (!Files.isDirectory(dir)) {
            log.debug("No workflow files: {} is not a directory", dir);
            return new Summary(0, 0, 0);
        }
        UUID admin = system.adminId();
        Map<String, String> declaredIn = new HashMap<>();
        int applied = 0;
        int unchanged = 0;
        int failed = 0;
        for (Path path : files()) {
            String source = dir.resolve(path.getFileName()).toString();
            try {
                WorkflowFile file = parser.parse(path, source);
                String earlier = declaredIn.putIfAbsent(file.task().name(), source);
                if (earlier != null) {
                    throw file.error(List.of("name"), "task '" + file.task().name() + "' is already declared in "
                            + earlier);
                }
                if (apply(admin, file)) {
                    applied++;
                } else {
                    unchanged++;
                }
            } catch (WorkflowFileException e) {
                log.warn("Skipped workflow file {}", e.getMessage());
                failed++;
            } catch (RuntimeException e) {
                log.warn("Skipped workflow file {}: {}", source, e.toString());
                failed++;
            }
        }
        log.info("Workflow files in {}: {} applied, {} unchanged, {} failed", dir, applied, unchanged, failed);
        return new Summary(applied, unchanged, failed);
    }

    private List<Path> files() {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list workflow files in " + dir, e);
        }
    }

    /** @return whether the task or its schedule had to change */
    private boolean apply(UUID admin, WorkflowFile file) {
        TaskService.Upserted upserted;
        try {
            upserted = tasks.upsertByName(admin, file.task());
        } catch (InvalidFieldException e) {
            throw file.error(List.of(e.field()), e.reason());
        }
        if (file.schedule() == null) {
            return upserted.changed();
        }
        UUID taskId = upserted.task().id();
        Optional<ScheduleView> current = schedules.find(taskId, admin);
        ScheduleSpec wanted = current.map(c -> keepPauseState(file.schedule(), c)).orElse(file.schedule());
        if (current.isPresent() && sameTimetable(current.get(), wanted)) {
            return upserted.changed();
        }
        try {
            schedules.put(taskId, admin, wanted);
        } catch (InvalidFieldException e) {
            throw file.error(List.of("schedule", e.field()), e.reason());
        }
        return true;
    }

    private static ScheduleSpec keepPauseState(ScheduleSpec fromFile, ScheduleView current) {
        return new ScheduleSpec(fromFile.cron(), fromFile.intervalSeconds(), fromFile.timezone(),
                fromFile.overlapPolicy(), fromFile.variables(), current.paused(), current.note());
    }

    private static boolean sameTimetable(ScheduleView current, ScheduleSpec wanted) {
        return new ScheduleSpec(current.cron(), current.intervalSeconds(), current.timezone(), current.overlapPolicy(),
                current.variables(), current.paused(), current.note()).equals(wanted);
    }
}
