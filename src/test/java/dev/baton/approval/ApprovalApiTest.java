package dev.baton.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The approvals API over stored requests: who sees and decides what, and the answers to bad input. */
class ApprovalApiTest extends IntegrationTest {

    @Autowired
    private JdbcTemplate jdbc;

    private UUID userId(Api api) {
        return UUID.fromString(api.get("/api/v1/users/me").json().path("id").asString());
    }

    /** A pending request of the user's, as the CLI of one of its session turns would have left it. */
    private UUID pending(Api owner, UUID sessionId) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        jdbc.update("""
                insert into approvals (id, user_id, session_id, turn_id, tool_name, input, status, created_at,
                    expires_at) values (?, ?, ?, ?, 'Bash', '{"command": "touch x"}'::jsonb, 'pending', ?, ?)""",
                id, userId(owner), sessionId, UUID.randomUUID(), Timestamp.from(now),
                Timestamp.from(now.plusSeconds(600)));
        return id;
    }

    @Test
    void ownerListsGetsAndDecidesOnce() {
        Api owner = newUser();
        UUID sessionId = UUID.randomUUID();
        UUID id = pending(owner, sessionId);

        var list = owner.get("/api/v1/approvals?status=pending&sessionId=" + sessionId);
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.json().path("items").size()).isEqualTo(1);
        var one = owner.get("/api/v1/approvals/" + id).json();
        assertThat(one.path("toolName").asString()).isEqualTo("Bash");
        assertThat(one.path("input").path("command").asString()).isEqualTo("touch x");
        assertThat(one.path("status").asString()).isEqualTo("pending");

        var decided = owner.post("/api/v1/approvals/" + id, Map.of("decision", "deny", "message", "not today"));
        assertThat(decided.status()).as(decided.toString()).isEqualTo(200);
        assertThat(decided.json().path("status").asString()).isEqualTo("denied");
        assertThat(decided.json().path("message").asString()).isEqualTo("not today");
        assertThat(decided.json().path("decidedBy").asString()).isEqualTo(userId(owner).toString());
        assertThat(decided.json().path("decidedAt").isMissingNode()).isFalse();

        var again = owner.post("/api/v1/approvals/" + id, Map.of("decision", "allow"));
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.isProblem()).isTrue();
        assertThat(owner.get("/api/v1/approvals?status=pending&sessionId=" + sessionId).json().path("items").size())
                .isZero();
        assertThat(owner.get("/api/v1/approvals?status=denied").json().path("items").size()).isEqualTo(1);
    }

    @Test
    void anotherUsersApprovalIsNotFoundAndAnAdminMayDecideIt() {
        Api owner = newUser();
        Api other = newUser();
        UUID id = pending(owner, UUID.randomUUID());

        assertThat(other.get("/api/v1/approvals/" + id).status()).isEqualTo(404);
        var foreign = other.post("/api/v1/approvals/" + id, Map.of("decision", "allow"));
        assertThat(foreign.status()).as(foreign.toString()).isEqualTo(404);
        assertThat(foreign.isProblem()).isTrue();
        assertThat(other.get("/api/v1/approvals").json().path("items").size()).isZero();
        assertThat(owner.get("/api/v1/approvals/" + id).json().path("status").asString()).isEqualTo("pending");

        var byAdmin = admin.post("/api/v1/approvals/" + id, Map.of("decision", "allow"));
        assertThat(byAdmin.status()).as(byAdmin.toString()).isEqualTo(200);
        assertThat(byAdmin.json().path("status").asString()).isEqualTo("allowed");
    }

    @Test
    void badInputNamesTheFieldAndChangesNothing() {
        Api owner = newUser();
        UUID id = pending(owner, UUID.randomUUID());

        var unknown = owner.post("/api/v1/approvals/" + id, Map.of("decision", "maybe"));
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
        assertThat(unknown.body()).contains("decision");
        var missing = owner.post("/api/v1/approvals/" + id, Map.of("message", "hm"));
        assertThat(missing.status()).as(missing.toString()).isEqualTo(400);
        assertThat(missing.body()).contains("decision");
        var badStatus = owner.get("/api/v1/approvals?status=waiting");
        assertThat(badStatus.status()).as(badStatus.toString()).isEqualTo(400);
        assertThat(badStatus.body()).contains("status");
        assertThat(owner.get("/api/v1/approvals/" + id).json().path("status").asString()).isEqualTo("pending");
    }

    @Test
    void sessionsTakeAnApprovalModeAndTimeout() {
        Api user = newUser();
        var created = user.post("/api/v1/sessions", Map.of("approvalMode", "ask", "approvalTimeoutSeconds", 60));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("approvalMode").asString()).isEqualTo("ask");
        assertThat(created.json().path("approvalTimeoutSeconds").asInt()).isEqualTo(60);
        assertThat(user.post("/api/v1/sessions", Map.of()).json().path("approvalMode").asString()).isEqualTo("none");

        var badMode = user.post("/api/v1/sessions", Map.of("approvalMode", "sometimes"));
        assertThat(badMode.status()).as(badMode.toString()).isEqualTo(400);
        assertThat(badMode.body()).contains("approvalMode");
        var badTimeout = user.post("/api/v1/sessions", Map.of("approvalMode", "ask", "approvalTimeoutSeconds", 1));
        assertThat(badTimeout.status()).as(badTimeout.toString()).isEqualTo(400);
        assertThat(badTimeout.body()).contains("approvalTimeoutSeconds");
    }

    @Test
    void tasksTakeApprovalSettingsAndNameTheFieldOfABadOne() {
        Api user = newUser();
        var created = user.post("/api/v1/tasks", Map.of("name", "asks", "promptTemplate", "hi", "approvalMode", "ask",
                "onApprovalTimeout", "fail"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("approvalMode").asString()).isEqualTo("ask");
        assertThat(created.json().path("approvalTimeoutSeconds").asInt()).isEqualTo(86_400);
        assertThat(created.json().path("onApprovalTimeout").asString()).isEqualTo("fail");

        var badChoice = user.post("/api/v1/tasks", Map.of("name", "bad", "promptTemplate", "hi",
                "onApprovalTimeout", "later"));
        assertThat(badChoice.status()).as(badChoice.toString()).isEqualTo(400);
        assertThat(badChoice.body()).contains("onApprovalTimeout");
        var badTimeout = user.post("/api/v1/tasks", Map.of("name", "bad", "promptTemplate", "hi",
                "approvalTimeoutSeconds", 5));
        assertThat(badTimeout.status()).as(badTimeout.toString()).isEqualTo(400);
        assertThat(badTimeout.body()).contains("approvalTimeoutSeconds");
    }
}
