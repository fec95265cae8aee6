package dev.baton.claude;

import java.util.Locale;

/**
 * Why a turn did not succeed, whether running the same turn again can help, and what to tell the user: one sentence
 * in Baton's words that says what to do. The CLI's own text and the API's HTTP status travel beside it
 * ({@link ClaudeFailure#cliMessage()}, {@link ClaudeFailure#apiStatus()}).
 */
public enum FailureType {

    AUTHENTICATION(false, "The Anthropic API rejected Baton's credential; check the ANTHROPIC_API_KEY, "
            + "ANTHROPIC_AUTH_TOKEN or CLAUDE_CODE_OAUTH_TOKEN that Baton runs with."),
    MISSING_CREDENTIALS(false, "No Anthropic credential is set; set ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN or "
            + "CLAUDE_CODE_OAUTH_TOKEN in Baton's environment and restart it."),
    BAD_REQUEST(false, "The Anthropic API refused the request as invalid; cliMessage gives its reason, so change "
            + "the prompt or the settings it names."),
    RATE_LIMITED(true, "The Anthropic API is rate-limiting this account; retry later or send fewer requests."),
    OVERLOADED(true, "The Anthropic API is overloaded; retry in a moment."),
    SERVER_ERROR(true, "The Anthropic API failed or could not be reached; retry later, and check ANTHROPIC_BASE_URL "
            + "if it goes on."),
    MAX_TURNS(false, "Claude used up its maxTurns before finishing; raise maxTurns or split the work."),
    /** The CLI's --max-budget-usd stopped the turn; it checks after each API call, so the cost may pass the cap. */
    BUDGET_EXCEEDED(false, "Claude reached the turn's maxBudgetUsd before finishing; raise maxBudgetUsd, or continue "
            + "the execution with more budget."),
    INVALID_CONFIGURATION(false, "The Claude CLI refused this session's settings; cliMessage names the one at "
            + "fault, so change it."),
    CLI_MISSING(false, "The Claude CLI is not installed on this node; set BATON_CLAUDE_COMMAND to the claude "
            + "executable or run the Maven build to install it."),
    CLI_CRASHED(true, "The Claude CLI stopped before finishing the turn; retry, and see cliMessage for what it "
            + "printed."),
    TIMED_OUT(true, "Claude did not finish the turn in time and was stopped; raise the timeout (a task's "
            + "timeoutSeconds, or BATON_CLAUDE_TURN_TIMEOUT) or ask for less."),
    CANCELLED(false, "The turn was stopped before it finished (interrupted, cancelled, or Baton shut down); the "
            + "messages so far are kept."),
    /**
     * The session's working directory is missing on the node that got the turn although the session has had turns:
     * its files are on another node's disk. Another node (a retried task attempt) may have them.
     */
    WORKSPACE_UNAVAILABLE(true, "The session's working directory is not on this Baton node; nodes that serve the same "
            + "sessions need the same BATON_WORKSPACE_ROOT on a shared volume, or sticky routing by session id.");

    private final boolean retryable;
    private final String summary;

    FailureType(boolean retryable, String summary) {
        this.retryable = retryable;
        this.summary = summary;
    }

    /** Lowercase snake case, stable for APIs and the database: {@code bad_request}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean retryable() {
        return retryable;
    }

    /** What happened and what to do, in Baton's words. */
    public String summary() {
        return summary;
    }

    /** The type with this {@link #code()}, or null for a code of no type ({@code workflow_start_failed}, ...). */
    public static FailureType ofCode(String code) {
        for (FailureType type : values()) {
            if (type.code().equals(code)) {
                return type;
            }
        }
        return null;
    }
}
