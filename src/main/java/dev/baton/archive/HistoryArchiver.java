package dev.baton.archive;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Archives each closed run of the embedded Temporal server into {@link HistoryArchive}. The server keeps its state
 * in memory, so a history must be archived before the node stops or crashes, and before the server's retention
 * drops the run (which waits for the archive):
 * <ul>
 * <li>at once, for each run {@link ClosingRuns} saw closing on this node's worker: it waits for the run's close event
 * (a long poll), then stores the history;</li>
 * <li>every {@link #SWEEP_EVERY}, and once more when the node stops (after the drain of running attempts), for every
 * closed run the server holds and the archive lacks: runs that closed otherwise, and runs whose write failed. The
 * closed runs come from a {@link ClosedRunSource} where there is one, else from the server's list API.</li>
 * </ul>
 * With a Temporal cluster it does not run: the cluster keeps histories for its namespace's retention period and has
 * archival of its own.
 */
class HistoryArchiver implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HistoryArchiver.class);
    static final Duration SWEEP_EVERY = Duration.ofMinutes(1);
    /** Shorter than the 20 s after which the test server answers a long poll with nothing. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(15);

    private final HistoryArchive archive;
    private final ClosingRuns closingRuns;
    private final WorkflowClient client;
    private final ObjectProvider<ClosedRunSource> closedRunSource;
    private final String namespace;
    /** Runs known to be archived, among those the server still has; pruned by every sweep. */
    private final Set<HistoryArchive.Run> archived = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private Thread taker;
    private ScheduledExecutorService sweeper;

    HistoryArchiver(HistoryArchive archive, ClosingRuns closingRuns, WorkflowClient client,
            ObjectProvider<ClosedRunSource> closedRunSource) {
        this.archive = archive;
        this.closingRuns = closingRuns;
        this.client = client;
        this.closedRunSource = closedRunSource;
        this.namespace = client.getOptions().getNamespace();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        taker = Thread.ofVirtual().name("history-archiver").start(this::takeClosingRuns);
        sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("history-archive-sweep").factory());
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, SWEEP_EVERY.toMillis(), SWEEP_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Archives what closed during the drain before the embedded server goes away with the node. */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        taker.interrupt();
        sweeper.shutdownNow();
        sweepQuietly();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Just after the graceful shutdown phase, whose drain lets the last attempts' workflows close. */
    @Override
    public int getPhase() {
        return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE - 1;
    }

    /** Archives every closed run the server has and the archive lacks; answers how many it stored. */
    int sweep() {
        Set<HistoryArchive.Run> listed = new HashSet<>(closedRuns());
        archived.retainAll(listed);
        Set<HistoryArchive.Run> unknown = listed.stream().filter(run -> !archived.contains(run))
                .collect(Collectors.toSet());
        archived.addAll(archive.archived(unknown));
        int stored = 0;
        for (HistoryArchive.Run run : unknown) {
            if (!archived.contains(run) && store(run)) {
                stored++;
            }
        }
        return stored;
    }

    private List<HistoryArchive.Run> closedRuns() {
        ClosedRunSource source = closedRunSource.getIfAvailable();
        return Optional.ofNullable(source).flatMap(ClosedRunSource::closedRuns).orElseGet(() -> client
                .getWorkflowServiceStubs().blockingStub()
                .listClosedWorkflowExecutions(ListClosedWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(namespace).build())
                .getExecutionsList().stream()
                .map(info -> info.getExecution())
                .map(ids -> new HistoryArchive.Run(ids.getWorkflowId(), ids.getRunId()))
                .toList());
    }

    private void sweepQuietly() {
        try {
            int stored = sweep();
            if (stored > 0) {
                log.debug("Archived {} closed workflow run(s) found by the sweep", stored);
            }
        } catch (RuntimeException e) {
            log.warn("Could not sweep closed workflow runs into the archive; trying again in {}: {}", SWEEP_EVERY,
                    e.toString());
        }
    }

    private void takeClosingRuns() {
        while (running) {
            HistoryArchive.Run run;
            try {
                run = closingRuns.take();
            } catch (InterruptedException e) {
                return;
            }
            Thread.ofVirtual().name("history-archive-" + run.runId()).start(() -> {
                if (awaitClose(run)) {
                    ClosedRunSource source = closedRunSource.getIfAvailable();
                    if (source != null) {
                        source.closed(run);
                    }
                    store(run);
                }
            });
        }
    }

    /** @return true once the run has closed; false when it did not close in time (the sweep takes it then) */
    private boolean awaitClose(HistoryArchive.Run run) {
        var request = GetWorkflowExecutionHistoryRequest.newBuilder()
                .setNamespace(namespace)
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(run.workflowId()).setRunId(run.runId()))
                .setWaitNewEvent(true)
                .setHistoryEventFilterType(HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
                .build();
        try {
            return client.getWorkflowServiceStubs().blockingStub()
                    .withDeadlineAfter(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                    .getWorkflowExecutionHistory(request).getHistory().getEventsCount() > 0;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED && running) {
                log.debug("Could not wait for run {} of {} to close: {}", run.runId(), run.workflowId(), e.toString());
            }
            return false;
        }
    }

    /** @return true when the run's history was stored */
    private boolean store(HistoryArchive.Run run) {
        try {
            var closed = ClosedRun.of(client.fetchHistory(run.workflowId(), run.runId()).getHistory());
            if (closed.isEmpty()) {
                return false;
            }
            archive.store(namespace, run, closed.get());
            archived.add(run);
            return true;
        } catch (RuntimeException e) {
            log.warn("Could not archive the history of run {} of workflow {}; the next sweep tries again: {}",
                    run.runId(), run.workflowId(), e.toString());
            return false;
        }
    }
}
