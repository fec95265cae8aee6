package dev.baton.claude;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FailureTypeTest {

    @Test
    void codesAreLowercaseSnakeCase() {
        assertThat(FailureType.BAD_REQUEST.code()).isEqualTo("bad_request");
        assertThat(FailureType.INVALID_CONFIGURATION.code()).isEqualTo("invalid_configuration");
        assertThat(FailureType.CANCELLED.code()).isEqualTo("cancelled");
    }

    @Test
    void onlyTransientFailuresAreRetryable() {
        assertThat(Arrays.stream(FailureType.values()).filter(FailureType::retryable)).containsExactlyInAnyOrder(
                FailureType.RATE_LIMITED, FailureType.OVERLOADED, FailureType.SERVER_ERROR, FailureType.CLI_CRASHED,
                FailureType.TIMED_OUT, FailureType.WORKSPACE_UNAVAILABLE, FailureType.SESSION_BUSY,
                FailureType.CAPACITY, FailureType.USER_CONCURRENCY, FailureType.UNAVAILABLE,
                FailureType.WORKER_SHUTDOWN);
    }

    @Test
    void theDoNotRetryListIsEveryPermanentFailureAndNoOther() {
        assertThat(FailureType.permanentTemporalTypes()).contains("execution_ended", "not_found", "invalid_variables",
                "cli_missing", "invalid_configuration", "budget_exceeded", "budget_exhausted", "approval_expired")
                .doesNotContain("capacity", "session_busy", "worker_shutdown",
                "timed_out");
    }

    @Test
    void eachCodeCarriesTheStatusTheApiAnswersWith() {
        assertThat(FailureType.CAPACITY.httpStatus().value()).isEqualTo(429);
        assertThat(FailureType.CLI_MISSING.httpStatus().value()).isEqualTo(503);
        assertThat(FailureType.WORKSPACE_UNAVAILABLE.httpStatus().value()).isEqualTo(503);
        assertThat(FailureType.NOT_FOUND.httpStatus().value()).isEqualTo(404);
        assertThat(FailureType.BUDGET_EXHAUSTED.httpStatus().value()).isEqualTo(402);
        assertThat(FailureType.USER_CONCURRENCY.httpStatus().value()).isEqualTo(429);
        assertThat(FailureType.SESSION_BUSY.temporalType()).isEqualTo("session_busy");
    }
}
