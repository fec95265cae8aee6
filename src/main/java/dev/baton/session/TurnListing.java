package dev.baton.session;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One turn of a session, in brief: what a task execution lists of its attempts and continuations. */
public record TurnListing(UUID turnId, Integer attempt, String status, String errorType, BigDecimal costUsd,
        Integer numTurns, Instant startedAt, Instant finishedAt) {
}
