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
    // The init line's apiKeySource: "none" when no credential reached the CLI.
    private volatile String apiKeySource;

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
            case SystemEvent s -> {
                if ("init".equals(s.subtype())) {
                    apiKeySource = s.raw().path("apiKeySource").asString(null);
                }
                remember(s.sessionId());
            }
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
        if (killedAs != null) {
            return ClaudeFailure.of(killedAs, null, null);
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
        String cliText = cliText(r, stderr);
        if ("error_max_turns".equals(r.subtype()) || "max_turns".equals(r.terminalReason())) {
            return ClaudeFailure.of(FailureType.MAX_TURNS, status, cliText);
        }
        if ("error_max_budget_usd".equals(r.subtype()) || "budget_exhausted".equals(r.terminalReason())) {
            return ClaudeFailure.of(FailureType.BUDGET_EXCEEDED, status, cliText);
        }
        if (status != null) {
            return ClaudeFailure.of(byStatus(status), status, cliText);
        }
        FailureType byReason = apiError == null || apiError.error() == null ? null
                : ASSISTANT_ERRORS.get(apiError.error());
        if (byReason == FailureType.AUTHENTICATION && "none".equals(apiKeySource)) {
            // No request was sent: the CLI found no credential at all ("Not logged in · Please run /login").
            return ClaudeFailure.of(FailureType.MISSING_CREDENTIALS, null, cliText);
        }
        if (byReason != null) {
            return ClaudeFailure.of(byReason, null, cliText);
        }
        if ("api_error".equals(r.terminalReason())) {
            // An API error the CLI gave no recognisable reason for: retrying blindly could loop on a bad request.
            return ClaudeFailure.of(FailureType.BAD_REQUEST, null, cliText);
        }
        if ("error_during_execution".equals(r.subtype()) && r.numTurns() == 0) {
            // Failed before the first model call, e.g. --resume of an unknown session id.
            return ClaudeFailure.of(FailureType.INVALID_CONFIGURATION, null, cliText);
        }
        return ClaudeFailure.of(FailureType.CLI_CRASHED, null, cliText);
    }

    private ClaudeFailure missingResult(int exitCode, String stderr) {
        String cliText = stderr.isEmpty() ? null : stderr;
        if (exitCode != 0 && !sawOutput && cliText != null) {
            // Rejected before starting (bad flag, bypassPermissions as root): only stderr says why.
            return new ClaudeFailure(FailureType.INVALID_CONFIGURATION, "The Claude CLI refused to start (exit "
                    + exitCode + ") with this session's settings; cliMessage names the one at fault, so change it.",
                    null, cliText);
        }
        return new ClaudeFailure(FailureType.CLI_CRASHED, "The Claude CLI exited with code " + exitCode
                + " before finishing the turn; retry it" + (cliText == null ? "." : " (cliMessage shows what it printed)."),
                null, cliText);
    }

    private static FailureType byStatus(int status) {
        return switch (status) {
            case 401, 403 -> FailureType.AUTHENTICATION;
            case 429 -> FailureType.RATE_LIMITED;
            case 529 -> FailureType.OVERLOADED;
            default -> status >= 500 ? FailureType.SERVER_ERROR : FailureType.BAD_REQUEST;
        };
    }

    /** The CLI's own words for the failure: its result text, its errors, its stderr. */
    private static String cliText(ResultEvent r, String stderr) {
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
