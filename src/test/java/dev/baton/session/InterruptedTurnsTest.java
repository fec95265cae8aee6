package dev.baton.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What a kill -9 leaves in the embedded database, a turn still "running" and its session's lease, is cleared at the
 * next start. (End to end, with a real kill, in {@code reliability.EmbeddedBatonKillTest}.)
 */
class InterruptedTurnsTest extends IntegrationTest {

    @Autowired
    SessionRepository sessions;

    @Autowired
    SessionTurnRepository turns;

    @Autowired
    InterruptedTurns interruptedTurns;

    @Test
    void aTurnLeftRunningByADeadBatonIsFailedAndItsSessionTakesQueriesAgain() {
        Api user = newUser();
        UUID sessionId = UUID.fromString(user.post("/api/v1/sessions", Map.of()).json().path("id").asString());
        // What the dead JVM left: its lease, good for the rest of the turn timeout, and a running turn.
        Instant now = Instant.now();
        assertThat(sessions.claimTurn(sessionId, now, now.plus(Duration.ofMinutes(30)), "query:" + UUID.randomUUID(),
                UUID.randomUUID()))
                .isEqualTo(1);
        SessionTurn left = turns.save(new SessionTurn(sessionId, null));
        assertThat(user.post("/api/v1/sessions/" + sessionId + "/query", Map.of("message", "hi")).status())
                .as("refused while the dead turn holds the lease").isEqualTo(409);

        interruptedTurns.afterSingletonsInstantiated();

        SessionTurn ended = turns.findById(left.id()).orElseThrow();
        assertThat(ended.status()).isEqualTo(SessionTurn.Status.FAILED);
        assertThat(ended.result(tools.jackson.databind.json.JsonMapper.builder().build()).error().type())
                .isEqualTo("cli_crashed");
        var reply = user.post("/api/v1/sessions/" + sessionId + "/query", Map.of("message", "hi"));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().path("isError").asBoolean()).isFalse();
    }
}
