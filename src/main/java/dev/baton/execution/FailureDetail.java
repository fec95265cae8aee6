package dev.baton.execution;

/**
 * What the CLI itself said about a failed attempt, carried as the details of the attempt's
 * {@code ApplicationFailure} so that the execution can record it beside Baton's own sentence.
 *
 * @param cliMessage the CLI's own text, or null
 * @param apiStatus the Anthropic API's HTTP status, or null
 */
public record FailureDetail(String cliMessage, Integer apiStatus) {
}
