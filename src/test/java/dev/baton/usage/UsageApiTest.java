package dev.baton.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/v1/usage}: a user sees their own, an admin everyone's; bad parameters are named. */
class UsageApiTest extends IntegrationTest {

    private static String query(Api user) {
        String session = user.post("/api/v1/sessions", Map.of()).json().path("id").asString();
        assertThat(user.post("/api/v1/sessions/" + session + "/query", Map.of("message", "hi")).status())
                .isEqualTo(200);
        return session;
    }

    @Test
    void aUserSeesTheirOwnAndAnAdminEveryones() {
        Api alice = newUser();
        Api bob = newUser();
        query(alice);
        query(bob);
        query(bob);
        String aliceId = alice.get("/api/v1/users/me").json().path("id").asString();
        String bobId = bob.get("/api/v1/users/me").json().path("id").asString();

        JsonNode own = bob.get("/api/v1/usage?groupBy=user").json();
        JsonNode all = admin.get("/api/v1/usage?groupBy=user").json();

        assertThat(own.path("groups").valueStream().map(g -> g.path("key").asString()).toList())
                .containsExactly(bobId);
        // The fake CLI reports 0.000123 per turn.
        assertThat(own.path("total").path("costUsd").decimalValue()).isEqualByComparingTo("0.000246");
        assertThat(own.path("total").path("turns").asLong()).isEqualTo(2);
        List<String> everyone = all.path("groups").valueStream().map(g -> g.path("key").asString()).toList();
        assertThat(everyone).contains(aliceId, bobId);
        assertThat(all.path("groups").valueStream().filter(g -> g.path("key").asString().equals(bobId))
                .findFirst().orElseThrow().path("label").asString()).startsWith("user-");
    }

    @Test
    void aRangeBeforeAnyTurnIsEmptyAndBadParametersAreNamed() {
        Api user = newUser();
        query(user);

        JsonNode empty = user.get("/api/v1/usage?from=2020-01-01&to=2020-02-01T00:00:00Z&groupBy=day").json();

        assertThat(empty.path("groups")).isEmpty();
        assertThat(empty.path("total").path("turns").asLong()).isZero();
        for (var bad : Map.of("groupBy=week", "groupBy", "from=2026-12-02&to=2026-12-01", "from",
                "from=soon", "from", "to=2026-02-30", "to").entrySet()) {
            var reply = user.get("/api/v1/usage?" + bad.getKey());
            assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
            assertThat(reply.json().path("errors").path(0).path("field").asString()).isEqualTo(bad.getValue());
        }
    }
}
