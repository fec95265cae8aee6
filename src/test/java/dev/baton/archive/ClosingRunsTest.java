package dev.baton.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assertions;

/** The worker interceptor that tells the archiver which runs are closing, on the real test server. */
class ClosingRunsTest {

    private final ClosingRuns closing = new ClosingRuns();
    private final TestWorkflowEnvironment environment = TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false)
                    .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder().setWorkerInterceptors(closing).build())
                    .build());
    private final WorkflowClient client = environment.getWorkflowClient();

    @AfterEach
    void close() {
        environment.close();
    }

    @WorkflowInterface
    public interface Counting {
        @WorkflowMethod
        String run(int rounds);
    }

    /** Ends normally at 0 rounds, fails at -1, and otherwise continues as new with one round less. */
    public static class CountingImpl implements Counting {
        @Override
        public String run(int rounds) {
            if (rounds < 0) {
                throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure("asked to fail", "test");
            }
            if (rounds > 0) {
                Workflow.continueAsNew(rounds - 1);
            }
            return "done";
        }
    }

    @Test
    void reportsRunsThatCompleteFailOrContinueAsNew() throws InterruptedException {
        Worker worker = environment.newWorker("closing");
        worker.registerWorkflowImplementationTypes(CountingImpl.class);
        environment.start();

        String completedRun = start("completes", 0);
        client.newUntypedWorkflowStub("completes").getResult(String.class);
        String failedRun = start("fails", -1);
        Assertions.assertThrows(WorkflowFailedException.class,
                () -> client.newUntypedWorkflowStub("fails").getResult(String.class));
        String firstOfChain = start("chain", 1);
        client.newUntypedWorkflowStub("chain").getResult(String.class);
        String lastOfChain = client.newUntypedWorkflowStub("chain").describe().getExecution().getRunId();

        var reported = new java.util.HashSet<HistoryArchive.Run>();
        for (int i = 0; i < 4; i++) {
            HistoryArchive.Run run = poll();
            assertThat(run).as("run %d of 4 reported", i + 1).isNotNull();
            reported.add(run);
        }
        assertThat(reported).containsExactlyInAnyOrder(new HistoryArchive.Run("completes", completedRun),
                new HistoryArchive.Run("fails", failedRun), new HistoryArchive.Run("chain", firstOfChain),
                new HistoryArchive.Run("chain", lastOfChain));
    }

    private String start(String workflowId, int rounds) {
        Counting workflow = client.newWorkflowStub(Counting.class,
                WorkflowOptions.newBuilder().setTaskQueue("closing").setWorkflowId(workflowId).build());
        return WorkflowClient.start(workflow::run, rounds).getRunId();
    }

    private HistoryArchive.Run poll() throws InterruptedException {
        var result = new java.util.concurrent.atomic.AtomicReference<HistoryArchive.Run>();
        Thread taker = Thread.ofVirtual().start(() -> {
            try {
                result.set(closing.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        taker.join(Duration.ofSeconds(10));
        taker.interrupt();
        return result.get();
    }
}
