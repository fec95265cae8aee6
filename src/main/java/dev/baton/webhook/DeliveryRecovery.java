package dev.baton.webhook;

import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.List;
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
 * The outbox is the truth, Temporal only runs it: every pending delivery must have a workflow. At startup a worker
 * node starts one for each pending delivery (the embedded Temporal server forgets everything on restart; a run still
 * open on a real cluster is joined, not doubled). Then, every {@code recoveryInterval}, it starts those whose start
 * failed, e.g. while Temporal was unreachable or the node that recorded them died before it could.
 */
@Component
class DeliveryRecovery {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRecovery.class);

    private final DeliveryRepository deliveries;
    private final DeliveryDispatcher dispatcher;
    private final WebhookProperties properties;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("webhook-recovery").factory());
    private volatile boolean sweptAll;

    DeliveryRecovery(DeliveryRepository deliveries, DeliveryDispatcher dispatcher, WebhookProperties properties) {
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.properties = properties;
    }

    // Worker nodes deliver, so they recover; any number of them may, since a second start of a delivery is harmless.
    // On the timer's thread, so that a long backlog does not hold up the node's readiness.
    @EventListener(value = ApplicationReadyEvent.class, condition = "@nodeRoles.worker()")
    void onStartup() {
        timer.execute(this::startAllPending);
        long every = properties.recoveryInterval().toMillis();
        // Until the sweep of all pending deliveries has once succeeded (the database may be away at startup), each
        // round tries it again; after that, only deliveries without a started workflow.
        timer.scheduleWithFixedDelay(() -> {
            if (!sweptAll) {
                startAllPending();
            } else {
                startUndispatched();
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /** @return how many deliveries got a workflow (or had one running already) */
    int startAllPending() {
        try {
            int started = start(deliveries.idsByStatus(DeliveryStatus.PENDING));
            sweptAll = true;
            if (started > 0) {
                log.info("Started the delivery of {} pending webhook event(s)", started);
            }
            return started;
        } catch (RuntimeException e) {
            log.warn("Could not restart the delivery of pending webhook events: {}", e.toString());
            return 0;
        }
    }

    /** @return how many deliveries got a workflow */
    int startUndispatched() {
        try {
            return start(deliveries.undispatched(DeliveryStatus.PENDING,
                    Instant.now().minus(properties.recoveryInterval())));
        } catch (RuntimeException e) {
            // The database may be away for a while; the next round tries again.
            log.warn("Could not look for webhook deliveries to start: {}", e.toString());
            return 0;
        }
    }

    private int start(List<UUID> ids) {
        int started = 0;
        for (UUID id : ids) {
            var dispatch = deliveries.dispatch(id, DeliveryStatus.PENDING);
            if (dispatch.isPresent() && dispatcher.start(dispatch.get())) {
                started++;
            }
        }
        return started;
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
