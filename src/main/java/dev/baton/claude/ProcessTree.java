package dev.baton.claude;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kills a process together with everything it started, so no tool command outlives a cancelled turn. */
final class ProcessTree {

    private static final Logger log = LoggerFactory.getLogger(ProcessTree.class);

    private static final int MAX_ROUNDS = 5;
    private static final long EXIT_POLL_MILLIS = 10;
    private static final Duration SETTLE_WAIT = Duration.ofSeconds(1);
    private static final long SETTLE_POLL_MILLIS = 5;

    private ProcessTree() {
    }

    /**
     * Kills the descendants first, round after round until none is left, while the root is still alive to
     * reap them; then the root. Killing the root first would re-parent its children to init, out of
     * {@link Process#descendants()}' sight, and leave them as zombies until init reaps them.
     */
    static void kill(Process root, Duration wait) {
        killDescendants(root.toHandle(), wait);
        root.destroyForcibly();
        try {
            if (!root.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Claude CLI pid {} still alive {} after SIGKILL", root.pid(), wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Kills a process that is not our child (a CLI a dead Baton left behind) with its descendants, the same way:
     * descendants first while it can still reap them, then the process itself.
     */
    static void kill(ProcessHandle root, Duration wait) {
        killDescendants(root, wait);
        destroy(List.of(root), wait);
    }

    private static void killDescendants(ProcessHandle root, Duration wait) {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<ProcessHandle> targets = root.descendants().filter(ProcessTree::isRunning).toList();
            if (targets.isEmpty()) {
                return;
            }
            destroy(targets, wait);
        }
    }

    /**
     * Running processes whose environment holds exactly {@code entry} ({@code NAME=value}), found through
     * {@code /proc}; empty where there is no {@code /proc}. Unlike {@link Process#descendants()} this still finds a
     * child whose parent died and which was re-parented away.
     */
    static List<ProcessHandle> withEnvironmentEntry(String entry) {
        return withEnvironmentEntry(entry, pid -> true);
    }

    /**
     * {@link #withEnvironmentEntry(String)} among the pids {@code candidates} accepts only: reading a process's
     * environment is the costly part, and a run's processes are only among those started since it began.
     *
     * <p>A process in the middle of {@code exec} shows an empty environment for a moment: the kernel has swapped in
     * the new program's memory but not yet laid out its environment. A tool the CLI forked just before it exited is
     * often caught there (about one time in four in a tight loop), so such processes are looked at again, for up to
     * {@link #SETTLE_WAIT}, until they show one. Kernel threads, whose environment is always empty, are left out.
     */
    static List<ProcessHandle> withEnvironmentEntry(String entry, LongPredicate candidates) {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return List.of();
        }
        byte[] wanted = ("\0" + entry + "\0").getBytes(StandardCharsets.ISO_8859_1);
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> found = new ArrayList<>();
        List<Long> unsettled = new ArrayList<>();
        try (var entries = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path dir : entries) {
                long pid = Long.parseLong(dir.getFileName().toString());
                if (pid != self && candidates.test(pid)) {
                    look(pid, wanted, found, unsettled);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Could not scan /proc for {}: {}", entry, e.toString());
        }
        long deadline = System.nanoTime() + SETTLE_WAIT.toNanos();
        while (!unsettled.isEmpty() && System.nanoTime() < deadline && pause()) {
            List<Long> again = List.copyOf(unsettled);
            unsettled.clear();
            again.forEach(pid -> look(pid, wanted, found, unsettled));
        }
        return found;
    }

    /** Adds the process to {@code found} if its environment holds the entry, to {@code unsettled} if it has none. */
    private static void look(long pid, byte[] wanted, List<ProcessHandle> found, List<Long> unsettled) {
        byte[] environ = read(Path.of("/proc", Long.toString(pid), "environ"));
        if (environ == null) {
            return;
        }
        if (environ.length == 0) {
            if (!isKernelThread(pid)) {
                unsettled.add(pid);
            }
            return;
        }
        if (contains(environ, wanted)) {
            ProcessHandle.of(pid).filter(ProcessTree::isRunning).ifPresent(found::add);
        }
    }

    /** Whether the NUL-separated entries hold {@code wanted} (an entry between NULs), the first one included. */
    private static boolean contains(byte[] environ, byte[] wanted) {
        byte[] entries = new byte[environ.length + 1];
        System.arraycopy(environ, 0, entries, 1, environ.length);
        return indexOf(entries, wanted) >= 0;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** kthreadd (pid 2) and its children; their environment is empty for good. */
    private static boolean isKernelThread(long pid) {
        if (pid == 2) {
            return true;
        }
        byte[] stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        if (stat == null) {
            return true;
        }
        String text = new String(stat, StandardCharsets.ISO_8859_1);
        String[] fields = text.substring(text.lastIndexOf(')') + 1).strip().split(" ");
        return fields.length > 1 && fields[1].equals("2");
    }

    /** The file's bytes; null when it cannot be read (the process is gone, or not ours). */
    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean pause() {
        try {
            Thread.sleep(SETTLE_POLL_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Kills the given processes and waits until they have exited. */
    static void destroy(Collection<ProcessHandle> handles, Duration wait) {
        List<ProcessHandle> running = handles.stream().filter(ProcessTree::isRunning).toList();
        running.forEach(ProcessHandle::destroyForcibly);
        // Polled rather than onExit(): for processes that are not our children the JDK checks only every
        // 300 ms or more.
        long deadline = System.nanoTime() + wait.toNanos();
        for (ProcessHandle handle : running) {
            while (isRunning(handle)) {
                if (System.nanoTime() > deadline) {
                    log.warn("Process {} started by the Claude CLI did not exit after SIGKILL", handle.pid());
                    break;
                }
                try {
                    Thread.sleep(EXIT_POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Alive and not a zombie. {@link ProcessHandle#isAlive()} still says true for a process that has exited
     * but whose parent has not reaped it yet; on Linux {@code /proc/<pid>/stat} tells the two apart.
     */
    static boolean isRunning(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"));
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }
}
