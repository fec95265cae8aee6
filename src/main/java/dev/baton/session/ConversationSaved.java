package dev.baton.session;

import java.time.Duration;
import java.util.UUID;

/**
 * A turn's changes to its conversation were stored, in the transaction that records the turn's end.
 *
 * @param parts how many file parts were written
 * @param rawBytes their length before compression
 * @param storedBytes their length as stored
 * @param took reading, compressing and writing them
 */
public record ConversationSaved(UUID sessionId, int parts, long rawBytes, long storedBytes, Duration took) {
}
