package dev.baton.approval;

import dev.baton.claude.ToolApprover;
import dev.baton.user.CurrentUser;
import dev.baton.web.ConflictException;
import dev.baton.web.NotFoundException;
import dev.baton.web.PageView;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Approval requests: stored when the CLI asks, decided by a person through the API or a WebSocket frame, or
 * expired by the clock. The CLI waits on the node that runs its turn; a decision taken on another node reaches it
 * through the table, which that node looks at every {@link ApprovalProperties#pollInterval()} while it waits.
 */
@Service
public class ApprovalService {

    private static final Logger log = LoggerFactory.getLogger(ApprovalService.class);
    static final String EXPIRED_MESSAGE = "denied: no decision in time";
    static final String ENDED_MESSAGE = "the turn ended before a decision";
    static final String EXECUTION_ENDED_MESSAGE = "the execution ended before a decision";
    private static final String DENIED_MESSAGE = "denied by a reviewer";
    // How often any node expires session requests nobody waits for any more (their node died before the expiry).
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private final ApprovalRepository approvals;
    private final ApprovalProperties properties;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    // The requests whose CLI waits on this node, by approval id.
    private final Map<UUID, Waiter> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("approvals").factory());

    ApprovalService(ApprovalRepository approvals, ApprovalProperties properties, TransactionTemplate transactions,
            ApplicationEventPublisher events) {
        this.approvals = approvals;
        this.properties = properties;
        this.transactions = transactions;
        this.events = events;
        long poll = properties.pollInterval().toMillis();
        timer.scheduleWithFixedDelay(this::poll, poll, poll, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::sweep, SWEEP_EVERY.toMillis(), SWEEP_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The default time a session's tool call waits for a decision. */
    public Duration sessionTimeout() {
        return properties.sessionTimeout();
    }

    /** Decides the tool calls of one session turn through approval requests, each waiting up to {@code timeout}. */
    public ToolApprover forTurn(UUID userId, UUID sessionId, UUID turnId, Duration timeout) {
        return new TurnApprover(userId, sessionId, turnId, timeout);
    }

    /**
     * Decides the tool calls of a task execution's turn: stored and stopped for (see {@link ExecutionApprover}).
     *
     * @param resumedFrom the decided request this turn resumes with, or null for a turn from the start
     */
    public ExecutionApprover forExecution(UUID userId, UUID executionId, Duration timeout, ApprovalView resumedFrom) {
        return new ExecutionApprover(this, userId, executionId, timeout, resumedFrom);
    }

    /** The execution's newest request still pending, if any: one stored by an attempt that died before it said so. */
    public Optional<ApprovalView> pendingOf(UUID executionId) {
        return transactions.execute(tx -> approvals.findFirstByExecutionIdAndStatusOrderByCreatedAtDesc(executionId,
                ApprovalStatus.PENDING).map(Approval::view));
    }

    /** One request, whoever's it is; for the execution that waits on it. */
    public Optional<ApprovalView> find(UUID id) {
        return transactions.execute(tx -> approvals.findById(id).map(Approval::view));
    }

    /**
     * Ends a task's request that nobody decided in time; a no-op when it was decided meanwhile.
     *
     * @return the request as it stands now
     */
    public ApprovalView expire(UUID id) {
        return close(id, EXPIRED_MESSAGE);
    }

    /** Ends a task's request whose execution ended (cancelled) while it waited. */
    public void executionEnded(UUID id) {
        close(id, EXECUTION_ENDED_MESSAGE);
    }

    private ApprovalView close(UUID id, String message) {
        ApprovalView view = transactions.execute(tx -> {
            approvals.decide(id, ApprovalStatus.EXPIRED, Instant.now(), null, message);
            return approvals.findById(id).orElseThrow(() -> new NotFoundException("approval", id)).view();
        });
        if (view.status() == ApprovalStatus.EXPIRED && message.equals(view.message())) {
            events.publishEvent(new ApprovalDecided(approvals.findById(id).map(Approval::userId).orElse(null), view));
        }
        return view;
    }

    /** What Claude is told of a denied or expired request. */
    static String denial(ApprovalView decided) {
        if (decided.status() == ApprovalStatus.EXPIRED) {
            return EXPIRED_MESSAGE;
        }
        return decided.message() != null && !decided.message().isBlank() ? decided.message() : DENIED_MESSAGE;
    }

    /** Stores a task's request, announced like any other; nothing waits on this node. */
    ApprovalView store(UUID userId, UUID sessionId, UUID turnId, UUID executionId, ToolApprover.ToolCall call,
            Duration timeout) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Approval approval = new Approval(userId, sessionId, turnId, executionId, call.toolName(), call.input(), now,
                now.plus(timeout));
        transactions.executeWithoutResult(tx -> {
            approvals.save(approval);
            events.publishEvent(new ApprovalRequested(userId, approval.view()));
        });
        return approval.view();
    }

    /** The caller's approvals (an admin's: everyone's), newest first. */
    public PageView<ApprovalView> list(CurrentUser user, ApprovalStatus status, UUID sessionId, UUID executionId,
            int page, int size) {
        var request = PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "createdAt"));
        return transactions.execute(tx -> PageView.of(approvals.list(user.isAdmin() ? null : user.id(), status,
                sessionId, executionId, request), Approval::view));
    }

    /** @throws NotFoundException when there is no such approval, or it is another user's and the caller no admin */
    public ApprovalView get(CurrentUser user, UUID id) {
        return transactions.execute(tx -> visible(user, id).view());
    }

    /**
     * Allows or denies a pending request, once.
     *
     * @throws NotFoundException as {@link #get}
     * @throws ConflictException when it is no longer pending
     */
    public ApprovalView decide(CurrentUser user, UUID id, boolean allow, String message) {
        ApprovalView decided = transactions.execute(tx -> {
            Approval approval = visible(user, id);
            ApprovalStatus status = allow ? ApprovalStatus.ALLOWED : ApprovalStatus.DENIED;
            if (approval.status() != ApprovalStatus.PENDING
                    || approvals.decide(id, status, Instant.now(), user.id(), message) == 0) {
                throw new ConflictException("approval " + id + " is already decided ("
                        + approvals.findById(id).map(a -> a.status().jsonValue()).orElse("gone")
                        + "); a request is decided once", Map.of("approvalId", id));
            }
            return approvals.findById(id).orElseThrow().view();
        });
        // The CLI waits here, or on another node, which finds the decision in the table; a task's execution is
        // signalled by whoever listens for this.
        if (decided.executionId() != null) {
            events.publishEvent(new ApprovalDecided(user.id(), decided));
        }
        resolve(decided);
        return decided;
    }

    private Approval visible(CurrentUser user, UUID id) {
        return (user.isAdmin() ? approvals.findById(id) : approvals.findByIdAndUserId(id, user.id()))
                .orElseThrow(() -> new NotFoundException("approval", id));
    }

    /** Pending requests, on every node. */
    public long pendingCount() {
        return approvals.countByStatus(ApprovalStatus.PENDING);
    }

    private UUID request(UUID userId, UUID sessionId, UUID turnId, ToolApprover.ToolCall call, Duration timeout,
            Consumer<ToolApprover.ToolAnswer> answer, Set<UUID> asked) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Approval approval = new Approval(userId, sessionId, turnId, null, call.toolName(), call.input(), now,
                now.plus(timeout));
        // Waiting before it is visible, so that no decision can come before the waiter.
        var waiter = new Waiter(userId, answer);
        waiting.put(approval.id(), waiter);
        asked.add(approval.id());
        try {
            transactions.executeWithoutResult(tx -> {
                approvals.save(approval);
                events.publishEvent(new ApprovalRequested(userId, approval.view()));
            });
        } catch (RuntimeException e) {
            waiting.remove(approval.id());
            asked.remove(approval.id());
            throw e;
        }
        waiter.expiry = timer.schedule(() -> expire(approval.id(), EXPIRED_MESSAGE), timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        return approval.id();
    }

    /** Ends a pending request without a decision, telling its CLI (while it lives) it was denied. */
    private void expire(UUID id, String message) {
        try {
            Integer changed = transactions.execute(tx -> approvals.decide(id, ApprovalStatus.EXPIRED, Instant.now(),
                    null, message));
            approvals.findById(id).ifPresent(a -> resolve(a.view()));
            if (changed != null && changed == 0) {
                log.debug("Approval {} was decided just before it expired", id);
            }
        } catch (RuntimeException e) {
            log.warn("Could not expire approval {}; retrying at the next poll", id, e);
        }
    }

    /** Answers the CLI waiting on this node for a decided request, once; a no-op elsewhere. */
    private void resolve(ApprovalView decided) {
        Waiter waiter = waiting.remove(decided.id());
        if (waiter == null) {
            return;
        }
        if (waiter.expiry != null) {
            waiter.expiry.cancel(false);
        }
        waiter.answer.accept(switch (decided.status()) {
            case ALLOWED -> ToolApprover.ToolAnswer.allowed();
            case DENIED, EXPIRED -> ToolApprover.ToolAnswer.denied(denial(decided));
            case PENDING -> throw new IllegalStateException("approval " + decided.id() + " is still pending");
        });
        events.publishEvent(new ApprovalDecided(waiter.userId, decided));
    }

    /** Finds the decisions taken on other nodes (or by the sweep) for the requests waiting here. */
    private void poll() {
        if (waiting.isEmpty()) {
            return;
        }
        try {
            approvals.findByIdInAndStatusNot(List.copyOf(waiting.keySet()), ApprovalStatus.PENDING)
                    .forEach(a -> resolve(a.view()));
        } catch (RuntimeException e) {
            log.debug("Looking for approval decisions failed: {}", e.toString());
        }
    }

    /** Expires session requests past their time whose CLI died with its node; a task's expiry is its workflow's. */
    private void sweep() {
        try {
            transactions.executeWithoutResult(tx -> approvals.expireOverdue(Instant.now(), EXPIRED_MESSAGE,
                    ApprovalStatus.EXPIRED, ApprovalStatus.PENDING));
        } catch (RuntimeException e) {
            log.debug("Expiring abandoned approval requests failed: {}", e.toString());
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    private static final class Waiter {

        final UUID userId;
        final Consumer<ToolApprover.ToolAnswer> answer;
        volatile ScheduledFuture<?> expiry;

        Waiter(UUID userId, Consumer<ToolApprover.ToolAnswer> answer) {
            this.userId = userId;
            this.answer = answer;
        }
    }

    /** The approver of one turn: each call becomes a request, and those left when the CLI ends are expired. */
    private final class TurnApprover implements ToolApprover {

        private final UUID userId;
        private final UUID sessionId;
        private final UUID turnId;
        private final Duration timeout;
        private final Set<UUID> asked = ConcurrentHashMap.newKeySet();

        TurnApprover(UUID userId, UUID sessionId, UUID turnId, Duration timeout) {
            this.userId = userId;
            this.sessionId = sessionId;
            this.turnId = turnId;
            this.timeout = timeout;
        }

        @Override
        public void ask(ToolCall call, Consumer<ToolAnswer> answer) {
            request(userId, sessionId, turnId, call, timeout, answer, asked);
        }

        @Override
        public void runEnded() {
            for (UUID id : asked) {
                if (waiting.containsKey(id)) {
                    expire(id, ENDED_MESSAGE);
                }
            }
        }
    }
}
