package dev.baton.claude;

import tools.jackson.databind.JsonNode;

/** One line of the CLI's {@code --output-format stream-json} output. */
public sealed interface ClaudeEvent permits SystemEvent, AssistantEvent, UserEvent, ResultEvent, OtherEvent {

    /** {@code system}, {@code assistant}, {@code user}, {@code result}, or whatever the line's type was. */
    String type();

    /** May be null. */
    String subtype();

    /** The whole parsed line, for anything the typed fields leave out. */
    JsonNode raw();

    /** Human-readable text carried by the line, or null. */
    String text();

    /** The tool this line is about, or null. */
    String toolName();
}
