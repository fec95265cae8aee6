package dev.baton.execution;

import dev.baton.usage.FairShare;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the fair-share queue moving when something was lost: every half minute a worker node drops the rows of
 * executions that ended without leaving the queue, and tells again each execution granted a slot it has not used,
 * since the signal that told it may have died with the node that sent it. A waiting execution also looks again by
 * itself, but less and less often the longer it waits (see {@link TaskExecutionWorkflowImpl}), so without this sweep
 * a lost signal could leave a slot idle for minutes. Any number of nodes may sweep: a repeated signal is harmless.
 */
@Component
class SlotSweep {

    private static final Logger log = LoggerFactory.getLogger(SlotSweep.class);
    static final Duration EVERY = Duration.ofSeconds(30);

    private final FairShare fairShare;
    private final ExecutionBookkeeping bookkeeping;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("slot-sweep").factory());

    SlotSweep(FairShare fairShare, ExecutionBookkeeping bookkeeping) {
        this.fairShare = fairShare;
        this.bookkeeping = bookkeeping;
    }

    @EventListener(value = ApplicationReadyEvent.class, condition = "@nodeRoles.worker()")
    void onStartup() {
        timer.scheduleWithFixedDelay(this::sweepQuietly, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return the executions told of their slot */
    List<UUID> sweep() {
        Set<UUID> told = new LinkedHashSet<>(fairShare.dropEnded());
        // A grant younger than a sweep's interval is most likely on its way; it is told again next round if not.
        told.addAll(fairShare.unclaimedGrants(EVERY));
        told.forEach(bookkeeping::signalSlot);
        return List.copyOf(told);
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            // The database may be away for a while; the next round tries again.
            log.warn("Could not sweep the fair-share queue: {}", e.toString());
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
