package dev.baton.temporalui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

/**
 * The real Temporal Web UI in a real headless Chromium, against the embedded Temporal server: sign in, the workflow
 * list, a completed execution's history, a running execution's pending activity, and a cancellation requested in the
 * UI that ends the execution {@code cancelled} in Baton's API. Screenshots go to {@code target/temporal-ui-browser/}.
 */
class TemporalUiBrowserTest extends TemporalUiTest {

    static final Path SCREENSHOTS = Path.of("target", "temporal-ui-browser");

    @Test
    void listHistoryPendingActivityAndCancellationInTheBrowser() {
        Api user = newUser();
        String username = user.get("/api/v1/users/me").json().path("username").asString();
        JsonNode completed = execute(user, "greeting", "Say hello to the UI", "completed");
        JsonNode running = execute(user, "waiting", "Wait [[scenario:gate]]", "running");
        await().atMost(Duration.ofSeconds(60)).until(() -> configDir(running.path("sessionId").asString())
                .resolve("fake-claude-stdin.txt").toFile().exists());
        String ui = "http://localhost:" + UI_PORT;

        try (Browser browser = new Browser(SCREENSHOTS)) {
            runInTheBrowser(browser, ui, user, username, completed, running);
        } finally {
            // Should the cancellation not have happened, the gated fake CLI must not hold up the context's shutdown.
            release(running.path("sessionId").asString());
        }
    }

    private void runInTheBrowser(Browser browser, String ui, Api user, String username, JsonNode completed,
            JsonNode running) {
        // The login page; a headless browser cannot answer the Basic prompt a plain visit gets (AccessTest checks it).
        browser.open(ui + "/login");
        browser.await(By.id("baton-login"));
        browser.screenshot("00-sign-in");
        browser.driver().findElement(By.id("username")).sendKeys(username);
        browser.driver().findElement(By.id("apiKey")).sendKeys(user.key());
        browser.driver().findElement(By.id("sign-in")).click();

        String list = browser.awaitText(completed.path("workflowId").asString(), running.path("workflowId").asString());
        browser.screenshot("01-workflows");
        assertThat(list).contains("TaskExecutionWorkflow", username);

        browser.open(ui + historyPath(completed));
        String history = browser.awaitText("Completed", "RunTurn");
        browser.screenshot("02-completed-history");
        assertThat(history).contains(completed.path("workflowId").asString());

        browser.open(ui + runPath(completed) + "/metadata");
        browser.awaitText("Memo", "taskName", "triggerType", "manual", completed.path("id").asString());
        browser.screenshot("03-completed-memo");

        browser.open(ui + runPath(running) + "/pending-activities");
        String pending = browser.awaitText("RunTurn", "Attempt", "Last Heartbeat");
        browser.screenshot("04-pending-activity");
        assertThat(pending).contains("Running", "1 of 3");

        browser.open(ui + runPath(running) + "/query");
        browser.awaitText("Query Type", "Run Query");
        assertThat(browser.driver().findElement(By.id("query-select")).getDomProperty("value")).isEqualTo("progress");
        browser.await(By.xpath("//button[contains(., 'Run Query')]")).click();
        browser.awaitText("\"phase\": \"running\"", "\"attempt\": 1");
        browser.screenshot("05-progress-query");

        browser.await(By.id("workflow-actions-primary-button")).click();
        browser.await(By.cssSelector("[data-testid='confirm-modal-button']")).click();
        String id = running.path("id").asString();
        await().atMost(Duration.ofSeconds(90)).until(
                () -> user.get("/api/v1/executions/" + id).json().path("status").asString(), "cancelled"::equals);
        browser.open(ui + historyPath(user.get("/api/v1/executions/" + id).json()));
        browser.awaitText("Canceled");
        browser.screenshot("06-cancelled");
    }

    private JsonNode execute(Api user, String name, String prompt, String status) {
        var task = user.post("/api/v1/tasks", Map.of("name", name + "-" + UUID.randomUUID(), "promptTemplate", prompt));
        assertThat(task.status()).as(task.toString()).isEqualTo(201);
        String id = user.post("/api/v1/tasks/" + task.json().path("id").asString() + "/execute", Map.of()).json()
                .path("executionId").asString();
        return await().atMost(Duration.ofSeconds(90)).until(() -> user.get("/api/v1/executions/" + id).json(),
                e -> e.path("status").asString().equals(status));
    }

    private static String runPath(JsonNode execution) {
        return "/namespaces/default/workflows/" + execution.path("workflowId").asString() + "/"
                + execution.path("runId").asString();
    }

    private static String historyPath(JsonNode execution) {
        return runPath(execution) + "/history";
    }
}
