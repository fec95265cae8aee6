package dev.baton.claude;

/** The Claude CLI cannot be found or launched; the message says where Baton looked and how to fix it. */
public class ClaudeUnavailableException extends RuntimeException {

    public ClaudeUnavailableException(String message) {
        super(message);
    }

    public ClaudeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
