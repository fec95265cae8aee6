package dev.baton.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TurnSpendTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static TurnResult turn(String cost, String usage) {
        JsonNode usageNode = usage == null ? null : JSON.readTree(usage);
        return new TurnResult(UUID.randomUUID(), UUID.randomUUID(), null, true, null,
                cost == null ? null : new BigDecimal(cost), 10, 1, usageNode, 3);
    }

    @Test
    void addsUpEveryReportedCostAndUsageFieldByField() {
        TurnSpend spend = TurnSpend.of(List.of(
                turn("0.152", """
                        {"input_tokens":10,"output_tokens":5,"service_tier":"standard","server_tool_use":{"web_search_requests":1}}"""),
                turn(null, null),
                turn("0.01", """
                        {"input_tokens":7,"output_tokens":1,"service_tier":"priority","server_tool_use":{"web_search_requests":2}}""")));

        assertThat(spend.costUsd()).isEqualByComparingTo("0.162");
        JsonNode usage = JSON.readTree(spend.usageJson());
        assertThat(usage.path("input_tokens").asLong()).isEqualTo(17);
        assertThat(usage.path("output_tokens").asLong()).isEqualTo(6);
        assertThat(usage.path("server_tool_use").path("web_search_requests").asLong()).isEqualTo(3);
        assertThat(usage.path("service_tier").asString()).isEqualTo("priority");
    }

    @Test
    void turnsThatReportedNothingSpendNothingKnown() {
        assertThat(TurnSpend.of(List.of(turn(null, null)))).isEqualTo(TurnSpend.NONE);
        assertThat(TurnSpend.of(List.of())).isEqualTo(TurnSpend.NONE);
    }
}
