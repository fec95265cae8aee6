package dev.baton.approval;

import java.util.UUID;

/** A request was allowed, denied or expired, and the CLI (while it lives) has been told. */
public record ApprovalDecided(UUID userId, ApprovalView approval) {
}
