package dev.baton.session;

import java.time.Duration;
import java.util.UUID;

/**
 * A node brought its copy of a session's conversation up to the stored version before a turn.
 *
 * @param files how many files it wrote
 * @param bytes their length
 * @param took reading, decompressing and writing them
 */
public record ConversationRestored(UUID sessionId, int files, long bytes, Duration took) {
}
