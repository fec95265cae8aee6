package dev.baton.execution;

/** Sent by a running attempt to its workflow, so the query can tell how far it got. */
public record ProgressUpdate(int attempt, int messagesSoFar, String lastToolUsed) {
}
