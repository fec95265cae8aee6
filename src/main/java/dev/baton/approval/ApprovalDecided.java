package dev.baton.approval;

import java.util.UUID;

/**
 * A request was allowed, denied or expired, and the CLI that waited for it (while it lives) has been told; published
 * once, on the node where that CLI waited.
 */
public record ApprovalDecided(UUID userId, ApprovalView approval) {
}
