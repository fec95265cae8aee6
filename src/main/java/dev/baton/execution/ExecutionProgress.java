package dev.baton.execution;

/**
 * Live progress, answered by the workflow's query.
 *
 * @param phase {@code preparing}, {@code running} (also between attempts) or the final status
 */
public record ExecutionProgress(String phase, int attempt, int messagesSoFar, String lastToolUsed) {
}
