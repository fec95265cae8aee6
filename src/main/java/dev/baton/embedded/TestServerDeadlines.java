package dev.baton.embedded;

import static dev.baton.embedded.Reflection.field;

import io.temporal.testing.TestWorkflowEnvironment;
import java.lang.reflect.Field;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the embedded test server a deadline timer that forgets a cancelled deadline at once.
 *
 * <p>The server (version {@value TestServerInternals#VERSION}) times every long poll's deadline on its
 * {@code backgroundScheduler}, a plain single-thread scheduled executor. A poll answered early cancels its timer, and
 * such an executor keeps a cancelled timer queued until it would have fired, a minute later, then wakes to drop it.
 * So its thread woke once for nearly every task the server handed out: with 8 real-CLI executions at a time that
 * thread took 5% of Baton's CPU (async-profiler, benchmark figure 9), for no work at all. The replacement removes a
 * cancelled timer from its queue when it is cancelled, on the cancelling thread.
 *
 * <p>The field is final, so this writes a final field by reflection: a JDK that refuses that (JEP 500 is heading that
 * way) leaves the server's own executor in place, with a warning, and nothing else changes.
 */
final class TestServerDeadlines {

    private static final Logger log = LoggerFactory.getLogger(TestServerDeadlines.class);
    static final String THREAD_NAME = "temporal-test-server-deadlines";

    private final boolean replaced;

    private TestServerDeadlines(boolean replaced) {
        this.replaced = replaced;
    }

    /** Call it before the workers start polling. */
    static TestServerDeadlines replace(TestWorkflowEnvironment environment) {
        try {
            Object service = TestServerInternals.service(environment);
            if (service == null) {
                return new TestServerDeadlines(false);
            }
            Field scheduler = field(service.getClass(), "backgroundScheduler", ScheduledExecutorService.class);
            var previous = (ScheduledExecutorService) scheduler.get(service);
            scheduler.set(service, forgetful());
            // Nothing polled yet, so it holds no timer; the server shuts the replacement down when it closes.
            previous.shutdownNow();
            return new TestServerDeadlines(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("Temporal: the embedded server keeps its own deadline timer, which wakes once for each task it "
                    + "hands out: {}", e.toString());
            return new TestServerDeadlines(false);
        }
    }

    /** Whether the server has the replacement. */
    boolean replaced() {
        return replaced;
    }

    /** One daemon thread, like the server's, but a cancelled timer leaves its queue at once. */
    static ScheduledThreadPoolExecutor forgetful() {
        var executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, THREAD_NAME);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
