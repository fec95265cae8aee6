package dev.baton.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A flight recording of the Baton JVM during one phase, started and stopped with {@code jcmd}, and summarised
 * from its {@code jdk.ExecutionSample} events (threads found running Java code, sampled every 10–20 ms).
 */
final class Jfr {

    private static final String NAME = "baton-bench";

    private Jfr() {
    }

    /** Where the samples fell: by top frame, by the package of the first frame outside the JDK, by thread. */
    record Summary(long samples, Map<String, Long> components, Map<String, Long> topFrames,
            Map<String, Long> callerPackages, Map<String, Long> batonFrames, Map<String, Long> threads) {
    }

    /** Coarse components by class-name prefix, first match wins. */
    private static final List<Map.Entry<String, String>> COMPONENTS = List.of(
            Map.entry("io.temporal.internal.testservice.", "embedded Temporal test server"),
            Map.entry("io.temporal.", "Temporal SDK (client and worker)"),
            Map.entry("io.grpc.", "gRPC (Temporal's transport)"),
            Map.entry("com.google.protobuf.", "protobuf (Temporal's payloads)"),
            Map.entry("org.hibernate.", "JPA, JDBC and transactions"),
            Map.entry("org.postgresql.", "JPA, JDBC and transactions"),
            Map.entry("com.zaxxer.hikari.", "JPA, JDBC and transactions"),
            Map.entry("org.springframework.data.", "JPA, JDBC and transactions"),
            Map.entry("org.springframework.orm.", "JPA, JDBC and transactions"),
            Map.entry("org.springframework.transaction.", "JPA, JDBC and transactions"),
            Map.entry("org.springframework.jdbc.", "JPA, JDBC and transactions"),
            Map.entry("org.flywaydb.", "JPA, JDBC and transactions"),
            Map.entry("tools.jackson.", "Jackson (JSON)"),
            Map.entry("com.fasterxml.jackson.", "Jackson (JSON)"),
            Map.entry("org.apache.tomcat.", "HTTP and WebSocket (Tomcat, Spring MVC, Security)"),
            Map.entry("org.apache.catalina.", "HTTP and WebSocket (Tomcat, Spring MVC, Security)"),
            Map.entry("org.apache.coyote.", "HTTP and WebSocket (Tomcat, Spring MVC, Security)"),
            Map.entry("org.springframework.web.", "HTTP and WebSocket (Tomcat, Spring MVC, Security)"),
            Map.entry("org.springframework.security.", "HTTP and WebSocket (Tomcat, Spring MVC, Security)"),
            Map.entry("io.micrometer.", "metrics (Micrometer, Prometheus)"),
            Map.entry("io.prometheus.", "metrics (Micrometer, Prometheus)"),
            Map.entry("ch.qos.logback.", "logging"),
            Map.entry("org.slf4j.", "logging"),
            Map.entry("dev.baton.", "Baton's own code"));

    static void start(long pid) throws IOException {
        jcmd(pid, "JFR.start", "name=" + NAME, "settings=profile");
    }

    static void stop(long pid, Path file) throws IOException {
        jcmd(pid, "JFR.stop", "name=" + NAME, "filename=" + file);
    }

    static Summary summarize(Path file, int top) throws IOException {
        Map<String, Long> topFrames = new HashMap<>();
        Map<String, Long> callers = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> components = new HashMap<>();
        Map<String, Long> batonFrames = new HashMap<>();
        long samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            topFrames.merge(method(frames.getFirst()), 1L, Long::sum);
            var firstOutsideJdk = frames.stream().filter(RecordedFrame::isJavaFrame).map(Jfr::className)
                    .filter(c -> !isJdk(c)).findFirst();
            callers.merge(firstOutsideJdk.map(Jfr::packageOf).orElse("(JDK only)"), 1L, Long::sum);
            components.merge(firstOutsideJdk.map(Jfr::component).orElse("JDK only (no frame outside the JDK)"),
                    1L, Long::sum);
            batonFrames.merge(batonFrame(frames), 1L, Long::sum);
            String thread = event.getThread("sampledThread") != null
                    ? event.getThread("sampledThread").getJavaName() : null;
            threads.merge(threadGroup(thread), 1L, Long::sum);
        }
        return new Summary(samples, top(components, top), top(topFrames, top), top(callers, top), top(batonFrames, top),
                top(threads, top));
    }

    /**
     * The innermost Baton method on the stack, short class name. A repository is a JDK proxy ({@code $Proxy123}),
     * so its method is named with the Baton method that called it.
     */
    private static String batonFrame(List<RecordedFrame> frames) {
        String repositoryMethod = null;
        for (RecordedFrame frame : frames) {
            if (!frame.isJavaFrame() || !className(frame).startsWith("dev.baton.")) {
                continue;
            }
            // A lambda's class is named like WorkflowStarter$$Lambda/0x…: keep the class that wrote it.
            String name = className(frame).replaceAll("\\$\\$Lambda.*$", "\\$lambda");
            String simple = name.substring(name.lastIndexOf('.') + 1)
                    .replaceAll("\\$\\$SpringCGLIB\\$\\$\\d+", "");
            if (simple.startsWith("$Proxy")) {
                if (repositoryMethod == null) {
                    repositoryMethod = frame.getMethod().getName();
                }
                continue;
            }
            String method = simple + "." + frame.getMethod().getName();
            return repositoryMethod == null ? method : method + " → repository " + repositoryMethod;
        }
        return repositoryMethod == null ? "(no Baton frame on the stack)" : "repository " + repositoryMethod;
    }

    private static String component(String className) {
        return COMPONENTS.stream().filter(c -> className.startsWith(c.getKey())).map(Map.Entry::getValue).findFirst()
                .orElse("other libraries");
    }

    private static String method(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String className(RecordedFrame frame) {
        return frame.getMethod().getType().getName();
    }

    private static boolean isJdk(String className) {
        return className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")
                || className.startsWith("com.sun.");
    }

    /** The first three segments of the package, e.g. {@code io.temporal.internal}. */
    private static String packageOf(String className) {
        String[] parts = className.split("\\.");
        int keep = Math.min(3, parts.length - 1);
        return keep <= 0 ? className : String.join(".", List.of(parts).subList(0, keep));
    }

    /** Thread names without their numbers, so a pool counts as one. */
    private static String threadGroup(String name) {
        if (name == null || name.isEmpty()) {
            return "(virtual or unnamed)";
        }
        return name.replaceAll("\\d+", "N");
    }

    private static Map<String, Long> top(Map<String, Long> counts, int n) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    /** Runs {@code jcmd <pid> args...} and answers its output. */
    static String jcmd(long pid, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        command.addAll(List.of(args));
        Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (jcmd.waitFor() != 0) {
                throw new IOException("jcmd " + String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }
}
