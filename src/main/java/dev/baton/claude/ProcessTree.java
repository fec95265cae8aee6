package dev.baton.claude;

import java.io.IOException;
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
     */
    static List<ProcessHandle> withEnvironmentEntry(String entry, LongPredicate candidates) {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return List.of();
        }
        String wanted = "\0" + entry + "\0";
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> found = new ArrayList<>();
        try (var entries = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path dir : entries) {
                long pid = Long.parseLong(dir.getFileName().toString());
                if (pid != self && candidates.test(pid) && environHas(dir.resolve("environ"), wanted)) {
                    ProcessHandle.of(pid).filter(ProcessTree::isRunning).ifPresent(found::add);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Could not scan /proc for {}: {}", entry, e.toString());
        }
        return found;
    }

    /** @param wanted the entry between NULs; environ is NUL-separated, read byte for byte as Latin-1 */
    private static boolean environHas(Path environ, String wanted) {
        try {
            String entries = new String(Files.readAllBytes(environ), java.nio.charset.StandardCharsets.ISO_8859_1);
            return ("\0" + entries).contains(wanted);
        } catch (IOException | RuntimeException e) {
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
