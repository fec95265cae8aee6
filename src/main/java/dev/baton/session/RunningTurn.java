package dev.baton.session;

import java.time.Instant;
import java.util.UUID;

/**
 * The turn a session runs now, as {@code GET /api/v1/sessions/{id}} shows it.
 *
 * @param startedBy {@code rest}, {@code websocket} or {@code execution}
 * @param executionId the task execution running it, when {@code startedBy} is {@code execution}
 */
record RunningTurn(UUID id, Instant startedAt, String startedBy, UUID executionId) {
}
