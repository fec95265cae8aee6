package dev.baton.approval;

import java.util.UUID;

/** A tool call waits for a decision; published inside the transaction that stored it. */
public record ApprovalRequested(UUID userId, ApprovalView approval) {
}
