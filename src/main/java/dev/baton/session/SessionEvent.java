package dev.baton.session;

/** What live subscribers of a session receive: each message as it is persisted, and each turn's end. */
sealed interface SessionEvent {

    record Message(MessageView message) implements SessionEvent {
    }

    record TurnFinished(TurnResult result) implements SessionEvent {
    }
}
