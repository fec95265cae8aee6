package dev.baton.session;

import dev.baton.approval.ApprovalView;

/** What live subscribers of a session receive: each message as it is persisted, and each turn's end. */
sealed interface SessionEvent {

    record Message(MessageView message) implements SessionEvent {
    }

    record TurnFinished(TurnResult result) implements SessionEvent {
    }

    /** A tool call waits for a decision ({@code approval_request}), or was decided ({@code approval_decision}). */
    record Approval(String frameType, ApprovalView approval) implements SessionEvent {
    }
}
