package dev.baton.claude;

import tools.jackson.databind.JsonNode;

/** Any line whose type Baton does not model ({@code stream_event}, future types), kept raw. */
record OtherEvent(String type, String subtype, JsonNode raw) implements ClaudeEvent {

    @Override
    public String text() {
        return null;
    }

    @Override
    public String toolName() {
        return null;
    }
}
