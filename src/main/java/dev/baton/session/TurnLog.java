package dev.baton.session;

import dev.baton.claude.FailureType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * One INFO line for every turn that ended, however it ended, once it is recorded: what an operator looks for first
 * when a user says "my query failed". A turn's failure is an outcome, not a fault of Baton's, so it carries no stack
 * trace.
 */
@Component
class TurnLog {

    private static final Logger log = LoggerFactory.getLogger(TurnLog.class);

    @TransactionalEventListener
    void turnEnded(TurnEnded event) {
        TurnResult result = event.result();
        log.info("Turn ended: session={} turn={} status={} errorType={} attempt={} durationMs={} costUsd={} messages={}",
                result.sessionId(), result.turnId(), status(result),
                result.error() == null ? "none" : result.error().type(),
                event.attempt() == null ? "-" : event.attempt(), event.wall().toMillis(),
                result.costUsd() == null ? "-" : result.costUsd().toPlainString(), result.messageCount());
    }

    static String status(TurnResult result) {
        if (!result.isError()) {
            return "completed";
        }
        return result.error() != null && FailureType.CANCELLED.code().equals(result.error().type()) ? "cancelled"
                : "failed";
    }
}
