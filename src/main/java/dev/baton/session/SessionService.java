package dev.baton.session;

import dev.baton.BatonProperties;
import dev.baton.claude.ClaudeCapacityException;
import dev.baton.claude.ClaudeCli;
import dev.baton.claude.ClaudeOutcome;
import dev.baton.claude.ClaudeProperties;
import dev.baton.claude.ClaudeRequest;
import dev.baton.claude.ClaudeRun;
import dev.baton.claude.ClaudeUnavailableException;
import dev.baton.claude.PermissionMode;
import dev.baton.web.ConflictException;
import dev.baton.web.InvalidFieldException;
import dev.baton.web.NotFoundException;
import dev.baton.web.PageView;
import dev.baton.web.PlainText;
import dev.baton.web.RetryLaterException;
import dev.baton.web.ServiceUnavailableException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The only path to Claude. REST queries, WebSocket queries and (later) Temporal activities all call
 * {@link #sendMessage}, so every turn is persisted, streamed and accounted for the same way.
 */
@Service
public class SessionService {

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
    private final ApplicationEventPublisher events;
    private final Path configRoot;

    SessionService(SessionRepository sessions, SessionMessageRepository messages, SessionTurnRepository turns,
            ClaudeCli claude, ClaudeProperties claudeProperties, SessionProperties properties,
            WorkspacePaths workspaces, TurnOutcomes outcomes, TurnLeases leases, ConversationStore conversations,
            ApplicationEventPublisher events, BatonProperties baton) {
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
                    "bypassPermissions is disabled on this server (baton.sessions.allow-bypass-permissions)");
        }
        return workspaces.resolve(workingDirectory, sessionId);
    }

    @Transactional(readOnly = true)
    public SessionView get(UUID sessionId, UUID userId) {
        return SessionView.of(owned(sessionId, userId));
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
            throw new ConflictException("session " + sessionId + " has a turn running; delete it when the turn ends");
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
        return sendMessage(sessionId, userId, text, TurnOptions.interactive());
    }

    /** {@link #sendMessage(UUID, UUID, String)} with a lease owner, attempt, timeout and observer of the caller's. */
    public TurnResult sendMessage(UUID sessionId, UUID userId, String text, TurnOptions options) {
        validatePrompt(text);
        Session session = owned(sessionId, userId);
        Duration timeout = options.timeout() != null ? options.timeout() : claudeProperties.turnTimeout();
        if (!leases.claim(sessionId, options.leaseOwner())) {
            throw new ConflictException("session " + sessionId + " already has a turn running; send the next "
                    + "message when it ends");
        }
        try {
            return runTurn(session, text, options, timeout);
        } finally {
            leases.release(sessionId, options.leaseOwner());
        }
    }

    private TurnResult runTurn(Session session, String text, TurnOptions options, Duration timeout) {
        long started = System.nanoTime();
        // Someone may have removed the directory since the session was made, or put a symlink in its place.
        try {
            workspaces.prepareForTurn(session.id(), Path.of(session.workingDirectory()),
                    turns.existsBySessionId(session.id()));
        } catch (ServiceUnavailableException e) {
            events.publishEvent(new TurnRefused(session.id(), TurnRefused.Reason.WORKSPACE_UNAVAILABLE));
            throw e;
        }
        // Whichever node ran the earlier turns, the conversation to resume is the stored one.
        ConversationCopy conversation = conversations.restore(session.id(), configDir(session), options.resume());
        SessionTurn turn = turns.save(new SessionTurn(session.id(), options.attempt()));
        var recorder = new TurnRecorder(session.id(), turn.id(), options.attempt(),
                messages.lastSequence(session.id()), messages, options.observer());
        ClaudeRun run;
        // Holding the recorder while starting makes the CLI's first lines wait until the prompt is recorded.
        synchronized (recorder) {
            try {
                run = claude.start(request(session, text, timeout, options.resume()), recorder::record);
            } catch (ClaudeCapacityException e) {
                turns.delete(turn);
                events.publishEvent(new TurnRefused(session.id(), TurnRefused.Reason.CAPACITY));
                throw new RetryLaterException(HttpStatus.TOO_MANY_REQUESTS, e.getMessage(), e.retryAfter());
            } catch (ClaudeUnavailableException e) {
                turns.delete(turn);
                events.publishEvent(new TurnRefused(session.id(), TurnRefused.Reason.CLI_UNAVAILABLE));
                throw new RetryLaterException(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), Duration.ofSeconds(60));
            } catch (RuntimeException e) {
                turns.delete(turn);
                throw e;
            }
            recorder.prompt(text);
        }
        options.observer().started(run);
        ClaudeOutcome outcome = await(run);
        // Finishing the turn row notifies live subscribers, here and on other nodes.
        return outcomes.finish(session.id(), turn.id(), outcome, recorder, conversation,
                Duration.ofNanos(System.nanoTime() - started));
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
                timeout);
    }

    private Path configDir(Session session) {
        return configRoot.resolve(session.id().toString());
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
