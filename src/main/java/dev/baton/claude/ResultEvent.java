package dev.baton.claude;

import java.math.BigDecimal;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The {@code result} line that ends a turn.
 *
 * <p>Decide success on {@code isError}, never on {@code subtype}: an API error reports
 * {@code subtype:"success"} with {@code is_error:true}.
 *
 * @param result the final text; null for {@code error_max_turns}
 * @param errors the CLI's error messages, empty when none
 * @param totalCostUsd exact decimal as printed; adds up across the turns of one process
 * @param terminalReason {@code completed}, {@code api_error}, {@code max_turns}, ...; null on older CLIs
 */
public record ResultEvent(String subtype, boolean isError, String result, List<String> errors, int numTurns,
        String sessionId, long durationMs, BigDecimal totalCostUsd, JsonNode usage, String terminalReason,
        Integer apiErrorStatus, JsonNode raw) implements ClaudeEvent {

    public ResultEvent {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    @Override
    public String type() {
        return "result";
    }

    @Override
    public String text() {
        return result;
    }

    @Override
    public String toolName() {
        return null;
    }
}
