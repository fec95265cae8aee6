package dev.baton.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A test class that starts Baton as separate JVMs and spends most of its time waiting on them: it runs in the second
 * lane, beside the in-process tests (see {@code junit-platform.properties}). Its methods inherit the concurrent mode,
 * so a class whose methods depend on their order marks each {@code @Execution(SAME_THREAD)}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
public @interface SeparateJvms {
}
