package dev.baton.session;

import dev.baton.BatonProperties;
import dev.baton.Poll;
import dev.baton.approval.ApprovalMode;
import dev.baton.approval.ApprovalService;
import dev.baton.claude.ClaudeCapacityException;
import dev.baton.claude.ClaudeCli;
import dev.baton.claude.ClaudeOutcome;
import dev.baton.claude.ClaudeProperties;
import dev.baton.claude.ClaudeRequest;
import dev.baton.claude.ClaudeRun;
import dev.baton.claude.ClaudeUnavailableException;
import dev.baton.claude.FailureType;
import dev.baton.claude.PermissionMode;
import dev.baton.web.ConflictException;
import dev.baton.web.InvalidFieldException;
import dev.baton.web.NotFoundException;
import dev.baton.web.PageView;
import dev.baton.web.PlainText;
import dev.baton.web.RetryLaterException;
import dev.baton.web.ServiceUnavailableException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;

/**
 * The only path to Claude. REST queries, WebSocket queries and (later) Temporal activities all call
 * {@link #sendMessage}, so every turn is persisted, streamed and accounted for the same way.
 */
@Service
public class SessionService {

    /** How long an interrupt waits for the turn to end before it answers that the turn is still stopping. */
    static final Duration INTERRUPT_WAIT = Duration.ofSeconds(15);
    private static final Duration INTERRUPT_POLL = Duration.ofMillis(100);

    private final SessionRepository sessions;
    private final SessionMessageRepository messages;
    private final SessionTurnRepository turns;
    private final ClaudeCli claude;
    private final ClaudeProperties claudeProperties;
    private final SessionProperties properties;
    private final WorkspacePaths workspaces;
    private final TurnOutcomes outcomes;
    private final TurnLeases leases;
    private final ConversationStore conversations;
    private final TurnInterrupts interrupts;
    private final ApplicationEventPublisher events;
    private final Path configRoot;
    private final ObjectMapper json;
    private final ApprovalService approvals;
    private final TurnQuota quota;

    SessionService(SessionRepository sessions, SessionMessageRepository messages, SessionTurnRepository turns,
            ClaudeCli claude, ClaudeProperties claudeProperties, SessionProperties properties,
            WorkspacePaths workspaces, TurnOutcomes outcomes, TurnLeases leases, ConversationStore conversations,
            ApplicationEventPublisher events, BatonProperties baton, ObjectMapper json, TurnInterrupts interrupts,
            ApprovalService approvals, TurnQuota quota) {
        this.sessions = sessions;
        this.messages = messages;
        this.turns = turns;
        this.claude = claude;
        this.claudeProperties = claudeProperties;
        this.properties = properties;
        this.workspaces = workspaces;
        this.outcomes = outcomes;
        this.leases = leases;
        this.conversations = conversations;
        this.events = events;
        this.configRoot = baton.dataDir().resolve("claude-config");
        this.json = json;
        this.interrupts = interrupts;
        this.approvals = approvals;
        this.quota = quota;
    }

    @Transactional
    public SessionView create(UUID userId, SessionSettings settings, String workingDirectory) {
        UUID id = UUID.randomUUID();
        Path directory = validate(settings, workingDirectory, id);
        Session session = sessions.save(new Session(id, userId, settings, directory.toString()));
        workspaces.create(directory);
        return SessionView.of(session);
    }

    /**
     * Checks settings that will later create sessions (a task's), touching nothing.
     *
     * @throws InvalidFieldException naming the field at fault
     */
    public void validate(SessionSettings settings, String workingDirectory) {
        validate(settings, workingDirectory, UUID.randomUUID());
    }

    private Path validate(SessionSettings settings, String workingDirectory, UUID sessionId) {
        if (settings.permissionMode() == PermissionMode.BYPASS_PERMISSIONS && !properties.allowBypassPermissions()) {
            throw new InvalidFieldException("permissionMode",
                    "bypassPermissions is disabled on this server; choose another mode, or have an operator set "
                            + "BATON_ALLOW_BYPASS_PERMISSIONS=true");
        }
        return workspaces.resolve(workingDirectory, sessionId);
    }

