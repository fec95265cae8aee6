package dev.baton.scaleout;

import dev.baton.BatonApplication;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Starts {@link BatonApplication} as one node of {@link MultiProcessTest}'s cluster, with one difference: workflow
 * tasks are never sticky.
 *
 * <p>A worker normally asks Temporal to send a workflow's next task to its own sticky queue. A real Temporal server
 * falls back to the shared queue when that task waits there longer than the sticky schedule-to-start timeout (5 s),
 * which is how a workflow survives its worker's death. The SDK's standalone test server keeps no such timer, so a
 * workflow whose worker was killed would wait on the dead worker's sticky queue for ever. A zero timeout makes the
 * SDK leave out sticky attributes altogether, so every workflow task goes through the shared queue.
 */
final class ClusterNode {

    private ClusterNode() {
    }

    public static void main(String[] args) {
        var application = new SpringApplication(BatonApplication.class);
        application.addInitializers((GenericApplicationContext context) ->
                context.registerBean("noStickyWorkflowTasks", NoStickyWorkflowTasks.class, NoStickyWorkflowTasks::new));
        application.run(args);
    }

    /** Not a component, so the application's own component scan never picks it up in other tests. */
    static final class NoStickyWorkflowTasks implements TemporalOptionsCustomizer<WorkerOptions.Builder> {

        @Override
        public WorkerOptions.Builder customize(WorkerOptions.Builder options) {
            return options.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
        }
    }
}
