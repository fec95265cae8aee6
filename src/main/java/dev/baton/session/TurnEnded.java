package dev.baton.session;

import java.time.Duration;

/**
 * A turn ran and its result was recorded. Published inside the recording transaction.
 *
 * @param wall the time Baton measured from starting the CLI to recording the result
 * @param attempt the task attempt that ran it, or null for an interactive turn
 */
public record TurnEnded(TurnResult result, Duration wall, Integer attempt) {
}
