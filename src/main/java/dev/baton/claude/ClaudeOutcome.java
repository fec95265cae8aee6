package dev.baton.claude;

/**
 * How one CLI process ended.
 *
 * @param result the last {@code result} line, or null when the CLI wrote none
 * @param failure null when the turn succeeded
 * @param exitCode the process exit code (137 after a forced kill)
 * @param stderrTail the last few KB of stderr, possibly empty
 */
public record ClaudeOutcome(ResultEvent result, ClaudeFailure failure, int exitCode, String stderrTail) {

    public boolean succeeded() {
        return failure == null;
    }
}
