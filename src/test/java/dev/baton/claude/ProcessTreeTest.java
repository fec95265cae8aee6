package dev.baton.claude;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The look by run marker must find a tool the CLI forked just before it exited. Such a child is often still in the
 * middle of {@code exec} when the look runs, with an empty environment for a moment; a single pass over
 * {@code /proc} missed it about one time in four, and CI caught the leftover {@code sleep}.
 */
@EnabledOnOs(OS.LINUX)
class ProcessTreeTest {

    private static final int RUNS = 40;

    private final List<ProcessHandle> leftovers = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        leftovers.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void findsTheToolAParentForkedJustBeforeItExitedEveryTime() throws Exception {
        int missed = 0;
        for (int run = 0; run < RUNS; run++) {
            String value = UUID.randomUUID().toString();
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", "sleep 600 & exit 3");
            builder.environment().put("BATON_TEST_RUN", value);
            Process parent = builder.start();
            NewPids newPids = NewPids.after(parent.pid());
            parent.waitFor();

            List<ProcessHandle> found = ProcessTree.withEnvironmentEntry("BATON_TEST_RUN=" + value,
                    newPids.candidates());

            leftovers.addAll(found);
            if (found.size() != 1) {
                missed++;
                leftovers.addAll(ProcessTree.withEnvironmentEntry("BATON_TEST_RUN=" + value));
            }
            ProcessTree.destroy(found, java.time.Duration.ofSeconds(5));
        }
        assertThat(missed).as("runs whose forked sleep the look missed").isZero();
    }
}
