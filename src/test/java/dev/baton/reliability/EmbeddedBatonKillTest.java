package dev.baton.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import dev.baton.support.SeparateJvms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import tools.jackson.databind.JsonNode;

/**
 * The zero set-up Baton (embedded PostgreSQL, embedded Temporal, one data directory) is killed with {@code kill -9}
 * while a turn's CLI runs, and started again on the same data directory, as a service manager would. The execution
 * must end completed, not stuck; the dead JVM's PostgreSQL must not block the restart; the dead JVM's CLIs must not
 * live on; and a session whose interactive turn died with the JVM must take queries again at once.
 */
@Tag("slow")
@SeparateJvms
class EmbeddedBatonKillTest {

    private static final Path FAKE_CLAUDE = Path.of(System.getProperty("user.dir"), "src/test/scripts/fake-claude");

    private final Path root = IntegrationTest.tempDir("baton-kill9-");
    private final Path dataDir = root.resolve("data");
    private EmbeddedNode node;

    @RegisterExtension
    final TestWatcher logsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            EmbeddedNode.printTail(root.resolve("baton.log"));
        }
    };

    @AfterEach
    void leaveNothingBehind() {
        if (node != null) {
            node.stop();
        }
        LocalProcesses.killStartedUnder(dataDir);
        postmasters().forEach(p -> ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroy));
    }

    @Test
    void aKilledEmbeddedBatonRestartsOnItsDataDirectoryAndCompletesTheRunningExecution() throws IOException {
        Path log = root.resolve("baton.log");
        node = EmbeddedNode.start(dataDir, FAKE_CLAUDE, log);
        node.awaitReady();
        Api first = node.api;
        String taskId = first.post("/api/v1/tasks", Map.of("name", "kill9-" + UUID.randomUUID(), "promptTemplate",
                "[[scenario:gate]] survive kill -9", "retry", Map.of("maxAttempts", 3, "initialIntervalSeconds", 1)))
                .json().path("id").asString();
        var accepted = first.post("/api/v1/tasks/" + taskId + "/execute", Map.of());
        assertThat(accepted.status()).as("execute: %s", accepted).isEqualTo(202);
        String executionId = accepted.json().path("executionId").asString();
        String firstRunId = accepted.json().path("runId").asString();
        String sessionId = await().atMost(Duration.ofSeconds(30)).until(
                () -> first.get("/api/v1/executions/" + executionId).json().path("sessionId").asString(""),
                id -> !id.isEmpty());
        Path configDir = dataDir.resolve("claude-config").resolve(sessionId);
        // And an interactive turn of a session, whose query gets no answer: the JVM dies under it.
        String chatId = first.post("/api/v1/sessions", Map.of()).json().path("id").asString();
        Thread.ofVirtual().start(() -> {
            try {
                first.post("/api/v1/sessions/" + chatId + "/query", Map.of("message", "[[scenario:gate]] chat"));
            } catch (RuntimeException expected) {
                // The connection breaks with the JVM.
            }
        });
        Path chatConfig = dataDir.resolve("claude-config").resolve(chatId);
        await("both gated CLIs running").atMost(Duration.ofSeconds(30))
                .until(() -> clis().size() == 2 && Files.exists(configDir.resolve("fake-claude-stdin.txt"))
                        && Files.exists(chatConfig.resolve("fake-claude-stdin.txt")));
        int clisBeforeKill = clis().size();
        List<Long> firstClis = clis().stream().map(LocalProcesses.Proc::pid).toList();
        long firstPostmaster = postmasters().getFirst().pid();

        node.kill9();

        int orphanedClis = clis().size();
        int orphanedPostmasters = postmasters().size();

        node = EmbeddedNode.start(dataDir, FAKE_CLAUDE, log);
        node.awaitReady();
        Api second = node.api;
        long firstClisAliveAfterRestart = firstClis.stream()
                .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).count();
        var chatAfterRestart = second.post("/api/v1/sessions/" + chatId + "/query", Map.of("message", "again"));
        boolean firstPostmasterAliveAfterRestart = ProcessHandle.of(firstPostmaster).map(ProcessHandle::isAlive)
                .orElse(false);
        // The restarted execution runs the gated turn again, in a CLI of the new JVM.
        await("the recovered attempt's CLI").atMost(Duration.ofSeconds(60))
                .until(() -> clis().stream().anyMatch(p -> !firstClis.contains(p.pid())));
        Files.createFile(configDir.resolve("release"));
        JsonNode finished = await("the execution's end").atMost(Duration.ofSeconds(60))
                .until(() -> second.get("/api/v1/executions/" + executionId).json(),
                        e -> !Set.of("queued", "running").contains(e.path("status").asString()));
        List<JsonNode> messages = second.get("/api/v1/sessions/" + sessionId + "/messages").json().valueStream().toList();
        long results = messages.stream().filter(m -> "result".equals(m.path("type").asString())).count();
        node.stop();
        node = null;
        int clisAfterStop = LocalProcesses.startedUnder(dataDir).size();
        int postmastersAfterStop = postmasters().size();

        Report.of("embedded-kill9-restart")
                .put("status", finished.path("status").asString())
                .put("previousRuns", finished.path("previousRunIds").size())
                .put("resultMessages", results)
                .put("cliProcessesBeforeKill", clisBeforeKill)
                .put("cliOrphansAfterKill", orphanedClis)
                .put("cliOrphansAfterRestart", firstClisAliveAfterRestart)
                .put("interruptedSessionQueryAfterRestart", chatAfterRestart.status())
                .put("postmastersAfterKill", orphanedPostmasters)
                .put("stalePostmasterAfterRestart", firstPostmasterAliveAfterRestart ? 1 : 0)
                .put("cliProcessesAfterStop", clisAfterStop)
                .put("postmastersAfterStop", postmastersAfterStop)
                .print();

        assertThat(finished.path("status").asString()).as("execution: %s", finished).isEqualTo("completed");
        assertThat(finished.path("previousRunIds")).extracting(JsonNode::asString).containsExactly(firstRunId);
        assertThat(results).as("the turn finished exactly once").isEqualTo(1);
        assertThat(clisBeforeKill).isEqualTo(2);
        assertThat(orphanedClis).as("kill -9 leaves both CLIs running").isEqualTo(2);
        assertThat(orphanedPostmasters).as("kill -9 leaves the embedded postmaster running").isEqualTo(1);
        assertThat(firstPostmasterAliveAfterRestart).as("the restart stopped the dead JVM's postmaster").isFalse();
        assertThat(firstClisAliveAfterRestart).as("the restart killed the dead JVM's CLIs").isZero();
        assertThat(chatAfterRestart.status()).as("the interrupted session takes queries again: %s", chatAfterRestart)
                .isEqualTo(200);
        assertThat(clisAfterStop).as("processes left by Baton after a clean stop").isZero();
        assertThat(postmastersAfterStop).as("postmasters left after a clean stop").isZero();
    }

    private List<LocalProcesses.Proc> clis() {
        return LocalProcesses.clisUnder(dataDir, FAKE_CLAUDE.toString());
    }

    /** The postmaster of this test's data directory (not its backends, which share the binary). */
    private List<LocalProcesses.Proc> postmasters() {
        String dir = dataDir.resolve("postgres").toString();
        return LocalProcesses.all().stream()
                .filter(p -> p.commandLine().contains("/bin/postgres") && p.commandLine().contains(dir))
                .toList();
    }
}
