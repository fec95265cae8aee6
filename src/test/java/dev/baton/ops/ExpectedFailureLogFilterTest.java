package dev.baton.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;

class ExpectedFailureLogFilterTest {

    private final LoggerContext context = new LoggerContext();
    private final ExpectedFailureLogFilter filter = new ExpectedFailureLogFilter();

    private FilterReply warn(String logger, Object... params) {
        return filter.decide(null, context.getLogger(logger), Level.WARN, "{} failure", params, null);
    }

    @Test
    void dropsTheSdksWarningsAboutFailuresBatonMeant() {
        ApplicationFailure expected = ApplicationFailure.newNonRetryableFailure("Claude used up its maxTurns", "max_turns");

        assertThat(warn("io.temporal.internal.activity.ActivityTaskExecutors$ActivityTaskExecutor", "Activity",
                expected)).isEqualTo(FilterReply.DENY);
        assertThat(warn("io.temporal.internal.sync.WorkflowExecutionHandler", "Workflow", expected))
                .isEqualTo(FilterReply.DENY);
    }

    @Test
    void keepsStackTracesOfAnythingBatonDidNotMean() {
        assertThat(warn("io.temporal.internal.activity.ActivityTaskExecutors$ActivityTaskExecutor", "Activity",
                new NullPointerException("a bug"))).isEqualTo(FilterReply.NEUTRAL);
        assertThat(warn("io.temporal.internal.worker.Poller", "Poller",
                ApplicationFailure.newFailure("elsewhere", "x"))).isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(null, context.getLogger("io.temporal.internal.sync.WorkflowExecutionHandler"),
                Level.ERROR, "x", null, ApplicationFailure.newFailure("worse", "x"))).isEqualTo(FilterReply.NEUTRAL);
    }
}
