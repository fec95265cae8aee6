package dev.baton.claude;

import java.util.Map;

/**
 * Watches one process's events and turns them, with the exit code and stderr, into a {@link ClaudeOutcome}.
 *
 * <p>Classification rests on {@code is_error}, never on {@code subtype}: the CLI reports API errors as
 * {@code subtype:"success"} with {@code is_error:true}. When the result carries no HTTP status (connection
 * refused, request timeout, missing credentials) the reason is on the synthetic assistant line before it.
 */
final class TurnTracker {

    private static final Map<String, FailureType> ASSISTANT_ERRORS = Map.of(
            "authentication_failed", FailureType.AUTHENTICATION,
            "rate_limit", FailureType.RATE_LIMITED,
            "server_error", FailureType.SERVER_ERROR,
            "invalid_request", FailureType.BAD_REQUEST,
            "overloaded", FailureType.OVERLOADED,
            // The answer outgrew the output limit; the same turn would hit it again.
            "max_output_tokens", FailureType.BAD_REQUEST);

    private volatile ResultEvent result;
    private volatile AssistantEvent lastApiError;
    private volatile String sessionId;
    private volatile boolean sawOutput;

    /** Any stdout line counts as output, JSON or not; {@code event} is null for a line that was not JSON. */
    void accept(String line, ClaudeEvent event) {
        if (line != null && !line.isBlank()) {
            sawOutput = true;
        }
        switch (event) {
            case ResultEvent r -> {
                result = r;
                remember(r.sessionId());
            }
            case AssistantEvent a -> {
                if (a.apiErrorMessage()) {
                    lastApiError = a;
                }
                remember(a.sessionId());
            }
            case SystemEvent s -> remember(s.sessionId());
            case UserEvent u -> remember(u.sessionId());
            case null, default -> {
            }
        }
    }

    String sessionId() {
        return sessionId;
    }

    private void remember(String id) {
        if (id != null && sessionId == null) {
            sessionId = id;
        }
    }

    /**
     * @param killedAs TIMED_OUT or CANCELLED when Baton killed the process, else null
     */
    ClaudeOutcome outcome(int exitCode, String stderrTail, FailureType killedAs) {
        String stderr = stderrTail == null ? "" : stderrTail;
        return new ClaudeOutcome(result, failure(exitCode, stderr.strip(), killedAs), exitCode, stderr);
    }

    private ClaudeFailure failure(int exitCode, String stderr, FailureType killedAs) {
        if (killedAs == FailureType.TIMED_OUT) {
            return new ClaudeFailure(killedAs, "Claude CLI did not finish the turn in time and was killed", null);
        }
        if (killedAs != null) {
            return new ClaudeFailure(killedAs, "Claude CLI run was cancelled", null);
        }
        ResultEvent r = result;
        if (r == null) {
            return missingResult(exitCode, stderr);
        }
        if (!r.isError()) {
            return null;
        }
        AssistantEvent apiError = lastApiError;
        Integer status = r.apiErrorStatus() != null ? r.apiErrorStatus()
                : apiError != null ? apiError.apiErrorStatus() : null;
        String message = message(r, stderr);
        if ("error_max_turns".equals(r.subtype()) || "max_turns".equals(r.terminalReason())) {
            return new ClaudeFailure(FailureType.MAX_TURNS, message, status);
        }
        if (status != null) {
            return new ClaudeFailure(byStatus(status), message, status);
        }
        FailureType byReason = apiError == null || apiError.error() == null ? null
                : ASSISTANT_ERRORS.get(apiError.error());
        if (byReason != null) {
            return new ClaudeFailure(byReason, message, null);
        }
        if ("api_error".equals(r.terminalReason())) {
            // An API error the CLI gave no recognisable reason for: retrying blindly could loop on a bad request.
            return new ClaudeFailure(FailureType.BAD_REQUEST, message, null);
        }
        if ("error_during_execution".equals(r.subtype()) && r.numTurns() == 0) {
            // Failed before the first model call, e.g. --resume of an unknown session id.
            return new ClaudeFailure(FailureType.INVALID_CONFIGURATION, message, null);
        }
        return new ClaudeFailure(FailureType.CLI_CRASHED, message, null);
    }

    private ClaudeFailure missingResult(int exitCode, String stderr) {
        if (exitCode != 0 && !sawOutput && !stderr.isEmpty()) {
            // Rejected before starting (bad flag, bypassPermissions as root): only stderr says why.
            return new ClaudeFailure(FailureType.INVALID_CONFIGURATION,
                    "Claude CLI refused to start (exit " + exitCode + "): " + stderr, null);
        }
        String detail = stderr.isEmpty() ? "" : ": " + stderr;
        return new ClaudeFailure(FailureType.CLI_CRASHED,
                "Claude CLI exited with code " + exitCode + " without finishing the turn" + detail, null);
    }

    private static FailureType byStatus(int status) {
        return switch (status) {
            case 401, 403 -> FailureType.AUTHENTICATION;
            case 429 -> FailureType.RATE_LIMITED;
            case 529 -> FailureType.OVERLOADED;
            default -> status >= 500 ? FailureType.SERVER_ERROR : FailureType.BAD_REQUEST;
        };
    }

    private static String message(ResultEvent r, String stderr) {
        if (r.result() != null && !r.result().isBlank()) {
            return r.result();
        }
        if (!r.errors().isEmpty()) {
            return String.join("; ", r.errors());
        }
        if (!stderr.isEmpty()) {
            return stderr;
        }
        return "Claude CLI reported an error (" + r.subtype() + ")";
    }
}
