package dev.baton.node;

import dev.baton.claude.ClaudeCli;
import dev.baton.execution.AttemptDrain;
import dev.baton.execution.WorkflowProperties;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * On shutdown, gives the CLI turns running on this node the grace period to finish, then kills what is left, so
 * no CLI process outlives the node and Temporal retries the killed attempts on another worker.
 *
 * <p>The order matters. The Temporal starter has no lifecycle bean of its own: it starts the worker factory on
 * {@code ApplicationReadyEvent} and shuts it down as the factory bean's destroy method, which runs only after every
 * {@link SmartLifecycle} has stopped. So this bean acts first:
 * <ol>
 * <li>With a Temporal cluster it suspends polling rather than shutting the factory down. {@code
 * WorkerFactory.shutdown()} also stops the activity heartbeat executor, and a running attempt's next heartbeat
 * would then throw {@code ActivityWorkerShutdownException}, which kills its CLI at once (see {@code
 * AttemptHeartbeat}) instead of letting it finish. A suspended worker still heartbeats and still reports results;
 * the cluster keeps the workflows, and other workers carry on with them.
 * <br>With the embedded Temporal server the worker keeps polling instead: that server stops with this node and keeps
 * nothing, so an attempt that ends now counts only if its workflow records the outcome in PostgreSQL (through its
 * bookkeeping activity, on this worker) and closes before the node is gone. Attempts that have not started their
 * CLI yet wait instead ({@link AttemptDrain}); after the restart they run from scratch.</li>
 * <li>It waits up to {@link ShutdownProperties#gracePeriod()} for every CLI turn (attempts, and on an api node the
 * session turns of in-flight requests) to end, and with the embedded server, within the same period, for the
 * workflows of the attempts that ended to settle; then it suspends polling.</li>
 * <li>It kills what is left and waits a little for the killed turns to end. A killed attempt fails with a
 * retryable {@code worker_shutdown} failure, which the still connected worker reports, and Temporal schedules the next
 * attempt where a worker polls; if the report is lost, the attempt's heartbeat timeout does the same.</li>
 * </ol>
 * The starter's destroy method then shuts the factory down. Leaving that to it keeps this bean restartable: the
 * test framework stops a cached context it does not need for a while and starts it again, and a worker factory that
 * was shut down cannot start again, so {@link #start()} only resumes polling.
 *
 * <p>It stops in the web server's graceful-shutdown phase and asynchronously, so in-flight requests and CLI turns
 * share one grace period instead of waiting one after the other.
 */
@Component
class GracefulShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);
    private static final Duration KILL_TIME = Duration.ofSeconds(5);

    private final ClaudeCli cli;
    private final ObjectProvider<WorkerFactory> workerFactory;
    private final AttemptDrain attempts;
    private final String taskQueue;
    private final Duration grace;
    private final boolean embeddedTemporal;
    private volatile boolean running;

    GracefulShutdown(ClaudeCli cli, ObjectProvider<WorkerFactory> workerFactory, AttemptDrain attempts,
            WorkflowProperties workflows, ShutdownProperties properties, Environment env) {
        this.cli = cli;
        this.workerFactory = workerFactory;
        this.attempts = attempts;
        this.taskQueue = workflows.taskQueue();
        this.grace = properties.gracePeriod();
        this.embeddedTemporal = env.getProperty("spring.temporal.test-server.enabled", Boolean.class, false);
    }

    @Override
    public void start() {
        attempts.resume();
        Worker worker = worker();
        if (worker != null && worker.isSuspended()) {
            worker.resumePolling();
        }
        running = true;
    }

    /** This node's worker, when it polls or was polling; null on a node without the worker role. */
    private Worker worker() {
        WorkerFactory factory = workerFactory.getIfAvailable();
        if (factory == null || !factory.isStarted() || factory.isShutdown()) {
            return null;
        }
        return factory.getWorker(taskQueue);
    }

    @Override
    public void stop() {
        drain();
    }

    @Override
    public void stop(Runnable callback) {
        Thread.ofPlatform().name("baton-graceful-shutdown").start(() -> {
            try {
                drain();
            } finally {
                callback.run();
            }
        });
    }

    private void drain() {
        long deadline = System.nanoTime() + grace.toNanos();
        Worker worker = worker();
        boolean settleHere = embeddedTemporal && worker != null;
        if (settleHere) {
            attempts.hold();
        } else if (worker != null) {
            worker.suspendPolling();
        }
        try {
            int turns = cli.running();
            if (turns > 0) {
                log.info("Shutting down: waiting up to {} for {} running CLI turn(s)", grace, turns);
            }
            if (!cli.awaitIdle(grace)) {
                log.warn("Shutting down: killing {} CLI turn(s) still running after {}; Temporal retries the task"
                        + " attempts among them on another worker", cli.running(), grace);
                cli.cancelAll();
                cli.awaitIdle(KILL_TIME);
            }
            long left = deadline - System.nanoTime();
            if (settleHere && left > 0 && !attempts.awaitSettled(Duration.ofNanos(left))) {
                log.warn("Shutting down: some task attempts that ended did not record their outcome within {};"
                        + " their executions start again after the restart", grace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cli.cancelAll();
        } finally {
            if (settleHere) {
                worker.suspendPolling();
            }
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE;
    }
}
