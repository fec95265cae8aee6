package dev.baton.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.embedded.TestServerInternalsTest.Echo;
import dev.baton.embedded.TestServerInternalsTest.Quick;
import dev.baton.embedded.TestServerInternalsTest.QuickImpl;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded server's deadline timer, against the real test server of the pinned version: after many polls were
 * answered early, only the polls waiting now keep a timer. The server's own executor kept one per answered poll for a
 * minute; so does a replacement that does not remove cancelled timers (this test then fails).
 */
class TestServerDeadlinesTest {

    private static final String QUEUE = "deadlines";

    private final TestWorkflowEnvironment environment = TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());

    @AfterEach
    void close() {
        environment.close();
    }

    @Test
    void aPollAnsweredEarlyLeavesNoTimerBehind() throws ReflectiveOperationException {
        assertThat(TestServerDeadlines.replace(environment).replaced()).isTrue();
        Worker worker = environment.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(QuickImpl.class);
        worker.registerActivitiesImplementations((Echo) text -> text);
        environment.start();

        int runs = 30;
        for (int i = 0; i < runs; i++) {
            Quick quick = environment.getWorkflowClient().newWorkflowStub(Quick.class,
                    WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("quick-" + i).build());
            assertThat(quick.run("run " + i)).isEqualTo("run " + i);
        }

        ScheduledThreadPoolExecutor timer = timer();
        // Each run's two workflow tasks and one activity task answered a poll early: 90 timers had they stayed.
        assertThat(timer.getQueue()).as("timers left, against %d polls answered", 3 * runs).hasSizeLessThan(runs / 2);
        assertThat(timer.getCompletedTaskCount()).as("no timer fired: every poll was answered well in time").isZero();
    }

    private ScheduledThreadPoolExecutor timer() throws ReflectiveOperationException {
        Object service = TestServerInternals.service(environment);
        Object scheduler = Reflection.field(service.getClass(), "backgroundScheduler",
                java.util.concurrent.ScheduledExecutorService.class).get(service);
        assertThat(scheduler).isInstanceOf(ScheduledThreadPoolExecutor.class);
        return (ScheduledThreadPoolExecutor) scheduler;
    }
}
