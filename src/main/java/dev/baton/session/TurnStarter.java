package dev.baton.session;

import java.util.Locale;

/**
 * Who started a turn: a REST query, a WebSocket query or a task execution. It is the prefix of the session's lease
 * owner ({@code rest:<id>}, {@code websocket:<id>}, {@code execution:<executionId>}), so any node can tell who holds a
 * session from the database alone.
 */
public enum TurnStarter {
    REST,
    WEBSOCKET,
    EXECUTION;

    public String jsonValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The lease owner of a turn this starter runs; for an execution {@code id} is its execution id. */
    public String owner(Object id) {
        return jsonValue() + ":" + id;
    }

    /** The starter named by a lease owner, or null for an owner of no known shape. */
    static TurnStarter ofOwner(String owner) {
        if (owner == null) {
            return null;
        }
        for (TurnStarter starter : values()) {
            if (owner.startsWith(starter.jsonValue() + ":")) {
                return starter;
            }
        }
        return null;
    }

    /** The id after the prefix of a lease owner. */
    static String idOf(String owner) {
        return owner.substring(owner.indexOf(':') + 1);
    }
}
