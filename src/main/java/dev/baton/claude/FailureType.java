package dev.baton.claude;

import java.util.Locale;
import org.springframework.http.HttpStatus;

/**
 * Baton's one vocabulary of failures: why a turn did not succeed, and why a request, a WebSocket frame or a Temporal
 * activity was refused. Each code carries whether trying again can help, the HTTP status an API answer for it has,
 * its Temporal failure type, and what to tell the user: one sentence in Baton's words that says what to do. The
 * CLI's own text and the Anthropic API's HTTP status travel beside it ({@link ClaudeFailure#cliMessage()},
 * {@link ClaudeFailure#apiStatus()}).
 *
 * <p>The problem handler, the WebSocket error frames, the activities and the workflows' do-not-retry lists all read
 * from here, so a code is never spelled as a string literal elsewhere.
 */
public enum FailureType {

    AUTHENTICATION(false, "The Anthropic API rejected Baton's credential; check the ANTHROPIC_API_KEY, "
            + "ANTHROPIC_AUTH_TOKEN or CLAUDE_CODE_OAUTH_TOKEN that Baton runs with."),
    MISSING_CREDENTIALS(false, HttpStatus.SERVICE_UNAVAILABLE, "No Anthropic credential is set; set ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN or "
            + "CLAUDE_CODE_OAUTH_TOKEN in Baton's environment and restart it."),
    BAD_REQUEST(false, HttpStatus.BAD_REQUEST, "The Anthropic API refused the request as invalid; cliMessage gives its reason, so change "
            + "the prompt or the settings it names."),
    RATE_LIMITED(true, HttpStatus.TOO_MANY_REQUESTS, "The Anthropic API is rate-limiting this account; retry later or send fewer requests."),
    OVERLOADED(true, "The Anthropic API is overloaded; retry in a moment."),
    SERVER_ERROR(true, "The Anthropic API failed or could not be reached; retry later, and check ANTHROPIC_BASE_URL "
            + "if it goes on."),
    MAX_TURNS(false, "Claude used up its maxTurns before finishing; raise maxTurns or split the work."),
    /** The CLI's --max-budget-usd stopped the turn; it checks after each API call, so the cost may pass the cap. */
    BUDGET_EXCEEDED(false, "Claude reached the turn's maxBudgetUsd before finishing; raise maxBudgetUsd, or continue "
            + "the execution with more budget."),
    INVALID_CONFIGURATION(false, HttpStatus.BAD_REQUEST, "The Claude CLI refused this session's settings; cliMessage names the one at "
            + "fault, so change it."),
    CLI_MISSING(false, HttpStatus.SERVICE_UNAVAILABLE, "The Claude CLI is not installed on this node; set BATON_CLAUDE_COMMAND to the claude "
            + "executable or run the Maven build to install it."),
    CLI_CRASHED(true, "The Claude CLI stopped before finishing the turn; retry, and see cliMessage for what it "
            + "printed."),
    TIMED_OUT(true, HttpStatus.GATEWAY_TIMEOUT, "Claude did not finish the turn in time and was stopped; raise the timeout (a task's "
            + "timeoutSeconds, or BATON_CLAUDE_TURN_TIMEOUT) or ask for less."),
    CANCELLED(false, HttpStatus.CONFLICT, "The turn was stopped before it finished (interrupted, cancelled, or Baton shut down); the "
            + "messages so far are kept."),
    /**
     * The session's working directory is missing on the node that got the turn although the session has had turns:
     * its files are on another node's disk. Another node (a retried task attempt) may have them.
     */
    WORKSPACE_UNAVAILABLE(true, HttpStatus.SERVICE_UNAVAILABLE, "The session's working directory is not on this "
            + "Baton node; nodes that serve the same sessions need the same BATON_WORKSPACE_ROOT on a shared volume, or "
            + "sticky routing by session id."),

    // Refusals before or around a turn: requests, frames and activities.

    /** The session is running another turn (a task attempt finding its session busy is retried). */
    SESSION_BUSY(true, HttpStatus.CONFLICT, "The session is running another turn; try again once it has ended."),
    /** Every CLI slot of the node is taken. */
    CAPACITY(true, HttpStatus.TOO_MANY_REQUESTS, "This node runs as many Claude CLIs as it may; retry after the "
            + "Retry-After delay."),
    /** The user already runs as many turns as their maxConcurrentTurns allows. */
    USER_CONCURRENCY(true, HttpStatus.TOO_MANY_REQUESTS, "You already run as many turns as your maxConcurrentTurns "
            + "allows; retry after the Retry-After delay, when one of them has ended."),
    /** The node cannot serve the request for a reason of its own: shutting down, or Temporal not answering. */
    UNAVAILABLE(true, HttpStatus.SERVICE_UNAVAILABLE, "This Baton node cannot serve the request right now; retry "
            + "later, or on another node."),
    /** A turn killed because its worker was stopping; Temporal runs the attempt again on another worker. */
    WORKER_SHUTDOWN(true, HttpStatus.SERVICE_UNAVAILABLE, "The worker running the attempt shut down; Temporal runs it "
            + "again on another worker."),
    /** A late activity of an execution that already ended: nothing to do. */
    EXECUTION_ENDED(false, HttpStatus.CONFLICT, "The execution has already ended."),
    NOT_FOUND(false, HttpStatus.NOT_FOUND, "What the request names does not exist, or is not yours."),
    CONFLICT(false, HttpStatus.CONFLICT, "The request clashes with the current state of what it names."),
    /** A scheduled run whose variables do not fill the task's prompt template. */
    INVALID_VARIABLES(false, HttpStatus.BAD_REQUEST, "The variables do not fill the task's prompt template; give a "
            + "value for every placeholder."),
    /** The user's month has spent their monthlyBudgetUsd: nothing is started until the month resets. */
    BUDGET_EXHAUSTED(false, HttpStatus.PAYMENT_REQUIRED, "Your monthly budget is spent; wait for the month to reset "
            + "or ask an admin to raise monthlyBudgetUsd."),
    /** A task's tool call waited for a person past its approvalTimeoutSeconds, and the task says to fail then. */
    APPROVAL_EXPIRED(false, HttpStatus.CONFLICT, "Nobody decided on the tool call in time, and the task says to fail "
            + "then (onApprovalTimeout: fail); decide sooner, or set onApprovalTimeout to deny."),
    INTERNAL(false, HttpStatus.INTERNAL_SERVER_ERROR, "Baton failed unexpectedly; the error has been logged.");

    private final boolean retryable;
    private final HttpStatus httpStatus;
    private final String summary;

    /** A failure of the CLI or of the Anthropic API behind it: a bad gateway, as far as an API answer goes. */
    FailureType(boolean retryable, String summary) {
        this(retryable, HttpStatus.BAD_GATEWAY, summary);
    }

    FailureType(boolean retryable, HttpStatus httpStatus, String summary) {
        this.retryable = retryable;
        this.httpStatus = httpStatus;
        this.summary = summary;
    }

    /** Lowercase snake case, stable for APIs and the database: {@code bad_request}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean retryable() {
        return retryable;
    }

    /** The status of an API answer that refuses a request for this reason. */
    public HttpStatus httpStatus() {
        return httpStatus;
    }

    /** The type of the Temporal {@code ApplicationFailure} for this failure: its {@link #code()}. */
    public String temporalType() {
        return code();
    }

    /** The Temporal types of the failures retrying cannot fix: the do-not-retry list of an activity's options. */
    public static String[] permanentTemporalTypes() {
        return java.util.Arrays.stream(values()).filter(type -> !type.retryable()).map(FailureType::temporalType)
                .toArray(String[]::new);
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
