package dev.baton.testing;

import tools.jackson.databind.JsonNode;

/** One queued answer of {@link StubAnthropicApi}; each is used for exactly one conversation request. */
sealed interface StubReply {

    /** A reply the stub turns into an assistant message, streamed or as plain JSON. */
    sealed interface Answer extends StubReply {
    }

    record Text(String text) implements Answer {
    }

    record ToolUse(String toolName, JsonNode input) implements Answer {
    }

    record Error(int status, String errorType, String message) implements StubReply {
    }

    /**
     * Starts a stream and breaks it with an SSE {@code error} event, as the real API does when it gets
     * overloaded mid-answer. A non-streaming request gets the error as an HTTP 529-style response instead.
     */
    record StreamError(String errorType, String message) implements StubReply {
    }

    /** Holds the request open until the stub closes, to look like an API that stopped answering. */
    record Hang() implements StubReply {
    }
}