    /** The session, with the turn it runs now, if any. */
    @Transactional(readOnly = true)
    public SessionView get(UUID sessionId, UUID userId) {
        Session session = owned(sessionId, userId);
        return SessionView.of(session, runningTurn(session).orElse(null));
    }

    /** The session's running turn: its lease is held and its row still says running. */
    private Optional<RunningTurn> runningTurn(Session session) {
        String owner = session.activeTurnOwner(Instant.now());
        if (owner == null) {
            return Optional.empty();
        }
        TurnStarter starter = TurnStarter.ofOwner(owner);
        UUID executionId = starter == TurnStarter.EXECUTION ? UUID.fromString(TurnStarter.idOf(owner)) : null;
        return turns.findFirstBySessionIdAndStatusOrderByStartedAtDesc(session.id(), SessionTurn.Status.RUNNING)
                .map(turn -> new RunningTurn(turn.id(), turn.startedAt(), starter == null ? null : starter.jsonValue(),
                        executionId));
    }

    /**
     * Stops the session's running turn, on whichever node runs it, and waits a while for it to end.
     *
     * @return the interrupted turn's result once it has ended (then the session takes the next query), or empty when
     *         it is still stopping after {@link #INTERRUPT_WAIT}
     * @throws ConflictException when no turn runs, or when a task execution runs it (naming the execution to cancel)
     */
    public Optional<TurnResult> interrupt(UUID sessionId, UUID userId) {
        Session session = owned(sessionId, userId);
        String owner = session.activeTurnOwner(Instant.now());
        RunningTurn running = runningTurn(session).orElseThrow(() -> new ConflictException("session " + sessionId
                + " has no turn running; there is nothing to interrupt"));
        if (running.executionId() != null) {
            throw new ConflictException("The running turn of session " + sessionId + " belongs to execution "
                    + running.executionId() + "; stop it by cancelling that execution (POST /api/v1/executions/"
                    + running.executionId() + "/cancel).", Map.of("executionId", running.executionId()));
        }
        interrupts.request(sessionId, running.id());
        // Done once the turn's row is finished and its lease freed (just after), so the next query is taken at once.
        return Poll.until(() -> turns.findById(running.id()).filter(SessionTurn::finished)
                .filter(turn -> !sessions.turnOwner(sessionId).map(owner::equals).orElse(false))
                .map(turn -> turn.result(json)), INTERRUPT_WAIT, INTERRUPT_POLL);
    }

