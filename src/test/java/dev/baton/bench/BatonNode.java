package dev.baton.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Baton under test: {@code dev.baton.BatonApplication} in a JVM of its own, started from the test classpath with
 * the embedded PostgreSQL and the embedded Temporal server, so that its CPU and memory can be read from
 * {@code /proc}. The embedded PostgreSQL's server is found by its data directory, because {@code pg_ctl} detaches
 * it from the JVM.
 */
final class BatonNode implements AutoCloseable {

    static final String ADMIN_KEY = "bench-admin-key-0123456789abcdef";
    /** The JVM options Baton ships with (the pom's {@code baton.jvm.options}), so the figures are the users'. */
    static final String JVM_OPTIONS = System.getProperty("benchmark.batonJvmOptions", "").strip();

    private final String name;
    private final Path dataDir;
    private final Path log;
    private final Process process;
    private final long startedNanos;
    private final Http http;
    private long postmasterPid = -1;

    private BatonNode(String name, Path dataDir, Path log, Process process, long startedNanos, int port) {
        this.name = name;
        this.dataDir = dataDir;
        this.log = log;
        this.process = process;
        this.startedNanos = startedNanos;
        this.http = new Http(port, ADMIN_KEY);
    }

    /**
     * @param cliEnvironment extra variables for every CLI process ({@code baton.claude.environment})
     * @param environment extra variables for the Baton JVM itself
     */
    static BatonNode start(String name, Path runDir, Path dataDir, Path cliCommand, int maxConcurrent,
            Map<String, String> cliEnvironment, Map<String, String> environment) throws IOException {
        int port = freePort();
        Path workflows = Files.createDirectories(runDir.resolve("workflows"));
        Path log = runDir.resolve("baton-" + name + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        if (!JVM_OPTIONS.isEmpty()) {
            command.addAll(List.of(JVM_OPTIONS.split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.baton.BatonApplication",
                "--server.port=" + port));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(runDir.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("BATON_") || k.startsWith("SPRING_") || k.startsWith("ANTHROPIC_")
                || k.startsWith("CLAUDE_"));
        env.put("BATON_DATA_DIR", dataDir.toString());
        env.put("BATON_ADMIN_API_KEY", ADMIN_KEY);
        // Several nodes may run at once; none needs the Temporal Web UI on the shared default port.
        env.put("BATON_TEMPORAL_UI_PORT", "0");
        env.put("BATON_CLAUDE_COMMAND", cliCommand.toString());
        env.put("BATON_WORKFLOWS_DIR", workflows.toString());
        env.put("BATON_CLAUDE_MAX_CONCURRENT", Integer.toString(maxConcurrent));
        env.put("BATON_SHUTDOWN_GRACE_PERIOD", "5s");
        env.put("SPRING_APPLICATION_JSON", Http.JSON.writeValueAsString(
                Map.of("baton", Map.of("claude", Map.of("environment", cliEnvironment)))));
        env.putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        return new BatonNode(name, dataDir, log, process, started, port);
    }

    /** Waits for readiness UP and answers the time from process start to it. */
    Duration awaitReady(Duration atMost) throws TimeoutException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Baton " + name + " exited with " + process.exitValue() + "; see " + log);
            }
            if (http.statusOf("/actuator/health/readiness") == 200) {
                return Duration.ofNanos(System.nanoTime() - startedNanos);
            }
            pause(Duration.ofMillis(25));
        }
        throw new TimeoutException("Baton " + name + " not ready within " + atMost + "; see " + log);
    }

    Http http() {
        return http;
    }

    long pid() {
        return process.pid();
    }

    Path dataDir() {
        return dataDir;
    }

    /** Where a session's CLI keeps its configuration (and bench-claude its wall time). */
    Path configDir(String sessionId) {
        return dataDir.resolve("claude-config").resolve(sessionId);
    }

    /** Baton's JVM: {@code self} is Baton (with the embedded Temporal server), {@code children} the CLIs it reaped. */
    Proc.Cpu cpu() {
        return Proc.cpu(pid());
    }

    /** The embedded PostgreSQL: the postmaster with what it reaped, plus every backend alive now. */
    double databaseCpuSeconds() {
        long postmaster = postmaster();
        if (postmaster < 0) {
            return 0;
        }
        double total = Proc.cpu(postmaster).total();
        for (long pid : Proc.descendants(postmaster)) {
            total += Proc.cpu(pid).total();
        }
        return total;
    }

    /** The embedded PostgreSQL's port, from its postmaster's command line ({@code -p <port>}). */
    int databasePort() {
        String[] words = Proc.commandLine(postmaster()).split(" ");
        for (int i = 0; i < words.length - 1; i++) {
            if (words[i].equals("-p")) {
                return Integer.parseInt(words[i + 1]);
            }
        }
        throw new IllegalStateException("no -p in the postmaster's command line: " + String.join(" ", words));
    }

    long rssBytes() {
        return Proc.rssBytes(pid());
    }

    /** PostgreSQL's memory: the proportional set size summed over the postmaster and its backends. */
    long databasePssBytes() {
        long postmaster = postmaster();
        if (postmaster < 0) {
            return 0;
        }
        long total = Proc.pssBytes(postmaster);
        for (long pid : Proc.descendants(postmaster)) {
            total += Proc.pssBytes(pid);
        }
        return total;
    }

    /** SIGTERM, a graceful stop (which also stops the embedded PostgreSQL), then whatever is left is killed. */
    void stop() {
        List<ProcessHandle> descendants = process.toHandle().descendants().toList();
        long postmaster = postmaster();
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        killDatabase(postmaster);
    }

    @Override
    public void close() {
        stop();
    }

    private void killDatabase(long known) {
        List<Long> postmasters = new ArrayList<>(Proc.pidsWithCommandLine(dataDir.resolve("postgres").toString()));
        if (known > 0 && !postmasters.contains(known)) {
            postmasters.add(known);
        }
        for (long pid : postmasters) {
            ProcessHandle.of(pid).ifPresent(handle -> {
                List<ProcessHandle> backends = handle.descendants().toList();
                handle.destroy();
                try {
                    handle.onExit().get(15, TimeUnit.SECONDS);
                } catch (Exception e) {
                    handle.destroyForcibly();
                }
                backends.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            });
        }
    }

    private long postmaster() {
        if (postmasterPid > 0 && ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive).orElse(false)) {
            return postmasterPid;
        }
        String dir = dataDir.resolve("postgres").toString();
        Optional<Long> found = Proc.pidsWithCommandLine(dir).stream()
                .filter(pid -> Proc.commandLine(pid).split(" ")[0].endsWith("/postgres")).findFirst();
        postmasterPid = found.orElse(-1L);
        return postmasterPid;
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Waiting between polls of something outside this JVM, which offers nothing to wait on. */
    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
