package dev.baton.embedded;

import dev.baton.archive.ClosedRunSource;
import dev.baton.archive.HistoryArchive;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Bounds the embedded Temporal server's memory as a namespace's retention period does: a run that has been closed
 * for {@code baton.temporal.embedded-retention} is dropped from the server, once its history is in the archive
 * ({@link HistoryArchive}), from which the history endpoint then serves it. Open runs are never touched, however
 * old: a schedule's long-running scheduler workflow stays.
 *
 * <p>The test server has no API for this; {@link TestServerInternals} reaches it, for the one server version it was
 * written against. On any other it logs why and does nothing, and closed runs stay in memory as before.
 *
 * <p>A run's closed time is when a sweep first saw it closed, so it is dropped up to one sweep interval late.
 *
 * <p>It also lists the server's closed runs for the archiver's sweep ({@link ClosedRunSource}), under the server's
 * lock, which the server's own list API does not take; and, told by the archiver which runs closed, it drops their
 * timers within a second, long before the retention drops the runs.
 */
class EmbeddedTemporalRetention implements SmartLifecycle, ClosedRunSource {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedTemporalRetention.class);
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_INTERVAL = Duration.ofMinutes(1);
    /**
     * The timer's lock events are pruned far more often than runs are dropped: the server removes a handle's event
     * by scanning the list from its oldest entry, so every settled event left in it costs each timer callback and
     * state update. Pruned once a minute, at 30 executions a second, that scan took 60% of the JVM's CPU. The timers
     * of the runs that closed since are dropped at the same pace, well before their workflow tasks' 10-s timeouts.
     */
    private static final Duration PRUNE_INTERVAL = Duration.ofSeconds(1);

    private final TestWorkflowEnvironment environment;
    private final HistoryArchive archive;
    private final Duration retention;
    /** When each closed run was first seen closed (System.nanoTime); touched by one sweep at a time. */
    private final Map<Object, Long> closedSince = new HashMap<>();
    /** Runs closed since the last prune, whose timers it drops (see {@link TestServerInternals#dropTimersOfClosed}). */
    private final Queue<HistoryArchive.Run> closedLately = new ConcurrentLinkedQueue<>();
    private volatile TestServerInternals internals;
    private ScheduledExecutorService sweeper;
    private volatile boolean running;

    EmbeddedTemporalRetention(TestWorkflowEnvironment environment, HistoryArchive archive, Duration retention) {
        if (retention.isNegative()) {
            throw new IllegalArgumentException("baton.temporal.embedded-retention (BATON_EMBEDDED_TEMPORAL_RETENTION)"
                    + " must not be negative, got " + retention);
        }
        this.environment = environment;
        this.archive = archive;
        this.retention = retention;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        if (internals == null) {
            try {
                internals = TestServerInternals.attach(environment);
            } catch (IllegalStateException e) {
                log.warn("Temporal: closed workflows stay in the embedded server's memory; its retention"
                        + " (BATON_EMBEDDED_TEMPORAL_RETENTION) is off because {}", e.getMessage());
                return;
            }
        }
        Duration interval = interval(retention);
        sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("embedded-temporal-retention").factory());
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        sweeper.scheduleWithFixedDelay(this::pruneQuietly, PRUNE_INTERVAL.toMillis(),
                PRUNE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** A quarter of the retention, within a second and a minute. */
    static Duration interval(Duration retention) {
        Duration quarter = retention.dividedBy(4);
        return quarter.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL
                : quarter.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : quarter;
    }

    /** The closed runs, read under the server's own lock; empty when this server version is not supported. */
    @Override
    public Optional<List<HistoryArchive.Run>> closedRuns() {
        TestServerInternals server = internals;
        return server == null ? Optional.empty() : Optional.of(server.closedRuns().stream()
                .map(run -> new HistoryArchive.Run(run.workflowId(), run.runId())).toList());
    }

    @Override
    public void closed(HistoryArchive.Run run) {
        if (running && internals != null) {
            closedLately.add(run);
        }
    }

    /** The server's internals, or null when this server version is not supported. */
    TestServerInternals internals() {
        return internals;
    }

    private void sweepQuietly() {
        try {
            int dropped = sweep(retention);
            if (dropped > 0) {
                log.debug("Dropped {} closed workflow run(s) past the retention of {}", dropped, retention);
            }
        } catch (RuntimeException e) {
            log.warn("Could not drop closed workflow runs from the embedded Temporal server: {}", e.toString());
        }
    }

    private void pruneQuietly() {
        try {
            dropTimersOfClosed();
            internals.pruneLockEvents(TestServerInternals.SETTLED_LOCK_EVENTS);
        } catch (RuntimeException e) {
            log.warn("Could not prune the embedded Temporal server's timers: {}", e.toString());
        }
    }

    /** Drops the timers of the runs that closed since the last time. */
    private void dropTimersOfClosed() {
        List<WorkflowExecution> runs = new ArrayList<>();
        for (HistoryArchive.Run run; (run = closedLately.poll()) != null;) {
            runs.add(WorkflowExecution.newBuilder().setWorkflowId(run.workflowId()).setRunId(run.runId()).build());
        }
        if (!runs.isEmpty()) {
            internals.dropTimersOfClosed(environment.getNamespace(), runs);
        }
    }

    /**
     * Drops the runs closed for at least {@code after} whose history is archived.
     *
     * @return how many were dropped
     */
    synchronized int sweep(Duration after) {
        TestServerInternals server = internals;
        if (server == null) {
            return 0;
        }
        long now = System.nanoTime();
        List<TestServerInternals.ClosedRun> closed = server.closedRuns();
        closedSince.keySet().retainAll(closed.stream().map(TestServerInternals.ClosedRun::key)
                .collect(Collectors.toSet()));
        List<TestServerInternals.ClosedRun> due = closed.stream()
                .filter(run -> now - closedSince.computeIfAbsent(run.key(), key -> now) >= after.toNanos())
                .toList();
        Set<HistoryArchive.Run> archived = archive.archived(due.stream()
                .map(run -> new HistoryArchive.Run(run.workflowId(), run.runId())).toList());
        int dropped = server.drop(due.stream()
                .filter(run -> archived.contains(new HistoryArchive.Run(run.workflowId(), run.runId()))).toList());
        // Cancelled timers only cost memory until due: once a sweep is often enough for them.
        server.pruneTimer(TestServerInternals.SETTLED_LOCK_EVENTS);
        return dropped;
    }
}
