package dev.baton.claude;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a starting Baton does with the CLI records a crashed one left in the data directory. */
class CliProcessRecordsTest {

    @TempDir
    Path records;

    private Process cli;

    @AfterEach
    void killTheStandIn() {
        if (cli != null) {
            cli.descendants().forEach(ProcessHandle::destroyForcibly);
            cli.destroyForcibly();
        }
    }

    @Test
    void killsTheCliOfADeadBatonWithItsChildren() throws Exception {
        cli = standInCli();
        ProcessHandle child = awaitChild(cli);
        long deadOwner = deadPid();
        write(cli.toHandle(), deadOwner, "2020-01-01T00:00:00Z", "sh");

        int killed = CliProcessRecords.in(records).killLeftovers();

        assertThat(killed).isEqualTo(1);
        assertThat(cli.waitFor(5, TimeUnit.SECONDS)).as("the leftover CLI is dead").isTrue();
        assertThat(ProcessTree.isRunning(child)).as("its child is dead too").isFalse();
        assertThat(records).isEmptyDirectory();
    }

    @Test
    void leavesTheCliOfALiveBatonAlone() throws Exception {
        cli = standInCli();
        ProcessHandle self = ProcessHandle.current();
        write(cli.toHandle(), self.pid(), CliProcessRecords.startOf(self), "sh");

        assertThat(CliProcessRecords.in(records).killLeftovers()).isZero();
        assertThat(cli.isAlive()).isTrue();
    }

    @Test
    void neverSignalsAProcessThatMerelyReusedThePid() throws Exception {
        cli = standInCli();
        // Same pid, but a start time that is not this process's: the recorded CLI is long gone.
        Files.writeString(records.resolve(Long.toString(cli.pid())), String.join("\n", Long.toString(cli.pid()),
                "2020-01-01T00:00:00Z", Long.toString(deadPid()), "2020-01-01T00:00:00Z", "sh") + "\n");

        assertThat(CliProcessRecords.in(records).killLeftovers()).isZero();
        assertThat(cli.isAlive()).isTrue();
        assertThat(records).as("the stale record is dropped").isEmptyDirectory();
    }

    @Test
    void aRecordLastsAsLongAsItsRun() throws Exception {
        cli = standInCli();
        CliProcessRecords live = CliProcessRecords.in(records);

        live.started(cli, "sh", "BATON_CLI_RUN=test");
        assertThat(records.resolve(Long.toString(cli.pid()))).exists();
        live.ended(cli.pid());

        assertThat(records).isEmptyDirectory();
    }

    @Test
    void killsAToolCommandOfADeadBatonWhoseCliAlreadyExited() throws Exception {
        String marker = "BATON_CLI_RUN=" + java.util.UUID.randomUUID();
        // A tool command that outlived its CLI: re-parented, so only the marker it inherited ties it to the run.
        var builder = new ProcessBuilder("sleep", "300");
        builder.environment().put("BATON_CLI_RUN", marker.substring("BATON_CLI_RUN=".length()));
        cli = builder.start();
        long goneCli = deadPid();
        Files.writeString(records.resolve(Long.toString(goneCli)), String.join("\n", Long.toString(goneCli),
                "2020-01-01T00:00:00Z", Long.toString(deadPid()), "2020-01-01T00:00:00Z", "sh", marker) + "\n");

        CliProcessRecords.in(records).killLeftovers();

        assertThat(cli.waitFor(5, TimeUnit.SECONDS)).as("the leftover tool command is dead").isTrue();
    }

    /** A shell with a child of its own, like a CLI running a tool command. */
    private static Process standInCli() throws IOException {
        return new ProcessBuilder("sh", "-c", "sleep 300 & wait").start();
    }

    private static ProcessHandle awaitChild(Process process) {
        return org.awaitility.Awaitility.await().until(() -> process.descendants().findFirst(),
                java.util.Optional::isPresent).orElseThrow();
    }

    /** The pid of a process that has exited. */
    private static long deadPid() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        return gone.pid();
    }

    private void write(ProcessHandle handle, long owner, String ownerStart, String command) throws IOException {
        Files.writeString(records.resolve(Long.toString(handle.pid())), String.join("\n", Long.toString(handle.pid()),
                CliProcessRecords.startOf(handle), Long.toString(owner), ownerStart, command) + "\n");
    }
}
