package dev.baton.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads what Linux keeps about a process under {@code /proc}: CPU times, memory, command lines. */
final class Proc {

    /** Clock ticks per second of the times in {@code /proc/<pid>/stat}; 100 on every Linux this runs on. */
    static final double TICKS_PER_SECOND = ticksPerSecond();

    private Proc() {
    }

    /**
     * CPU seconds of one process: its own (user + system) and its reaped children's (cutime + cstime, which
     * the kernel adds to a parent when it waits for a child that has exited).
     */
    record Cpu(double self, double children) {

        static final Cpu ZERO = new Cpu(0, 0);

        Cpu minus(Cpu earlier) {
            return new Cpu(self - earlier.self, children - earlier.children);
        }

        Cpu plus(Cpu other) {
            return new Cpu(self + other.self, children + other.children);
        }

        double total() {
            return self + children;
        }
    }

    /** The process's CPU, or zero when it is gone. */
    static Cpu cpu(long pid) {
        Optional<String> stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        if (stat.isEmpty()) {
            return Cpu.ZERO;
        }
        return parse(stat.get());
    }

    private static Cpu parse(String line) {
        // The command name (field 2) is in parentheses and may hold spaces; the fields after it start with state.
        String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
        double utime = Long.parseLong(f[11]);
        double stime = Long.parseLong(f[12]);
        double cutime = Long.parseLong(f[13]);
        double cstime = Long.parseLong(f[14]);
        return new Cpu((utime + stime) / TICKS_PER_SECOND, (cutime + cstime) / TICKS_PER_SECOND);
    }

    /**
     * CPU seconds (user + system) of a JVM's live threads, grouped by what they do: the JIT compilers, the garbage
     * collector, other VM threads, and Java threads (application, libraries and the carriers of virtual threads).
     * Threads that have exited are missing, so callers take "Java threads" as the rest of the process total.
     */
    static Map<String, Double> jvmThreadCpu(long pid) {
        Map<String, Double> groups = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                String comm = read(task.resolve("comm")).orElse("").trim();
                Cpu cpu = read(task.resolve("stat")).map(Proc::parse).orElse(Cpu.ZERO);
                groups.merge(jvmThreadGroup(comm), cpu.self(), Double::sum);
            });
        } catch (IOException e) {
            // The process is gone: no threads to report.
        }
        return groups;
    }

    /** On-CPU nanoseconds of each live thread of a process, from {@code /proc/<pid>/task/<tid>/schedstat}. */
    static Map<String, Long> threadCpuNanos(long pid) {
        Map<String, Long> threads = new java.util.HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                read(task.resolve("schedstat")).ifPresent(stat ->
                        threads.put(task.getFileName().toString(), Long.parseLong(stat.trim().split(" ")[0])));
            }
        } catch (IOException | RuntimeException e) {
            // The process is gone, or a thread vanished while being read: keep what was read.
        }
        return threads;
    }

    /** The pids of every live descendant of a process. */
    static List<Long> descendants(long pid) {
        return ProcessHandle.of(pid).map(h -> h.descendants().map(ProcessHandle::pid).toList()).orElse(List.of());
    }

    static final String JIT = "JIT compiler threads";
    static final String GC = "garbage collector threads";
    static final String VM = "other VM threads";
    static final String JAVA = "Java threads";

    /** Whether a thread of a JVM is one of its JIT compilers (by its name, as {@link #jvmThreadCpu} groups them). */
    static boolean isJitThread(long pid, String tid) {
        return read(Path.of("/proc", Long.toString(pid), "task", tid, "comm"))
                .map(comm -> JIT.equals(jvmThreadGroup(comm.trim()))).orElse(false);
    }

    private static String jvmThreadGroup(String comm) {
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
            return JIT;
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("GC ")) {
            return GC;
        }
        if (comm.startsWith("VM ") || comm.equals("Signal Dispatch") || comm.startsWith("Service Thread")
                || comm.startsWith("Sweeper") || comm.startsWith("Monitor Deflati") || comm.startsWith("Common-Cleaner")
                || comm.startsWith("Notification Th") || comm.startsWith("Attach Listener")
                || comm.startsWith("JFR ")) {
            return VM;
        }
        return JAVA;
    }

    /** {@code VmRSS} in bytes, or 0 when the process is gone. */
    static long rssBytes(long pid) {
        return statusField(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
    }

    /** The process's OS threads (a JVM's virtual threads are not among them, their carriers are), or 0. */
    static long threads(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "status"))
                .flatMap(text -> text.lines().filter(l -> l.startsWith("Threads:")).findFirst())
                .map(l -> Long.parseLong(l.substring("Threads:".length()).trim())).orElse(0L);
    }

    /**
     * Proportional set size in bytes: shared pages divided among the processes that share them, so the sum over
     * PostgreSQL's processes counts its shared buffers once rather than once per backend.
     */
    static long pssBytes(long pid) {
        return statusField(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:");
    }

    /** CPU seconds all processes of the machine spent busy since boot (every CPU together), from /proc/stat. */
    static double machineBusySeconds() {
        String first = read(Path.of("/proc/stat")).orElse("cpu 0 0 0 0").lines().findFirst().orElse("cpu 0 0 0 0");
        String[] f = first.trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            // user nice system idle iowait irq softirq steal: everything but idle (4) and iowait (5)
            if (i != 4 && i != 5) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy / TICKS_PER_SECOND;
    }

    static String commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** Every live process whose command line contains {@code text}. */
    static List<Long> pidsWithCommandLine(String text) {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong).filter(pid -> commandLine(pid).contains(text)).forEach(pids::add);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return pids;
    }

    static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long statusField(Path file, String field) {
        return read(file).flatMap(text -> text.lines().filter(l -> l.startsWith(field)).findFirst())
                .map(l -> Long.parseLong(l.substring(field.length()).trim().split("\\s+")[0]) * 1024)
                .orElse(0L);
    }

    private static double ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            getconf.waitFor();
            return Double.parseDouble(out);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
