package dev.baton.claude;

import java.util.function.UnaryOperator;

/**
 * @param message what went wrong and what to do, in Baton's words; never environment values
 * @param apiStatus the Anthropic API's HTTP status when the CLI reported one, else null
 * @param cliMessage the CLI's own words (its result text, errors or stderr), else null
 */
public record ClaudeFailure(FailureType type, String message, Integer apiStatus, String cliMessage) {

    public ClaudeFailure(FailureType type, String message, Integer apiStatus) {
        this(type, message, apiStatus, null);
    }

    /** A failure told in the type's own sentence. */
    static ClaudeFailure of(FailureType type, Integer apiStatus, String cliMessage) {
        return new ClaudeFailure(type, type.summary(), apiStatus, cliMessage);
    }

    public boolean retryable() {
        return type.retryable();
    }

    /** The same failure with {@code redact} applied to its texts. */
    ClaudeFailure redacted(UnaryOperator<String> redact) {
        return new ClaudeFailure(type, redact.apply(message), apiStatus,
                cliMessage == null ? null : redact.apply(cliMessage));
    }
}
