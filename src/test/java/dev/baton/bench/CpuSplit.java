package dev.baton.bench;

/**
 * Where the machine's CPU went between two moments: the Baton JVM (with its in-process Temporal server), the CLI
 * processes it reaped, the embedded PostgreSQL, this driver JVM, and everything else on the machine.
 */
record CpuSplit(double baton, double cli, double database, double driver, double machine, double wallSeconds) {

    /** A reading to subtract a later one from. */
    record Mark(Proc.Cpu baton, double database, double driver, double machine, long nanos) {
    }

    static Mark mark(BatonNode node) {
        return new Mark(node.cpu(), node.databaseCpuSeconds(), Proc.cpu(ProcessHandle.current().pid()).self(),
                Proc.machineBusySeconds(), System.nanoTime());
    }

    static CpuSplit since(Mark start, BatonNode node) {
        Mark end = mark(node);
        Proc.Cpu baton = end.baton().minus(start.baton());
        return new CpuSplit(baton.self(), baton.children(), end.database() - start.database(),
                end.driver() - start.driver(), end.machine() - start.machine(), (end.nanos() - start.nanos()) / 1e9);
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
