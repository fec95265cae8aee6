package dev.baton.reliability;

import static org.awaitility.Awaitility.await;

import dev.baton.BatonApplication;
import dev.baton.support.Api;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Baton as a user runs it, in a JVM of its own: {@link BatonApplication}'s main with the zero set-up defaults, an
 * embedded PostgreSQL and an embedded Temporal, on the given data directory. Output goes to {@code log}.
 */
final class EmbeddedNode {

    static final String ADMIN_KEY = "reliability-admin-key-0123456789";
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final String CLASSPATH = System.getProperty("java.class.path");

    final Process process;
    final Api api;
    final Path log;

    private EmbeddedNode(Process process, Api api, Path log) {
        this.process = process;
        this.api = api;
        this.log = log;
    }

    static EmbeddedNode start(Path dataDir, Path claudeCommand, Path log) throws IOException {
        return start(dataDir, claudeCommand, log, Map.of());
    }

    /** @param environment more variables for the JVM, over the defaults */
    static EmbeddedNode start(Path dataDir, Path claudeCommand, Path log, Map<String, String> environment)
            throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xmx384m", "-cp", CLASSPATH, BatonApplication.class.getName(), "--server.port=" + port));
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("BATON_") || k.startsWith("SPRING_"));
        env.put("BATON_DATA_DIR", dataDir.toString());
        env.put("BATON_ADMIN_API_KEY", ADMIN_KEY);
        // Several nodes may run at once; none needs the Temporal Web UI on the shared default port.
        env.put("BATON_TEMPORAL_UI_PORT", "0");
        env.put("BATON_CLAUDE_COMMAND", claudeCommand.toString());
        env.put("BATON_WORKFLOWS_DIR", Files.createDirectories(dataDir.resolve("workflows")).toString());
        env.putAll(environment);
        return new EmbeddedNode(builder.start(), new Api(port, ADMIN_KEY), log);
    }

    void awaitReady() {
        await("Baton ready; see " + log).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(this::ready);
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Baton exited with " + process.exitValue() + "; see " + log);
        }
        try {
            return api.get("/actuator/health/readiness").status() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** {@code kill -9} of the JVM alone, like the OOM killer: no shutdown hook runs, nothing else is signalled. */
    void kill9() {
        process.destroyForcibly();
        process.toHandle().onExit().join();
    }

    /** SIGTERM, as a service manager stops it; waits for the JVM to exit. */
    void stop() {
        if (process.isAlive()) {
            process.destroy();
            await("Baton to exit").atMost(Duration.ofSeconds(60)).until(() -> !process.isAlive());
        }
    }

    static void printTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            System.err.println("===== tail of " + log + " =====");
            lines.subList(Math.max(0, lines.size() - 100), lines.size()).forEach(System.err::println);
        } catch (IOException e) {
            System.err.println("(no log at " + log + ": " + e + ")");
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
