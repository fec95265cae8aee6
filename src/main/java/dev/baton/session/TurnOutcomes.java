package dev.baton.session;

import dev.baton.claude.ClaudeFailure;
import dev.baton.claude.ClaudeOutcome;
import dev.baton.claude.ResultEvent;
import java.time.Duration;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns a CLI outcome into the turn's stored result, the session's running totals and its stored conversation, in one
 * transaction.
 */
@Component
class TurnOutcomes {

    private final SessionRepository sessions;
    private final SessionTurnRepository turns;
    private final ConversationStore conversations;
    private final ApplicationEventPublisher events;

    TurnOutcomes(SessionRepository sessions, SessionTurnRepository turns, ConversationStore conversations,
            ApplicationEventPublisher events) {
        this.sessions = sessions;
        this.turns = turns;
        this.conversations = conversations;
        this.events = events;
    }

    /** @param resumed whether the turn resumed the session's conversation ({@code --resume}) */
    @Transactional
    TurnResult finish(UUID sessionId, UUID turnId, ClaudeOutcome outcome, TurnRecorder recorder,
            ConversationCopy conversation, Duration wall, boolean resumed) {
        Session session = sessions.findById(sessionId).orElseThrow();
        TurnResult reported = toResult(sessionId, turnId, outcome, recorder.count(), wall);
        TurnResult result = new TurnResult(reported.sessionId(), reported.turnId(), reported.response(),
                reported.isError(), reported.error(), session.turnCost(reported.costUsd(), resumed),
                reported.durationMs(), reported.numTurns(), reported.usage(), reported.messageCount());
        SessionTurn turn = turns.findById(turnId).orElseThrow();
        turn.finish(result);
        ResultEvent end = outcome.result();
        String claudeId = end != null && end.sessionId() != null ? end.sessionId() : recorder.claudeSessionId();
        session.rememberClaudeSession(claudeId);
        // Before the save's first query flushes the session, so that its row is written once.
        session.addCost(result.costUsd());
        // With the turn's other writes: a node that runs the next turn resumes exactly what this one recorded.
        conversations.save(conversation, claudeId);
        events.publishEvent(new TurnEnded(result, wall, turn.attempt()));
        return result;
    }

    /** Without a result line the CLI reported nothing, so the duration is the wall time Baton measured. */
    static TurnResult toResult(UUID sessionId, UUID turnId, ClaudeOutcome outcome, int messageCount, Duration wall) {
        ResultEvent end = outcome.result();
        ClaudeFailure failure = outcome.failure();
        TurnResult.TurnError error = failure == null ? null
                : new TurnResult.TurnError(failure.type().code(), failure.message(), failure.type().retryable(),
                        failure.cliMessage(), failure.apiStatus());
        if (end == null) {
            return new TurnResult(sessionId, turnId, null, failure != null, error, null, wall.toMillis(), 0, null,
                    messageCount);
        }
        return new TurnResult(sessionId, turnId, end.result(), failure != null, error, end.totalCostUsd(),
                end.durationMs(), end.numTurns(), end.usage(), messageCount);
    }
}
