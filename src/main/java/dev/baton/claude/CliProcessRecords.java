package dev.baton.claude;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notes each CLI process this node runs in a file {@code <dir>/<pid>}, and kills, at startup, the CLIs that a Baton
 * which died without shutting down left running.
 *
 * <p>A JVM killed with {@code kill -9} runs no shutdown hook, so its CLI children are re-parented and live on: a hung
 * one for ever, a working one spending tokens for nobody. Java cannot make a child die with its parent, so the next
 * Baton on the same data directory cleans up instead. A file names the CLI's pid and start time, its command, its
 * run marker (see {@link ClaudeCli#RUN_MARKER}) and the pid and start time of the JVM that started it. Only when that
 * JVM is gone, a leftover is killed with its whole process tree if a process with the same pid, the same start time
 * and the command in its command line still runs, so a recycled pid is never signalled and a second live Baton sharing
 * the directory keeps its CLIs; and so is every process that still carries the run's marker.
 */
final class CliProcessRecords {

    private static final Logger log = LoggerFactory.getLogger(CliProcessRecords.class);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private final Path dir;
    private final ProcessHandle self = ProcessHandle.current();

    private CliProcessRecords(Path dir) {
        this.dir = dir;
    }

    /** Records nothing: for a {@link ClaudeCli} built without a data directory. */
    static CliProcessRecords none() {
        return new CliProcessRecords(null);
    }

    static CliProcessRecords in(Path dir) {
        return new CliProcessRecords(dir);
    }

    /** @param runMarker the environment entry the CLI and everything it starts inherit */
    void started(Process process, String command, String runMarker) {
        if (dir == null) {
            return;
        }
        ProcessHandle cli = process.toHandle();
        String record = String.join("\n", Long.toString(cli.pid()), startOf(cli), Long.toString(self.pid()),
                startOf(self), command, runMarker) + "\n";
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(Long.toString(cli.pid())), record, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Only the clean-up after a crash depends on it; the turn itself goes on.
            log.warn("Could not record Claude CLI pid {} in {}: {}", cli.pid(), dir, e.toString());
        }
    }

    void ended(long pid) {
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve(Long.toString(pid)));
        } catch (IOException e) {
            log.debug("Could not remove the record of Claude CLI pid {}: {}", pid, e.toString());
        }
    }

    /** @return how many leftover CLI processes were killed */
    int killLeftovers() {
        if (dir == null || !Files.isDirectory(dir)) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.toList();
        } catch (IOException e) {
            log.warn("Could not read the Claude CLI records in {}: {}", dir, e.toString());
            return 0;
        }
        int killed = 0;
        for (Path file : files) {
            Optional<Record> record = read(file);
            if (record.isPresent() && record.get().ownerAlive()) {
                continue;
            }
            Optional<ProcessHandle> leftover = record.flatMap(Record::stillRunning);
            if (leftover.isPresent()) {
                log.warn("Killing Claude CLI pid {} and its processes, left running by Baton pid {} which died",
                        leftover.get().pid(), record.get().ownerPid());
                ProcessTree.kill(leftover.get(), KILL_WAIT);
                killed++;
            }
            // Tool commands of the dead run whose CLI already exited: re-parented, but they carry its marker.
            record.map(Record::runMarker).filter(m -> !m.isEmpty())
                    .ifPresent(marker -> ProcessTree.destroy(ProcessTree.withEnvironmentEntry(marker), KILL_WAIT));
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.debug("Could not remove {}: {}", file, e.toString());
            }
        }
        return killed;
    }

    private static Optional<Record> read(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() < 5) {
                return Optional.empty();
            }
            return Optional.of(new Record(Long.parseLong(lines.get(0)), lines.get(1), Long.parseLong(lines.get(2)),
                    lines.get(3), lines.get(4), lines.size() > 5 ? lines.get(5) : ""));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            log.debug("Ignoring unreadable Claude CLI record {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    /** The start time is what tells a process from a later one that got the same pid. */
    static String startOf(ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toString).orElse("");
    }

    private record Record(long pid, String start, long ownerPid, String ownerStart, String command,
            String runMarker) {

        boolean ownerAlive() {
            return ProcessHandle.of(ownerPid).filter(ProcessHandle::isAlive)
                    .filter(h -> !ownerStart.isEmpty() && ownerStart.equals(startOf(h))).isPresent();
        }

        Optional<ProcessHandle> stillRunning() {
            return ProcessHandle.of(pid).filter(ProcessTree::isRunning)
                    .filter(h -> !start.isEmpty() && start.equals(startOf(h)))
                    .filter(h -> commandLine(h.pid()).contains(command));
        }
    }

    private static String commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
