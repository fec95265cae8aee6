package dev.baton.execution;

import dev.baton.claude.ClaudeRun;
import dev.baton.session.MessageView;
import dev.baton.session.TurnOptions;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats for a running attempt from its own thread while the CLI lives, and passes progress to the workflow.
 * Temporal answers a heartbeat with the news that the attempt was cancelled or timed out; then the CLI's process
 * tree is killed at once, and {@link #rethrowIfStopped()} hands that news back to the activity.
 */
final class AttemptHeartbeat implements TurnOptions.TurnObserver {

    private static final Logger log = LoggerFactory.getLogger(AttemptHeartbeat.class);

    private final ActivityExecutionContext context;
    private final Duration interval;
    private final int attempt;
    private final Consumer<ProgressUpdate> progressSink;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile ClaudeRun run;
    private volatile ActivityCompletionException stopped;
    private volatile int messages;
    private volatile String lastTool;

    AttemptHeartbeat(ActivityExecutionContext context, Duration interval, int attempt,
            Consumer<ProgressUpdate> progressSink) {
        this.context = context;
        this.interval = interval;
        this.attempt = attempt;
        this.progressSink = progressSink;
    }

    @Override
    public void started(ClaudeRun claudeRun) {
        this.run = claudeRun;
        Thread.ofVirtual().name("heartbeat-" + context.getInfo().getActivityId()).start(this::beat);
    }

    @Override
    public void message(MessageView message) {
        messages++;
        if (message.toolName() != null) {
            lastTool = message.toolName();
        }
    }

    private void beat() {
        ProgressUpdate sent = null;
        try {
            while (!done.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                ProgressUpdate now = new ProgressUpdate(attempt, messages, lastTool);
                context.heartbeat(now);
                if (!now.equals(sent)) {
                    sendProgress(now);
                    sent = now;
                }
            }
        } catch (ActivityCompletionException e) {
            stopped = e;
            run.cancel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendProgress(ProgressUpdate update) {
        try {
            progressSink.accept(update);
        } catch (RuntimeException e) {
            // Progress is a courtesy for the query; losing one update must not fail the attempt.
            log.debug("Could not report progress: {}", e.toString());
        }
    }

    void stop() {
        done.countDown();
    }

    void rethrowIfStopped() {
        if (stopped != null) {
            throw stopped;
        }
    }
}
