package dev.baton.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reflective access to the embedded Temporal server's internals, against the real test server of the pinned
 * version: it must find every structure a closed run stays in, free them, and leave open runs working. It fails when
 * the server's fields change shape (attach refuses) or when dropping frees nothing.
 */
class TestServerInternalsTest {

    private static final String QUEUE = "internals";

    private final TestWorkflowEnvironment environment = TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    private final WorkflowClient client = environment.getWorkflowClient();

    @AfterEach
    void close() {
        environment.close();
    }

    @ActivityInterface
    public interface Echo {
        String echo(String text);
    }

    @WorkflowInterface
    public interface Quick {
        @WorkflowMethod
        String run(String text);
    }

    public static class QuickImpl implements Quick {
        private final Echo echo = Workflow.newActivityStub(Echo.class,
                ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofHours(1)).build());

        @Override
        public String run(String text) {
            return echo.echo(text);
        }
    }

    @WorkflowInterface
    public interface Waiting {
        @WorkflowMethod
        String run();

        @SignalMethod
        void go();
    }

    public static class WaitingImpl implements Waiting {
        private boolean going;

        @Override
        public String run() {
            Workflow.await(() -> going);
            return "went";
        }

        @Override
        public void go() {
            going = true;
        }
    }

    @Test
    void dropsClosedRunsFromEveryStructureAndLeavesOpenOnesWorking() {
        Waiting waiting = startWithOneWaitingRun();
        List<String> quickIds = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "quick-" + i).toList();
        for (String id : quickIds) {
            assertThat(client.newWorkflowStub(Quick.class, options(id)).run(id)).isEqualTo(id);
        }
        String droppedRunId = client.newUntypedWorkflowStub("quick-0").describe().getExecution().getRunId();

        TestServerInternals internals = TestServerInternals.attach(environment);
        TestServerInternals.Counts before = internals.counts();
        List<TestServerInternals.ClosedRun> closed = internals.closedRuns();
        int dropped = internals.drop(closed);
        internals.pruneTimer(Duration.ZERO);
        TestServerInternals.Counts after = internals.counts();
        System.out.println("EMBEDDED-TEMPORAL | internals | before=" + before + " after=" + after);

        assertThat(closed).extracting(TestServerInternals.ClosedRun::workflowId)
                .containsExactlyInAnyOrderElementsOf(quickIds);
        assertThat(dropped).isEqualTo(20);
        assertThat(before.executions()).isEqualTo(21);
        assertThat(after.executions()).as("runs").isEqualTo(1);
        assertThat(after.executionsByWorkflowId()).as("latest run per workflow id").isEqualTo(1);
        assertThat(after.executionsByFirstExecutionRunId()).as("chains").isEqualTo(1);
        assertThat(before.histories()).isEqualTo(21);
        assertThat(after.histories()).as("histories").isEqualTo(1);
        assertThat(after.searchAttributes()).isLessThanOrEqualTo(1);
        assertThat(after.lockEvents()).as("time-skipping lock events").isLessThan(before.lockEvents() / 4);
        assertThat(before.timerTasks()).isGreaterThan(100);
        assertThat(after.timerTasks()).as("timers of dropped runs (only the open run's may stay)").isLessThan(5);

        assertThatThrownBy(() -> client.newUntypedWorkflowStub("quick-0").describe())
                .isInstanceOf(WorkflowNotFoundException.class);
        assertThatThrownBy(() -> client.fetchHistory("quick-0", droppedRunId)).isNotNull();
        assertThat(internals.drop(closed)).as("dropping again").isZero();
        assertThat(internals.closedRuns()).isEmpty();

        // The open run goes on, and a dropped workflow id can run again.
        waiting.go();
        assertThat(client.newUntypedWorkflowStub("waiting").getResult(String.class)).isEqualTo("went");
        assertThat(client.newWorkflowStub(Quick.class, options("quick-0")).run("again")).isEqualTo("again");
    }

    @Test
    void dropsTheTimersOfClosedRunsAndKeepsTheRuns() {
        Waiting waiting = startWithOneWaitingRun();
        List<WorkflowExecution> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = "quick-" + i;
            assertThat(client.newWorkflowStub(Quick.class, options(id)).run(id)).isEqualTo(id);
            runs.add(client.newUntypedWorkflowStub(id).describe().getExecution());
        }
        runs.add(client.newUntypedWorkflowStub("waiting").describe().getExecution());

        TestServerInternals internals = TestServerInternals.attach(environment);
        TestServerInternals.Counts before = internals.counts();
        int closed = internals.dropTimersOfClosed(environment.getNamespace(), runs);
        TestServerInternals.Counts after = internals.counts();
        System.out.println("EMBEDDED-TEMPORAL | timers of closed runs | before=" + before + " after=" + after);

        assertThat(closed).as("the open run is not closed").isEqualTo(20);
        assertThat(before.timerTasks()).isGreaterThan(60);
        assertThat(after.timerTasks()).as("only the open run's timers stay").isLessThan(5);
        assertThat(after.executions()).as("the runs themselves stay").isEqualTo(21);
        assertThat(after.histories()).isEqualTo(21);
        assertThat(client.fetchHistory("quick-0").getHistory().getEventsCount()).isPositive();
        waiting.go();
        assertThat(client.newUntypedWorkflowStub("waiting").getResult(String.class)).isEqualTo("went");
    }

    @Test
    void refusesAnEnvironmentWithoutAnInProcessServer() {
        TestWorkflowEnvironment external = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setUseExternalService(true).setTarget("127.0.0.1:1").build());
        try {
            assertThatThrownBy(() -> TestServerInternals.attach(external))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("no in-process server");
        } finally {
            external.close();
        }
    }

    /** Starts the worker and one run that stays open until told to go. */
    private Waiting startWithOneWaitingRun() {
        Worker worker = environment.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(QuickImpl.class, WaitingImpl.class);
        worker.registerActivitiesImplementations((Echo) text -> text);
        environment.start();
        Waiting waiting = client.newWorkflowStub(Waiting.class, options("waiting"));
        WorkflowClient.start(waiting::run);
        return waiting;
    }

    private static WorkflowOptions options(String id) {
        return WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(id).build();
    }
}
