package dev.baton.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the postmaster that a killed Baton left running on its data directory.
 *
 * <p>The embedded PostgreSQL is started through {@code pg_ctl}, so the postmaster is not a child that dies with the
 * JVM: after {@code kill -9} (or an out-of-memory kill) it keeps running, holds {@code postmaster.pid}, and the next
 * start on the same directory fails with "lock file postmaster.pid already exists". Before starting, Baton therefore
 * stops that postmaster, but only when all of these hold:
 * <ul>
 * <li>no live JVM holds the embedded database's own lock on the directory ({@code epg-lock}, taken by every running
 * Baton for as long as it runs), so the postmaster belongs to a dead one;</li>
 * <li>{@code postmaster.pid} names this very directory;</li>
 * <li>the process with that pid runs a {@code postgres} binary with {@code -D} this directory, so a recycled pid of
 * some other program is never signalled.</li>
 * </ul>
 * It gets SIGTERM, PostgreSQL's "smart" shutdown, which is quick here: the dead JVM's connections are gone. Once it
 * has exited, the next start recovers from the write-ahead log as after any crash.
 */
final class StalePostmaster {

    private static final Logger log = LoggerFactory.getLogger(StalePostmaster.class);

    /** The lock file of io.zonky's EmbeddedPostgres; it locks it with {@code tryLock()} while it runs. */
    static final String EMBEDDED_LOCK = "epg-lock";

    private StalePostmaster() {
    }

    /**
     * @return the pid of the postmaster that was stopped, if one was
     * @throws IllegalStateException when a stale postmaster did not exit within {@code wait}
     */
    static Optional<Long> stopIfLeftBehind(Path dataDirectory, Duration wait) throws IOException {
        Path dir = dataDirectory.toRealPath();
        if (!Files.exists(dir.resolve("postmaster.pid"))) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(dir.resolve(EMBEDDED_LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
            if (lock == null) {
                // A live Baton runs on this directory; its database is not ours to stop.
                return Optional.empty();
            }
            Optional<ProcessHandle> postmaster = recordedPostmaster(dir);
            if (postmaster.isEmpty()) {
                return Optional.empty();
            }
            ProcessHandle handle = postmaster.get();
            log.warn("Stopping PostgreSQL pid {} that a Baton which did not shut down left running on {}",
                    handle.pid(), dir);
            handle.destroy();
            try {
                handle.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("PostgreSQL pid " + handle.pid() + " left running on " + dir
                        + " did not stop within " + wait + "; stop it and start Baton again");
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while stopping PostgreSQL pid " + handle.pid());
            }
            return Optional.of(handle.pid());
        }
    }

    /** The postmaster {@code postmaster.pid} names, when it is alive and really is postgres on {@code dir}. */
    static Optional<ProcessHandle> recordedPostmaster(Path dir) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(dir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (lines.size() < 2 || !samePath(lines.get(1).strip(), dir)) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> runsPostgresOn(h.pid(), dir));
    }

    static boolean runsPostgresOn(long pid, Path dir) {
        List<String> argv;
        try {
            argv = split(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")));
        } catch (IOException e) {
            return false;
        }
        if (argv.isEmpty() || !Path.of(argv.getFirst()).getFileName().toString().equals("postgres")) {
            return false;
        }
        for (int i = 1; i < argv.size() - 1; i++) {
            if (argv.get(i).equals("-D") && samePath(argv.get(i + 1), dir)) {
                return true;
            }
        }
        return false;
    }

    private static boolean samePath(String recorded, Path dir) {
        try {
            return Path.of(recorded).toRealPath().equals(dir);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static List<String> split(byte[] nulSeparated) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < nulSeparated.length; i++) {
            if (nulSeparated[i] == 0) {
                parts.add(new String(nulSeparated, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return parts;
    }
}
