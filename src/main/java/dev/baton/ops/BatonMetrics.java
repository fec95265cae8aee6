package dev.baton.ops;

import dev.baton.approval.ApprovalDecided;
import dev.baton.approval.ApprovalService;
import dev.baton.approval.ApprovalView;
import dev.baton.claude.ClaudeCli;
import dev.baton.claude.ClaudeProperties;
import dev.baton.execution.ExecutionFinished;
import dev.baton.execution.ExecutionStarted;
import dev.baton.execution.ExecutionStatus;
import dev.baton.execution.TriggerType;
import dev.baton.session.ConversationRestored;
import dev.baton.session.ConversationSaved;
import dev.baton.session.TurnEnded;
import dev.baton.session.TurnRefused;
import dev.baton.session.TurnResult;
import dev.baton.usage.TaskLabels;
import dev.baton.webhook.DeliveryAttempted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.JsonNode;

/**
 * Baton's own metrics, all named {@code baton.*} ({@code baton_*} in Prometheus). The execution and session
 * features only raise events; this listener turns them into meters, so neither feature knows about Micrometer.
 * Transitions are counted after their transaction commits, so one that rolled back is never counted. The timers
 * publish nine histogram buckets each (for p50/p95 in PromQL) sized for turns of minutes, not the default 30 s
 * ceiling.
 */
@Component
class BatonMetrics {

    /** Usage fields of a result line, by the {@code kind} tag they are counted under. */
    private static final Map<String, String> TOKEN_KINDS = Map.of(
            "input", "input_tokens",
            "output", "output_tokens",
            "cache_read", "cache_read_input_tokens",
            "cache_creation", "cache_creation_input_tokens");

