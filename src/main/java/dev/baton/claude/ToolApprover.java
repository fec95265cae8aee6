package dev.baton.claude;

import java.util.function.Consumer;

/**
 * Decides the tool calls the CLI asks about ({@code can_use_tool}) when it runs with
 * {@code --permission-prompt-tool stdio}. The CLI waits, with no time limit of its own, until the answer is given.
 */
public interface ToolApprover {

    /**
     * Called on the CLI's reader thread, so it must not block: the answer is given later, once, from any thread.
     * An answer given after the run ended is ignored.
     */
    void ask(ToolCall call, Consumer<ToolAnswer> answer);

    /** The run ended: any call still waiting for an answer will never get one. */
    default void runEnded() {
    }

    /** One {@code can_use_tool} request: the tool and its input as the CLI gave them (input as JSON text). */
    record ToolCall(String requestId, String toolName, String input, String description) {
    }

    /**
     * Allow runs the tool; deny turns {@code message} into an error tool result and the turn goes on; stop ends the
     * CLI (its outcome is {@code cancelled}) without an answer, for a decision that may take longer than a CLI
     * should wait.
     */
    record ToolAnswer(boolean allow, String message, boolean stop) {

        public static ToolAnswer allowed() {
            return new ToolAnswer(true, null, false);
        }

        public static ToolAnswer denied(String message) {
            return new ToolAnswer(false, message, false);
        }

        public static ToolAnswer stopped() {
            return new ToolAnswer(false, null, true);
        }
    }
}
