package dev.baton.claude;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@EnabledOnOs(OS.LINUX)
class NewPidsTest {

    @Test
    void acceptsProcessesStartedAfterTheFirstAndNotThoseBefore() throws Exception {
        Process first = new ProcessBuilder("sleep", "30").start();
        Process later = null;
        try {
            NewPids pids = NewPids.after(first.pid());
            later = new ProcessBuilder("sleep", "30").start();
            LongPredicate candidates = pids.candidates();
            assertThat(candidates.test(later.pid())).isTrue();
            assertThat(candidates.test(first.pid())).isFalse();
        } finally {
            first.destroyForcibly();
            if (later != null) {
                later.destroyForcibly();
            }
        }
    }
}
