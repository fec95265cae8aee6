package dev.baton.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import dev.baton.usage.FairShare;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** What keeps the fair-share queue moving when a grant's signal or a workflow was lost. */
class SlotSweepTest extends IntegrationTest {

    @Autowired
    private SlotSweep sweep;
    @Autowired
    private FairShare fairShare;
    @Autowired
    private JdbcTemplate jdbc;

    private Api user;
    private final List<String> started = new ArrayList<>();

    @AfterEach
    void cancelWhatRuns() {
        started.forEach(id -> user.post("/api/v1/executions/" + id + "/cancel", null));
        started.forEach(id -> await().atMost(Duration.ofSeconds(30)).until(() -> !status(id).equals("running")
                && !status(id).equals("queued")));
    }

    private String execute(String taskId) {
        var accepted = user.post("/api/v1/tasks/" + taskId + "/execute", Map.of());
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String id = accepted.json().path("executionId").asString();
        started.add(id);
        return id;
    }

    private String status(String executionId) {
        return user.get("/api/v1/executions/" + executionId).json().path("status").asString();
    }

    private String hangingTask() {
        var created = user.post("/api/v1/tasks", Map.of("name", "t-" + UUID.randomUUID(),
                "promptTemplate", "[[scenario:hang]]"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    private Instant requestedAt(String executionId) {
        return jdbc.queryForObject("select requested_at from turn_slots where execution_id = ?", Instant.class,
                UUID.fromString(executionId));
    }

    @Test
    void tellsAnExecutionOfAGrantWhoseSignalWasLost() {
        user = newUser();
        // One turn at a time for this user, so that their second execution waits in the queue.
        String userId = user.get("/api/v1/users/me").json().path("id").asString();
        var limited = admin.send("PUT", "/api/v1/users/" + userId + "/limits", "{\"maxConcurrentTurns\": 1}",
                "application/json");
        assertThat(limited.status()).as(limited.toString()).isEqualTo(200);
        String task = hangingTask();
        String first = execute(task);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(first).equals("running"));
        String second = execute(task);
        await().atMost(Duration.ofSeconds(30)).until(() -> "waiting_for_slot".equals(
                user.get("/api/v1/executions/" + second).json().path("progress").path("phase").asString()));
        Instant asked = requestedAt(second);

        // As if a node granted it a slot and died before its signal went out: the workflow still waits.
        jdbc.update("update turn_slots set granted_at = now() - interval '1 minute' where execution_id = ?",
                UUID.fromString(second));
        // Nothing else would tell it before its own look again: the first execution hangs, so no slot frees. (The
        // node's own sweep may beat this call to it, which is the same sweep.)
        sweep.sweep();

        await().atMost(Duration.ofSeconds(30)).until(() -> status(second).equals("running"));
        Instant startedAt = Instant.parse(user.get("/api/v1/executions/" + second).json().path("startedAt").asString());
        assertThat(startedAt).as("started by the sweep's signal, before its own first look again")
                .isBefore(asked.plus(TaskExecutionWorkflowImpl.SLOT_RECHECK));
    }

    @Test
    void dropsTheQueueRowsOfExecutionsThatEndedWithoutLeavingIt() {
        user = newUser();
        String task = hangingTask();
        String ended = execute(task);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(ended).equals("running"));
        user.post("/api/v1/executions/" + ended + "/cancel", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(ended).equals("cancelled"));
        UUID userId = jdbc.queryForObject("select user_id from task_executions where id = ?", UUID.class,
                UUID.fromString(ended));

        // As if its workflow had been lost while it waited in the queue.
        jdbc.update("insert into turn_slots (execution_id, user_id, requested_at) values (?, ?, now())",
                UUID.fromString(ended), userId);
        fairShare.dropEnded();

        assertThat(jdbc.queryForObject("select count(*) from turn_slots where execution_id = ?", Integer.class,
                UUID.fromString(ended))).isZero();
    }
}
