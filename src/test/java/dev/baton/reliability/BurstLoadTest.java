package dev.baton.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * 500 executions submitted in one burst, with the fake CLI: every one ends, none is lost and none runs twice.
 * Counted twice over: in PostgreSQL (rows, statuses, turns and result messages per execution) and in Temporal (each
 * {@code execution-<id>} described, and its history read for completed turn activities; the test server has no
 * ListWorkflowExecutions, so each id is asked for by name). Slow: about a minute on two cores.
 */
@Tag("slow")
class BurstLoadTest extends IntegrationTest {

    private static final int EXECUTIONS = 500;
    private static final int CLIENTS = 16;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private WorkflowClient temporal;

    @Test
    void fiveHundredExecutionsInABurstAllCompleteExactlyOnce() throws Exception {
        Api user = newUser();
        var created = user.post("/api/v1/tasks", Map.of("name", "burst-" + UUID.randomUUID(),
                "promptTemplate", "burst {{n}}", "variables", Map.of("n", "0")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        UUID taskId = UUID.fromString(created.json().path("id").asString());
        int processesBefore = LocalProcesses.startedUnder(dataDir()).size();

        List<String> accepted = submit(user, taskId);
        Set<String> ids = new HashSet<>(accepted);

        await("every execution of the burst to end").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> unfinished(taskId) == 0);

        Map<String, Integer> byStatus = new TreeMap<>();
        jdbc.query("select status, count(*) from task_executions where task_id = ? group by status",
                rs -> {
                    byStatus.put(rs.getString(1).toLowerCase(), rs.getInt(2));
                }, taskId);
        Set<String> rows = new HashSet<>(jdbc.queryForList(
                "select id::text from task_executions where task_id = ?", String.class, taskId));
        // Per execution: its turns and result messages, across every attempt.
        Map<String, int[]> perExecution = new TreeMap<>();
        jdbc.query("""
                select e.id::text,
                       (select count(*) from session_turns t where t.session_id = e.session_id),
                       (select count(*) from session_messages m where m.session_id = e.session_id and m.type = 'result'),
                       e.attempt
                from task_executions e where e.task_id = ?""", rs -> {
                    perExecution.put(rs.getString(1), new int[] {rs.getInt(2), rs.getInt(3), rs.getInt(4)});
                }, taskId);
        long notOneTurn = perExecution.values().stream().filter(c -> c[0] != 1).count();
        long notOneResult = perExecution.values().stream().filter(c -> c[1] != 1).count();
        long retried = perExecution.values().stream().filter(c -> c[2] != 1).count();

        Map<String, Integer> temporalStatus = new TreeMap<>();
        int notOneCompletedTurnActivity = 0;
        for (String id : ids) {
            String workflowId = "execution-" + id;
            WorkflowExecutionStatus status = describe(workflowId);
            temporalStatus.merge(status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(), 1,
                    Integer::sum);
            if (completedTurnActivities(workflowId) != 1) {
                notOneCompletedTurnActivity++;
            }
        }
        int processesAfter = LocalProcesses.startedUnder(dataDir()).size();

        Report.of("burst-500")
                .put("submitted", EXECUTIONS)
                .put("accepted202", accepted.size())
                .put("distinctIds", ids.size())
                .put("rows", rows.size())
                .put("byStatus", byStatus.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                        .collect(Collectors.joining(",")))
                .put("executionsWithoutExactlyOneTurn", notOneTurn)
                .put("executionsWithoutExactlyOneResult", notOneResult)
                .put("executionsRetried", retried)
                .put("temporalStatus", temporalStatus.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                        .collect(Collectors.joining(",")))
                .put("workflowsWithoutExactlyOneCompletedTurnActivity", notOneCompletedTurnActivity)
                .put("cliProcessesBefore", processesBefore)
                .put("cliProcessesAfter", processesAfter)
                .print();
        assertThat(accepted).hasSize(EXECUTIONS);
        assertThat(ids).as("no id handed out twice").hasSize(EXECUTIONS);
        assertThat(rows).as("rows for exactly the accepted ids").isEqualTo(ids);
        assertThat(byStatus).isEqualTo(Map.of("completed", EXECUTIONS));
        assertThat(notOneTurn).isZero();
        assertThat(notOneResult).isZero();
        assertThat(temporalStatus).isEqualTo(Map.of("completed", EXECUTIONS));
        assertThat(notOneCompletedTurnActivity).isZero();
        assertThat(processesBefore).isZero();
        assertThat(processesAfter).isZero();
    }

    /** POSTs the executions from {@link #CLIENTS} threads at once; returns the ids of the 202 answers. */
    private List<String> submit(Api user, UUID taskId) throws Exception {
        List<Future<String>> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            for (int i = 0; i < EXECUTIONS; i++) {
                int n = i;
                answers.add(clients.submit(() -> {
                    var answer = user.post("/api/v1/tasks/" + taskId + "/execute",
                            Map.of("variables", Map.of("n", String.valueOf(n))));
                    if (answer.status() != 202) {
                        throw new AssertionError("execute " + n + ": " + answer);
                    }
                    return answer.json().path("executionId").asString();
                }));
            }
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> answer : answers) {
            ids.add(answer.get());
        }
        return ids;
    }

    private int unfinished(UUID taskId) {
        Integer n = jdbc.queryForObject(
                "select count(*) from task_executions where task_id = ? and status in ('QUEUED', 'RUNNING')",
                Integer.class, taskId);
        return n == null ? -1 : n;
    }

    private WorkflowExecutionStatus describe(String workflowId) {
        var request = DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(temporal.getOptions().getNamespace())
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                .build();
        return temporal.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(request)
                .getWorkflowExecutionInfo().getStatus();
    }

    /** Completed activities of type RunTurn in the workflow's history (each names its scheduled event). */
    private int completedTurnActivities(String workflowId) {
        List<HistoryEvent> events = temporal.fetchHistory(workflowId).getEvents();
        Set<Long> turnScheduled = events.stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .filter(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("RunTurn"))
                .map(HistoryEvent::getEventId).collect(Collectors.toSet());
        return (int) events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
                .filter(e -> turnScheduled.contains(e.getActivityTaskCompletedEventAttributes().getScheduledEventId()))
                .count();
    }
}
