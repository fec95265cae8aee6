package dev.baton.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Keeps the Temporal SDK from logging Baton's expected failures as WARN stack traces. The SDK logs every failed
 * activity attempt and every failed workflow that way, about twenty lines each, although Baton meant them: a turn
 * that hit max_turns, a rejected key, a crash it will retry. Baton throws exactly those as {@link ApplicationFailure}s,
 * typed, and logs each ended turn and execution in one INFO line of its own. Anything else the SDK reports (an
 * exception Baton did not mean, a database error in an activity) keeps its stack trace.
 */
@Component
class ExpectedFailureLogFilter extends TurboFilter implements SmartInitializingSingleton {

    private static final String ACTIVITY_FAILURES = "io.temporal.internal.activity.ActivityTaskExecutors";
    private static final String WORKFLOW_FAILURES = "io.temporal.internal.sync.WorkflowExecutionHandler";

    ExpectedFailureLogFilter() {
        setName(ExpectedFailureLogFilter.class.getName());
    }

    /** Spring Boot resets Logback when it sets logging up, so the filter goes in once the beans exist. */
    @Override
    public void afterSingletonsInstantiated() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback
                && logback.getTurboFilterList().stream().noneMatch(f -> getName().equals(f.getName()))) {
            start();
            logback.addTurboFilter(this);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
            Throwable thrown) {
        if (level != Level.WARN || logger == null || !(logger.getName().startsWith(ACTIVITY_FAILURES)
                || logger.getName().equals(WORKFLOW_FAILURES))) {
            return FilterReply.NEUTRAL;
        }
        // SLF4J passes a trailing exception among the parameters; Logback takes it out only later.
        Throwable failure = thrown != null ? thrown
                : params != null && params.length > 0 && params[params.length - 1] instanceof Throwable t ? t : null;
        return failure instanceof ApplicationFailure ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
