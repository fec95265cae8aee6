package dev.baton.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Precise CPU time of processes over an interval, in nanoseconds rather than the 10 ms ticks of
 * {@code /proc/<pid>/stat}, which are too coarse to tell 1 ms/s of one waiting turn from nothing. It samples every
 * thread's on-CPU time ({@link Proc#threadCpuNanos}) four times a second and adds up how far each thread got, so a
 * thread that exits in between (a pool trimming an idle thread) keeps what it had used when last seen. The sampling
 * runs in the driver, not in the measured process.
 */
final class CpuMeter implements AutoCloseable {

    private static final long SAMPLE_MILLIS = 250;

    private final Supplier<List<Long>> pids;
    private final Map<String, Long> first = new HashMap<>();
    private final Map<String, Long> last = new HashMap<>();
    /** The threads that are JIT compilers, whose time is also given apart: compiling is warm-up, not steady work. */
    private final Set<String> jit = new HashSet<>();
    private final Thread sampler;
    private final long startNanos = System.nanoTime();
    private volatile boolean running = true;

    private CpuMeter(Supplier<List<Long>> pids) {
        this.pids = pids;
        sample(true);
        sampler = Thread.ofPlatform().daemon().name("cpu-meter").start(this::run);
    }

    /** Meters the processes {@code pids} names at each sample (asked again each time, so new ones count). */
    static CpuMeter start(Supplier<List<Long>> pids) {
        return new CpuMeter(pids);
    }

    static CpuMeter start(long pid) {
        return start(() -> List.of(pid));
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            sample(false);
        }
    }

    private synchronized void sample(boolean initial) {
        for (long pid : pids.get()) {
            Proc.threadCpuNanos(pid).forEach((tid, nanos) -> {
                String key = pid + "/" + tid;
                // A thread first seen after the start was born since: all of its time is in the interval.
                if (first.putIfAbsent(key, initial ? nanos : 0L) == null && Proc.isJitThread(pid, tid)) {
                    jit.add(key);
                }
                last.put(key, nanos);
            });
        }
    }

    /** Stops sampling; answers the CPU seconds used since the start, and the wall seconds it took. */
    synchronized Reading stop() {
        running = false;
        sampler.interrupt();
        sample(false);
        long nanos = 0;
        long jitNanos = 0;
        for (var entry : last.entrySet()) {
            long spent = entry.getValue() - first.get(entry.getKey());
            nanos += spent;
            jitNanos += jit.contains(entry.getKey()) ? spent : 0;
        }
        return new Reading(nanos / 1e9, (System.nanoTime() - startNanos) / 1e9, jitNanos / 1e9);
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }

    /** @param jitSeconds the part of {@code cpuSeconds} that JIT compiler threads used */
    record Reading(double cpuSeconds, double wallSeconds, double jitSeconds) {

        double perSecond() {
            return cpuSeconds / wallSeconds;
        }

        double perSecondWithoutJit() {
            return (cpuSeconds - jitSeconds) / wallSeconds;
        }
    }
}
