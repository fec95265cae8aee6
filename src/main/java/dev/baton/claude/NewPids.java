package dev.baton.claude;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongPredicate;

/**
 * Which pids Linux has handed out since a CLI started, so that the look for its leftover tool processes reads only
 * the processes started since, not all of them.
 *
 * <p>The kernel hands out pids in order, wrapping at {@code pid_max}: whatever the CLI started has a pid after the
 * CLI's own and up to {@code ns_last_pid}, counted round the wrap. That holds while fewer than {@code pid_max} pids
 * were handed out in between, which {@link #observe()}, called now and then while the CLI runs, keeps count of by
 * reading one small file. Where the count is too high or the files are missing, every pid is a candidate.
 */
final class NewPids {

    private static final Path LAST_PID = Path.of("/proc/sys/kernel/ns_last_pid");
    private static final Path PID_MAX = Path.of("/proc/sys/kernel/pid_max");

    private final long start;
    private final long pidMax;
    private long last;
    private long handedOut;

    private NewPids(long start, long pidMax) {
        this.start = start;
        this.pidMax = pidMax;
        this.last = start;
    }

    /** @param pid the first process of interest, e.g. the CLI itself */
    static NewPids after(long pid) {
        return new NewPids(pid, read(PID_MAX));
    }

    /** Notes how many pids were handed out since the last look; cheap enough to call every few seconds. */
    synchronized void observe() {
        long now = read(LAST_PID);
        if (now <= 0 || pidMax <= 0) {
            handedOut = Long.MAX_VALUE;
            return;
        }
        handedOut += now >= last ? now - last : pidMax - last + now;
        last = now;
    }

    /** Pids handed out after the first one, up to now; every pid when that cannot be told. */
    synchronized LongPredicate candidates() {
        observe();
        if (handedOut >= pidMax / 2) {
            return pid -> true;
        }
        long from = start;
        long to = last;
        return from <= to ? pid -> pid > from && pid <= to : pid -> pid > from || pid <= to;
    }

    private static long read(Path file) {
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
