package dev.baton.workflowfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schedule.OverlapPolicy;
import dev.baton.schedule.ScheduleEngine;
import dev.baton.schedule.ScheduleSnapshot;
import dev.baton.schedule.ScheduleSpec;
import dev.baton.schedule.ScheduledTask;
import dev.baton.support.IntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Workflow files applied at startup against the real database, with an in-memory schedule engine. */
@ExtendWith(OutputCaptureExtension.class)
class WorkflowFileLoaderTest extends IntegrationTest {

    private static final Path DIR = tempDir("baton-workflows-");

    @DynamicPropertySource
    static void workflowFiles(DynamicPropertyRegistry registry) {
        write("nightly.yaml", """
                name: nightly-check
                promptTemplate: Check the {{namespace}} namespace
                variables: {namespace: default}
                timeoutSeconds: 600
                schedule:
                  cron: "0 2 * * *"
                  timezone: Europe/Berlin
                  paused: true
                  note: waiting for credentials
                """);
        write("broken.yml", """
                name: broken
                promptTemplate: Say hello
                timeoutSeconds: 5
                """);
        registry.add("baton.workflows.dir", DIR::toString);
    }

    @Autowired
    WorkflowFileLoader loader;

    @Autowired
    FakeScheduleEngine engine;

    @Test
    void appliesTheValidFileAtStartupAsTheAdminsTaskWithItsSchedule() {
        JsonNode task = adminTask("nightly-check");

        assertThat(task.path("promptTemplate").asString()).isEqualTo("Check the {{namespace}} namespace");
        assertThat(task.path("timeoutSeconds").asInt()).isEqualTo(600);
        assertThat(engine.describe(UUID.fromString(task.path("id").asString())))
                .map(ScheduleSnapshot::spec)
                .contains(new ScheduleSpec("0 2 * * *", null, "Europe/Berlin", OverlapPolicy.SKIP, Map.of(), true,
                        "waiting for credentials"));
    }

    @Test
    void skipsTheInvalidFileWithoutStoppingTheOthers(CapturedOutput output) {
        assertThat(adminTasks()).extracting(t -> t.path("name").asString())
                .contains("nightly-check").doesNotContain("broken");

        loader.apply();

        assertThat(output).contains("Skipped workflow file " + DIR.resolve("broken.yml")
                + " line 3: timeoutSeconds: must be greater than or equal to 10");
    }

    @Test
    void applyingAgainChangesNothing() {
        JsonNode before = adminTask("nightly-check");
        int upserts = engine.upserts.get();

        WorkflowFileLoader.Summary summary = loader.apply();

        assertThat(summary).isEqualTo(new WorkflowFileLoader.Summary(0, 1, 1));
        assertThat(engine.upserts).hasValue(upserts);
        assertThat(adminTask("nightly-check").path("updatedAt").asString())
                .isEqualTo(before.path("updatedAt").asString());
    }

    @Test
    void keepsASchedulePausedOrUnpausedThroughTheApiWhenApplyingAgain() {
        String id = adminTask("nightly-check").path("id").asString();
        var unpaused = admin.post("/api/v1/tasks/" + id + "/schedule/unpause", Map.of("note", "credentials set up"));
        assertThat(unpaused.status()).as(unpaused.toString()).isEqualTo(200);

        try {
            assertThat(loader.apply().unchanged()).isEqualTo(1);
            var schedule = admin.get("/api/v1/tasks/" + id + "/schedule").json();
            assertThat(schedule.path("paused").asBoolean()).isFalse();
            assertThat(schedule.path("note").asString()).isEqualTo("credentials set up");
        } finally {
            admin.post("/api/v1/tasks/" + id + "/schedule/pause", Map.of("note", "waiting for credentials"));
        }
    }

    @Test
    void appliesAnEditedTimetableButKeepsThePauseState() {
        Path file = write("edited.yaml", """
                name: edited
                promptTemplate: Say hello
                schedule: {intervalSeconds: 3600, paused: true, note: first}
                """);
        try {
            loader.apply();
            UUID id = UUID.fromString(adminTask("edited").path("id").asString());
            engine.unpause(id, "running now");
            write("edited.yaml", """
                    name: edited
                    promptTemplate: Say hello
                    schedule: {intervalSeconds: 600, paused: true, note: first}
                    """);

            assertThat(loader.apply().applied()).isEqualTo(1);

            assertThat(engine.describe(id)).map(ScheduleSnapshot::spec).contains(new ScheduleSpec(null, 600L, "UTC",
                    OverlapPolicy.SKIP, Map.of(), false, "running now"));
        } finally {
            delete(file);
        }
    }

    @Test
    void theShippedExamplesApplyWithTheApplicationsOwnRules() throws IOException {
        List<Path> examples = List.of(Path.of("workflows", "k8s-health-check.yaml"),
                Path.of("workflows", "weekly-report.yaml"));
        for (Path example : examples) {
            Files.copy(example, DIR.resolve(example.getFileName()));
        }
        try {
            assertThat(loader.apply()).isEqualTo(new WorkflowFileLoader.Summary(2, 1, 1));

            for (String name : List.of("k8s-health-check", "weekly-report")) {
                UUID id = UUID.fromString(adminTask(name).path("id").asString());
                assertThat(engine.describe(id)).map(s -> s.spec().paused()).contains(true);
            }
        } finally {
            examples.forEach(example -> delete(DIR.resolve(example.getFileName())));
        }
    }

    private JsonNode adminTask(String name) {
        return adminTasks().stream().filter(t -> t.path("name").asString().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("admin has no task " + name + ": " + adminTasks()));
    }

    private List<JsonNode> adminTasks() {
        var reply = admin.get("/api/v1/tasks?size=100");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().path("items").valueStream().toList();
    }

    private static Path write(String name, String yaml) {
        try {
            return Files.writeString(DIR.resolve(name), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Engine {

        @Bean
        @Primary
        FakeScheduleEngine fakeScheduleEngine() {
            return new FakeScheduleEngine();
        }
    }

    /** Keeps schedules in a map, since no engine is wired on this branch yet, and counts writes. */
    static class FakeScheduleEngine implements ScheduleEngine {

        final Map<UUID, ScheduleSpec> schedules = new ConcurrentHashMap<>();
        final AtomicInteger upserts = new AtomicInteger();

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public void upsert(ScheduledTask task, ScheduleSpec spec) {
            upserts.incrementAndGet();
            schedules.put(task.taskId(), spec);
        }

        @Override
        public Optional<ScheduleSnapshot> describe(UUID taskId) {
            return Optional.ofNullable(schedules.get(taskId)).map(spec -> new ScheduleSnapshot(spec, List.of()));
        }

        @Override
        public void delete(UUID taskId) {
            schedules.remove(taskId);
        }

        @Override
        public void pause(UUID taskId, String note) {
            schedules.computeIfPresent(taskId, (id, spec) -> spec.withPaused(true, note));
        }

        @Override
        public void unpause(UUID taskId, String note) {
            schedules.computeIfPresent(taskId, (id, spec) -> spec.withPaused(false, note));
        }

        @Override
        public dev.baton.schedule.TriggerResult trigger(UUID taskId) {
            throw new UnsupportedOperationException("loading workflow files never triggers");
        }
    }
}
