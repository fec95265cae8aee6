package dev.baton.session;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * With the embedded database, ends at startup the turns a Baton that died (kill -9, power loss) left running.
 *
 * <p>Such a turn keeps its session's lease, so for the rest of the turn timeout (30 minutes by default) every query
 * of the session would be refused with 409, and its turn row would say "running" for ever. The embedded database
 * belongs to this one JVM (it refuses to start while another live JVM holds its directory), so at startup no turn can
 * really be running: each is marked failed as {@code cli_crashed} and every lease is freed. This runs once all beans
 * exist and before the web server takes requests or the Temporal worker polls, so it never touches a turn of this
 * run. With an external database other nodes may be running turns; there a dead node's leases run out within
 * {@code baton.sessions.turn-lease}, and {@link TurnLeases} ends its turns.
 */
@Component
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class InterruptedTurns implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(InterruptedTurns.class);
    static final String MESSAGE = "Baton stopped while the turn was running (the process was killed)";

    private final SessionRepository sessions;
    private final SessionTurnRepository turns;
    private final TransactionTemplate transaction;

    InterruptedTurns(SessionRepository sessions, SessionTurnRepository turns, TransactionTemplate transaction) {
        this.sessions = sessions;
        this.turns = turns;
        this.transaction = transaction;
    }

    @Override
    public void afterSingletonsInstantiated() {
        transaction.executeWithoutResult(status -> {
            int ended = turns.failRunning("cli_crashed", MESSAGE, Instant.now());
            int freed = sessions.releaseAllTurns();
            if (ended > 0 || freed > 0) {
                log.warn("Ended {} turn(s) and freed {} session(s) left running by a Baton that did not shut down",
                        ended, freed);
            }
        });
    }
}
