package dev.baton.scaleout;

import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Baton JVM of a cluster test ({@link ClusterNode}), with its own port, data directory, log and CLI command;
 * everything else comes from the environment the test gives it.
 */
final class NodeProcess {

    static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    static final String CLASSPATH = System.getProperty("java.class.path");

    final String name;
    final Path dataDir;
    final Path log;
    final int port;
    final Api api;
    final Process process;

    private NodeProcess(String name, Path dataDir, Path log, int port, Api api, Process process) {
        this.name = name;
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
        this.api = api;
        this.process = process;
    }

    /**
     * Starts {@code node-<name>} under {@code root}: data directory {@code root/node-<name>}, log
     * {@code root/node-<name>.log}, an empty workflows directory, and {@code environment} on top of a cleaned one.
     */
    static NodeProcess start(String name, Path root, String adminKey, Path claudeCommand,
            Map<String, String> environment) throws IOException {
        int port = freePort();
        Path dataDir = Files.createDirectories(root.resolve("node-" + name));
        Path workflows = Files.createDirectories(root.resolve("workflows-" + name));
        Path log = root.resolve("node-" + name + ".log");
        List<String> command = new ArrayList<>(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xmx384m", "-cp", CLASSPATH, ClusterNode.class.getName(), "--server.port=" + port));
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("BATON_") || k.startsWith("SPRING_"));
        env.put("BATON_DATA_DIR", dataDir.toString());
        env.put("BATON_ADMIN_API_KEY", adminKey);
        env.put("BATON_CLAUDE_COMMAND", claudeCommand.toString());
        env.put("BATON_WORKFLOWS_DIR", workflows.toString());
        // Several nodes run at once; none needs the Temporal Web UI on the shared default port.
        env.put("BATON_TEMPORAL_UI_PORT", "0");
        env.putAll(environment);
        return new NodeProcess(name, dataDir, log, port, new Api(port, adminKey), builder.start());
    }

    void awaitReady() {
        await("node " + name + " ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(this::ready);
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("node " + name + " exited with " + process.exitValue() + "; see " + log);
        }
        try {
            return api.get("/actuator/health/readiness").status() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    Path configDir(String sessionId) {
        return dataDir.resolve("claude-config").resolve(sessionId);
    }

    /** SIGTERM, as an orchestrator stops a node; waits until the JVM has exited. */
    void terminate() {
        process.destroy();
        await("node " + name + " to exit").atMost(Duration.ofSeconds(60)).until(() -> !process.isAlive());
    }

    /** Like the machine dying: no shutdown hooks, and the CLI it was running dies with it. */
    void kill() {
        if (process.isAlive()) {
            killTree(process);
        }
    }

    /** Kills a process and everything it started, found before the parent dies and its children are re-parented. */
    static void killTree(Process process) {
        List<ProcessHandle> descendants = process.toHandle().descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.toHandle().onExit().join();
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static boolean accepts(int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The last lines of each log, for a failed test's output. */
    static void printTails(List<Path> logs) {
        for (Path log : logs) {
            try {
                List<String> lines = Files.readAllLines(log);
                System.err.println("===== tail of " + log + " =====");
                lines.subList(Math.max(0, lines.size() - 80), lines.size()).forEach(System.err::println);
            } catch (IOException e) {
                System.err.println("(no log at " + log + ": " + e + ")");
            }
        }
    }
}
