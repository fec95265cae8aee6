package dev.baton.task;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** How Temporal retries a task's attempts; the activity options are built from it. */
@Embeddable
public record RetryPolicy(
        @Column(name = "retry_max_attempts") int maxAttempts,
        @Column(name = "retry_initial_interval_seconds") int initialIntervalSeconds,
        @Column(name = "retry_backoff_coefficient") double backoffCoefficient,
        @Column(name = "retry_maximum_interval_seconds") int maximumIntervalSeconds) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(3, 5, 2.0, 300);
}