    /**
     * Histogram buckets for p50 and p95 in PromQL: nine from a trivial turn to the longest allowed, rather than
     * Micrometer's seventy-odd per tag combination, which made the scrape heavy.
     */
    private static final Duration[] TURN_BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
        Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1)};
    private static final Duration[] EXECUTION_BUCKETS = {Duration.ofSeconds(5), Duration.ofSeconds(30),
        Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(15),
        Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(4)};

    private final MeterRegistry registry;
    private final TaskLabels taskLabels;

    private static final Duration[] APPROVAL_BUCKETS = {Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30),
        Duration.ofHours(1), Duration.ofHours(4), Duration.ofHours(24)};

    BatonMetrics(MeterRegistry registry, ClaudeCli cli, ClaudeProperties claude, ApprovalService approvals,
            TaskLabels taskLabels) {
        this.registry = registry;
        this.taskLabels = taskLabels;
        Gauge.builder("baton.approvals.pending", approvals, ApprovalService::pendingCount)
                .description("Tool calls waiting for a person's decision, on every node")
                .register(registry);
        Gauge.builder("baton.cli.processes.running", cli, ClaudeCli::running)
                .description("Claude CLI processes running on this node")
                .register(registry);
        Gauge.builder("baton.cli.processes.max", claude, ClaudeProperties::maxConcurrent)
                .description("Claude CLI processes allowed at once on this node (baton.claude.max-concurrent)")
                .register(registry);
        // Counters that exist from the start answer rate() with 0 rather than with no data.
        for (TriggerType trigger : TriggerType.values()) {
            started(trigger);
            for (ExecutionStatus status : ExecutionStatus.values()) {
                if (status.isTerminal()) {
                    finished(status, trigger);
                }
            }
        }
        for (TurnRefused.Reason reason : TurnRefused.Reason.values()) {
            rejected(reason);
        }
        TOKEN_KINDS.keySet().forEach(this::tokens);
        cost(TaskLabels.NONE);
        for (DeliveryAttempted.Outcome outcome : DeliveryAttempted.Outcome.values()) {
            webhookDeliveries(outcome);
        }
    }

    @TransactionalEventListener
    void executionStarted(ExecutionStarted event) {
        started(event.trigger()).increment();
    }

    @TransactionalEventListener
    void executionFinished(ExecutionFinished event) {
        finished(event.status(), event.trigger()).increment();
        if (event.runTime() != null) {
            Timer.builder("baton.execution.duration")
                    .description("From an execution's first attempt to its terminal status, retries included")
                    .tags("status", event.status().jsonValue(), "trigger", event.trigger().jsonValue())
                    .serviceLevelObjectives(EXECUTION_BUCKETS)
                    .register(registry).record(event.runTime());
        }
    }

    @TransactionalEventListener
    void turnEnded(TurnEnded event) {
        TurnResult result = event.result();
        String errorType = result.error() != null ? result.error().type() : result.isError() ? "unknown" : "none";
        Timer.builder("baton.turn.duration")
                .description("One Claude turn, from starting the CLI to recording its result")
                .tags("outcome", result.isError() ? "error" : "success", "error_type", errorType)
                .serviceLevelObjectives(TURN_BUCKETS)
                .register(registry).record(event.wall());
        if (result.costUsd() != null) {
            cost(taskLabels.of(result.sessionId())).increment(result.costUsd().doubleValue());
        }
        JsonNode usage = result.usage();
        if (usage != null && usage.isObject()) {
            TOKEN_KINDS.forEach((kind, field) -> {
                JsonNode value = usage.path(field);
                if (value.isNumber() && value.asLong() > 0) {
                    tokens(kind).increment(value.asLong());
                }
            });
        }
    }

    @TransactionalEventListener
    void conversationSaved(ConversationSaved event) {
        Timer.builder("baton.conversation.save")
                .description("Storing what a turn added to its conversation, in the turn's closing transaction")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry).record(event.took());
        Counter.builder("baton.conversation.stored.bytes")
                .description("Compressed bytes of conversation files written to PostgreSQL")
                .register(registry).increment(event.storedBytes());
    }

    /** Published before the turn starts, outside any transaction. */
    @EventListener
    void conversationRestored(ConversationRestored event) {
        Timer.builder("baton.conversation.restore")
                .description("Bringing a node's copy of a conversation up to the stored version before a turn")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry).record(event.took());
    }

    /** A refusal writes nothing that could roll back, so it is counted whether or not a transaction is open. */
    @EventListener
    void turnRefused(TurnRefused event) {
        rejected(event.reason()).increment();
    }

    /** Published once per decided request, on the node whose CLI waited for it. */
    @EventListener
    void approvalDecided(ApprovalDecided event) {
        ApprovalView approval = event.approval();
        if (approval.decidedAt() == null) {
            return;
        }
        Timer.builder("baton.approval.wait")
                .description("Time from a tool call's approval request to its decision or expiry")
                .tag("status", approval.status().jsonValue())
                .serviceLevelObjectives(APPROVAL_BUCKETS)
                .register(registry).record(Duration.between(approval.createdAt(), approval.decidedAt()));
    }

    /** Published after the attempt's outcome is recorded, outside any transaction. */
    @EventListener
    void webhookDeliveryAttempted(DeliveryAttempted event) {
        webhookDeliveries(event.outcome()).increment();
        if (event.latency() != null) {
            Timer.builder("baton.webhook.delivery.latency")
                    .description("One webhook delivery attempt's HTTP exchange, from sending to the answer or error")
                    .tag("outcome", event.outcome().tag())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(5))
                    .maximumExpectedValue(Duration.ofSeconds(15))
                    .register(registry).record(event.latency());
        }
    }

    private Counter webhookDeliveries(DeliveryAttempted.Outcome outcome) {
        return Counter.builder("baton.webhook.deliveries")
                .description("Webhook delivery attempts by outcome: delivered (2xx), retrying (another attempt"
                        + " follows) or failed (the delivery gave up)")
                .tag("outcome", outcome.tag())
                .register(registry);
    }

    private Counter started(TriggerType trigger) {
        return Counter.builder("baton.executions.started")
                .description("Executions whose first attempt began")
                .tag("trigger", trigger.jsonValue())
                .register(registry);
    }

    private Counter finished(ExecutionStatus status, TriggerType trigger) {
        return Counter.builder("baton.executions.finished")
                .description("Executions that reached a terminal status")
                .tags("status", status.jsonValue(), "trigger", trigger.jsonValue())
                .register(registry);
    }

    private Counter rejected(TurnRefused.Reason reason) {
        return Counter.builder("baton.turns.rejected")
                .description("Turns refused before a CLI started: capacity (HTTP 429), cli_unavailable or "
                        + "workspace_unavailable (503), budget_exhausted (402) or user_concurrency (429)")
                .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                .register(registry);
    }

    private Counter tokens(String kind) {
        return Counter.builder("baton.tokens")
                .description("Tokens the CLI reported for finished turns")
                .tag("kind", kind)
                .register(registry);
    }

    private Counter cost(String task) {
        return Counter.builder("baton.cost.usd")
                .description("Cost the CLI reported for finished turns, in US dollars, by task name (none: a "
                        + "session's own turn; other: past 100 names)")
                .tag("task", task)
                .register(registry);
    }
}
