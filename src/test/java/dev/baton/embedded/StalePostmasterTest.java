package dev.baton.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guards around stopping a postmaster left behind: only a live postgres on this very directory is stopped. The
 * stop itself is proven end to end by {@code reliability.EmbeddedBatonKillTest}.
 */
class StalePostmasterTest {

    @TempDir
    Path dir;

    private Process other;

    @AfterEach
    void stopOther() {
        if (other != null) {
            other.descendants().forEach(ProcessHandle::destroyForcibly);
            other.destroyForcibly();
        }
    }

    @Test
    void aPidFileNamingSomeOtherProgramStopsNothing() throws Exception {
        other = new ProcessBuilder("sleep", "300").start();
        Files.writeString(dir.resolve("postmaster.pid"), other.pid() + "\n" + dir.toRealPath() + "\n");

        assertThat(StalePostmaster.stopIfLeftBehind(dir, Duration.ofSeconds(5))).isEmpty();
        assertThat(other.isAlive()).as("a recycled pid is never signalled").isTrue();
    }

    @Test
    void aPidFileOfAnotherDirectoryStopsNothing() throws Exception {
        other = postgresLookalike(Path.of("/somewhere/else"));
        Files.writeString(dir.resolve("postmaster.pid"), other.pid() + "\n/somewhere/else\n");

        assertThat(StalePostmaster.stopIfLeftBehind(dir, Duration.ofSeconds(5))).isEmpty();
        assertThat(other.isAlive()).isTrue();
    }

    @Test
    void postgresIsRecognisedByItsBinaryAndDataDirectory() throws Exception {
        Path real = dir.toRealPath();
        other = postgresLookalike(real);
        org.awaitility.Awaitility.await().until(() -> StalePostmaster.runsPostgresOn(other.pid(), real));

        assertThat(StalePostmaster.runsPostgresOn(other.pid(), Files.createDirectories(dir.resolve("other"))))
                .isFalse();
        assertThat(StalePostmaster.runsPostgresOn(ProcessHandle.current().pid(), real)).isFalse();
    }

    @Test
    void aLeftoverPostmasterOfThisDirectoryIsStopped() throws Exception {
        Path real = dir.toRealPath();
        other = postgresLookalike(real);
        org.awaitility.Awaitility.await().until(() -> StalePostmaster.runsPostgresOn(other.pid(), real));
        Files.writeString(dir.resolve("postmaster.pid"), other.pid() + "\n" + real + "\n");

        assertThat(StalePostmaster.stopIfLeftBehind(dir, Duration.ofSeconds(10))).contains(other.pid());
        assertThat(other.isAlive()).isFalse();
    }

    /** A process whose argv looks like pg_ctl's postmaster: {@code .../bin/postgres -D <dir>}; exec -a names it. */
    private static Process postgresLookalike(Path dataDir) throws java.io.IOException {
        // It waits in the read builtin on its open stdin, so there is no child to leave behind.
        return new ProcessBuilder("bash", "-c", "exec -a /opt/pg/bin/postgres bash -c 'read -r -t 300 _' x -D \"$0\"",
                dataDir.toString()).start();
    }
}
