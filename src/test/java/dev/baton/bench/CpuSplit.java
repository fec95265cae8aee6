package dev.baton.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the machine's CPU went between two moments: the Baton JVM (with its in-process Temporal server), the CLI
 * processes it reaped, the embedded PostgreSQL, this driver JVM, and everything else on the machine.
 */
record CpuSplit(double baton, double cli, double database, double driver, double machine, double wallSeconds,
        Map<String, Double> batonThreads) {

    /** A reading to subtract a later one from. */
    record Mark(Proc.Cpu baton, Map<String, Double> batonThreads, double database, double driver, double machine,
            long nanos) {
    }

    static Mark mark(BatonNode node) {
        return new Mark(node.cpu(), Proc.jvmThreadCpu(node.pid()), node.databaseCpuSeconds(),
                Proc.cpu(ProcessHandle.current().pid()).self(), Proc.machineBusySeconds(), System.nanoTime());
    }

    static CpuSplit since(Mark start, BatonNode node) {
        Mark end = mark(node);
        Proc.Cpu baton = end.baton().minus(start.baton());
        Map<String, Double> threads = new LinkedHashMap<>();
        double internal = 0;
        for (String group : List.of(Proc.JIT, Proc.GC, Proc.VM)) {
            double spent = Math.max(0, end.batonThreads().getOrDefault(group, 0.0)
                    - start.batonThreads().getOrDefault(group, 0.0));
            threads.put(group, spent);
            internal += spent;
        }
        // Java threads come and go (request and carrier threads), so they are the rest of the process's CPU.
        threads.put(Proc.JAVA, Math.max(0, baton.self() - internal));
        return new CpuSplit(baton.self(), baton.children(), end.database() - start.database(),
                end.driver() - start.driver(), end.machine() - start.machine(), (end.nanos() - start.nanos()) / 1e9,
                threads);
    }

    /** Two intervals together, as if one. */
    CpuSplit plus(CpuSplit other) {
        Map<String, Double> threads = new LinkedHashMap<>(batonThreads);
        other.batonThreads.forEach((group, seconds) -> threads.merge(group, seconds, Double::sum));
        return new CpuSplit(baton + other.baton, cli + other.cli, database + other.database, driver + other.driver,
                machine + other.machine, wallSeconds + other.wallSeconds, threads);
    }

    /** The Baton JVM's CPU by kind of thread, each as a share of the JVM's CPU. */
    String batonThreadShares() {
        StringBuilder out = new StringBuilder();
        batonThreads.forEach((group, seconds) -> out.append(out.isEmpty() ? "" : ", ").append(group).append(' ')
                .append(Report.percent(baton == 0 ? 0 : seconds / baton)));
        return out.toString();
    }

    double other() {
        return Math.max(0, machine - baton - cli - database - driver);
    }

    /** A share of all cores over the interval, e.g. 0.5 = one of two cores busy the whole time. */
    double ofCores(double seconds) {
        return seconds / (wallSeconds * Runtime.getRuntime().availableProcessors());
    }

    String describe() {
        return String.format(java.util.Locale.ROOT,
                "Baton JVM %s, CLI processes %s, PostgreSQL %s, benchmark driver %s, other processes %s, idle %s",
                Report.percent(ofCores(baton)), Report.percent(ofCores(cli)), Report.percent(ofCores(database)),
                Report.percent(ofCores(driver)), Report.percent(ofCores(other())),
                Report.percent(Math.max(0, 1 - ofCores(machine))));
    }
}