    @Transactional(readOnly = true)
    public PageView<SessionView> list(UUID userId, int page, int size) {
        var request = PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "createdAt"));
        return PageView.of(sessions.findByUserId(userId, request), SessionView::of);
    }

    @Transactional
    public void delete(UUID sessionId, UUID userId) {
        Session session = owned(sessionId, userId);
        if (sessions.turnActive(sessionId).orElse(false)) {
            throw new ConflictException("session " + sessionId + " has a turn running; interrupt it (POST "
                    + "/api/v1/sessions/" + sessionId + "/interrupt) or delete the session when the turn ends");
        }
        sessions.delete(session);
    }

    /** Whether a turn of the session runs now, on any node. */
    boolean turnRunning(UUID sessionId) {
        return sessions.turnActive(sessionId).orElse(false);
    }

    @Transactional(readOnly = true)
    public List<MessageView> messages(UUID sessionId, UUID userId, long after, int limit) {
        owned(sessionId, userId);
        return messages.findBySessionIdAndSequenceGreaterThanOrderBySequence(sessionId, after, Limit.of(limit))
                .stream().map(SessionMessage::view).toList();
    }

    /**
     * Runs one turn and blocks until it ends. Each message is persisted, and so streamed, the moment it arrives.
     * Interrupting the calling thread cancels the turn and kills the CLI.
     *
     * @throws ConflictException when the session already has a turn running
     * @throws RetryLaterException when this node runs as many CLIs as it may, or the CLI is missing
     */
    public TurnResult sendMessage(UUID sessionId, UUID userId, String text) {
        return sendMessage(sessionId, userId, text, TurnOptions.interactive(TurnStarter.REST));
    }

    /** {@link #sendMessage(UUID, UUID, String)} with a lease owner, attempt, timeout and observer of the caller's. */
    public TurnResult sendMessage(UUID sessionId, UUID userId, String text, TurnOptions options) {
        validatePrompt(text);
        Session session = owned(sessionId, userId);
        quota.checkBudget(userId, sessionId);
        Duration timeout = options.timeout() != null ? options.timeout() : claudeProperties.turnTimeout();
        if (!claim(session, userId, options)) {
            throw new ConflictException("session " + sessionId + " already has a turn running; send the next "
                    + "message when it ends, or interrupt it (POST /api/v1/sessions/" + sessionId + "/interrupt)");
        }
        try {
            return runTurn(session, text, options, timeout);
        } finally {
            leases.release(sessionId, options.leaseOwner());
        }
    }

    /**
     * Takes the session's turn lease; a query also needs the user to be under their maxConcurrentTurns (task
     * executions waited for a slot in the fair-share queue before they got this far).
     */
    private boolean claim(Session session, UUID userId, TurnOptions options) {
        if (options.attempt() != null) {
            return leases.claim(session.id(), options.leaseOwner());
        }
        try {
            return quota.claimWithinConcurrency(userId, () -> leases.claim(session.id(), options.leaseOwner()));
        } catch (RetryLaterException e) {
            events.publishEvent(new TurnRefused(session.id(), TurnRefused.Reason.USER_CONCURRENCY));
            throw e;
        }
    }

    private TurnResult runTurn(Session session, String text, TurnOptions options, Duration timeout) {
        long started = System.nanoTime();
        // Someone may have removed the directory since the session was made, or put a symlink in its place.
        try {
            workspaces.prepareForTurn(session.id(), Path.of(session.workingDirectory()),
                    () -> turns.existsBySessionId(session.id()));
        } catch (ServiceUnavailableException e) {
            events.publishEvent(new TurnRefused(session.id(), TurnRefused.Reason.WORKSPACE_UNAVAILABLE));
            throw e;
        }
        // Whichever node ran the earlier turns, the conversation to resume is the stored one.
        ConversationCopy conversation = conversations.restore(session.id(), configDir(session), options.resume());
        SessionTurn fresh = new SessionTurn(session.id(), options.attempt());
        // Known to this node's interrupts before its row can be found by any node.
        try (TurnInterrupts.Running interruptible = interrupts.register(fresh.id())) {
            return runRegisteredTurn(session, text, options, timeout, turns.save(fresh), interruptible, conversation,
                    started);
        }
    }

    private TurnResult runRegisteredTurn(Session session, String text, TurnOptions options, Duration timeout,
            SessionTurn turn, TurnInterrupts.Running interruptible, ConversationCopy conversation, long started) {
        var recorder = new TurnRecorder(session.id(), turn.id(), options.attempt(),
                messages.lastSequence(session.id()), messages, options.observer());
        ClaudeRun run;
        // Holding the recorder while starting makes the CLI's first lines wait until the prompt is recorded.
        synchronized (recorder) {
            try {
                run = claude.start(approving(request(session, text, timeout, options.resume()), session, turn,
                                options),
                        recorder::record);
            } catch (ClaudeCapacityException e) {
                turns.delete(turn);
                events.publishEvent(new TurnRefused(session.id(), TurnRefused.Reason.CAPACITY));
                throw new RetryLaterException(FailureType.CAPACITY, e.getMessage(), e.retryAfter());
            } catch (ClaudeUnavailableException e) {
                turns.delete(turn);
                events.publishEvent(new TurnRefused(session.id(), TurnRefused.Reason.CLI_UNAVAILABLE));
                throw new RetryLaterException(FailureType.CLI_MISSING, e.getMessage(), Duration.ofSeconds(60));
            } catch (RuntimeException e) {
                turns.delete(turn);
                throw e;
            }
            recorder.prompt(text);
        }
        interruptible.started(run);
        options.observer().started(run);
        ClaudeOutcome outcome = interruptible.explain(await(run));
        // Finishing the turn row notifies live subscribers, here and on other nodes.
        boolean resumed = options.resume() && session.claudeSessionId() != null;
        return outcomes.finish(session.id(), turn.id(), outcome, recorder, conversation,
                Duration.ofNanos(System.nanoTime() - started), resumed);
    }

    private static ClaudeOutcome await(ClaudeRun run) {
        try {
            return run.await();
        } catch (InterruptedException e) {
            run.cancel();
            Thread.currentThread().interrupt();
            while (true) {
                try {
                    return run.await();
                } catch (InterruptedException again) {
                    // The process is already being killed; wait for its outcome so nothing is left half-written.
                }
            }
        }
    }

    private ClaudeRequest request(Session session, String text, Duration timeout, boolean resume) {
        return new ClaudeRequest(text, Path.of(session.workingDirectory()), configDir(session),
                resume ? session.claudeSessionId() : null, session.model(), session.permissionMode(),
                session.allowedTools(), session.disallowedTools(), session.maxTurns(), session.appendSystemPrompt(),
                timeout, session.maxBudgetUsd());
    }

    /** With {@code approvalMode ask}, the turn's tool calls outside {@code allowedTools} wait for a person. */
    private ClaudeRequest approving(ClaudeRequest request, Session session, SessionTurn turn, TurnOptions options) {
        if (options.approvers() != null) {
            return request.withApprover(options.approvers().forTurn(session.id(), turn.id()));
        }
        if (session.approvalMode() != ApprovalMode.ASK) {
            return request;
        }
        Duration wait = session.approvalTimeoutSeconds() != null
                ? Duration.ofSeconds(session.approvalTimeoutSeconds()) : approvals.sessionTimeout();
        return request.withApprover(approvals.forTurn(session.userId(), session.id(), turn.id(), wait));
    }

    private Path configDir(Session session) {
        return configRoot.resolve(session.id().toString());
    }

    /** The session's turns, and what the finished ones cost together whatever their outcome (see {@link TurnSpend}). */
    @Transactional(readOnly = true)
    public TurnLedger ledger(UUID sessionId) {
        List<SessionTurn> all = turns.findBySessionIdOrderByStartedAt(sessionId);
        return new TurnLedger(all.stream().map(SessionTurn::listing).toList(),
                TurnSpend.of(all.stream().filter(SessionTurn::finished).map(turn -> turn.result(json)).toList()));
    }

    /** The session's turns, oldest first. */
    @Transactional(readOnly = true)
    public List<TurnListing> turns(UUID sessionId) {
        return turns.findBySessionIdOrderByStartedAt(sessionId).stream().map(SessionTurn::listing).toList();
    }

    /**
     * Sets the limits the session's next turns run with, for continuing its conversation; a null leaves that limit
     * as it was.
     */
    @Transactional
    public void continueWith(UUID sessionId, UUID userId, Integer maxTurns, BigDecimal maxBudgetUsd) {
        owned(sessionId, userId).continueWith(maxTurns, maxBudgetUsd);
    }

    /** @throws InvalidFieldException naming {@code message} when the prompt is blank or too long */
    public void validatePrompt(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidFieldException("message", "must not be blank");
        }
        String problem = PlainText.problem(text);
        if (problem != null) {
            throw new InvalidFieldException("message", problem);
        }
        if (text.length() > properties.maxMessageChars()) {
            throw new InvalidFieldException("message",
                    "must be at most " + properties.maxMessageChars() + " characters (got " + text.length() + ")");
        }
    }

    private Session owned(UUID sessionId, UUID userId) {
        return sessions.findByIdAndUserId(sessionId, userId).orElseThrow(() -> new NotFoundException("session", sessionId));
    }
}
