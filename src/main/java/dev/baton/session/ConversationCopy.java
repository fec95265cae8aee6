package dev.baton.session;

import java.nio.file.Path;
import java.util.UUID;

/**
 * This node's copy of a session's conversation during a turn.
 *
 * @param version the stored version the copy held when the turn began (0: nothing stored yet)
 */
record ConversationCopy(UUID sessionId, Path configDir, long version) {
}
