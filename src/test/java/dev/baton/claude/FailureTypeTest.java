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
                FailureType.TIMED_OUT, FailureType.WORKSPACE_UNAVAILABLE);
    }
}
