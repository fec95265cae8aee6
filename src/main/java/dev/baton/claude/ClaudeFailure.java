package dev.baton.claude;

/**
 * @param message what went wrong, from the result text, the CLI's errors or its stderr; never environment values
 * @param apiStatus the Anthropic API's HTTP status when the CLI reported one, else null
 */
public record ClaudeFailure(FailureType type, String message, Integer apiStatus) {

    public boolean retryable() {
        return type.retryable();
    }
}
