package dev.baton.usage;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Where the money went between {@code from} and {@code to}: the finished turns started in that time, grouped.
 *
 * @param groups one per day (UTC, {@code key} like {@code 2026-12-03}), task ({@code key} its id, {@code label} its
 *        name; {@code key} null for sessions' own turns) or user ({@code key} the id, {@code label} the username)
 */
record UsageReport(Instant from, Instant to, String groupBy, List<Group> groups, Totals total) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Group(String key, String label, Totals totals) {
    }

    record Totals(BigDecimal costUsd, long inputTokens, long outputTokens, long cacheCreationInputTokens,
            long cacheReadInputTokens, long turns, long executions) {
    }
}
