package dev.baton.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Figure 5: a sync session query against the same CLI run directly by this driver with the same arguments, stdin
 * and environment, alternating, so both see the same machine.
 */
final class SessionOverhead {

    private SessionOverhead() {
    }

    /** What the driver needs to run the CLI the way Baton does. */
    record Direct(Path command, Path runDir, Map<String, String> cliEnvironment, String baseUrl, String apiKey) {
    }

    static void run(BatonNode node, Report report, boolean quick, Direct direct) throws Exception {
        Report.Section section = report.section("5. Session overhead");
        section.note("Each pair: a fresh session's first `POST /api/v1/sessions/{id}/query` (sent → answer read), and "
                + "the same command run directly by the driver (process start → stdout read to the end and exit): "
                + "`bench-claude -p --output-format stream-json --verbose [--model bench-noop]`, the prompt on stdin, "
                + "a fresh `CLAUDE_CONFIG_DIR` and working directory, and the environment Baton builds (PATH, HOME, "
                + "TMPDIR, the stub's ANTHROPIC_BASE_URL and key, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1, "
                + "DISABLE_AUTOUPDATER=1, CLAUDE_CODE_MAX_RETRIES=2). The two alternate; one warm-up pair of each kind "
                + "is not counted.");
        measure(node, section, direct, "real CLI", null, quick ? 3 : 15, true);
        measure(node, section, direct, "no-op CLI", "bench-noop", quick ? 10 : 30, false);
    }

    private static void measure(BatonNode node, Report.Section section, Direct direct, String label, String model,
            int pairs, boolean target) throws Exception {
        Http http = node.http();
        Samples viaBaton = new Samples();
        Samples directly = new Samples();
        for (int i = -1; i < pairs; i++) {
            double session = query(http, model);
            double run = runDirect(direct, model, (model == null ? "real-" : model + "-") + (i + 1));
            if (i >= 0) {
                viaBaton.add(session);
                directly.add(run);
            }
        }
        String kind = label + " (" + pairs + " pairs)";
        section.row(kind + ": median session query", Report.ms(viaBaton.p50()));
        section.row(kind + ": median direct run", Report.ms(directly.p50()));
        double ratio = viaBaton.p50() / directly.p50();
        if (target) {
            section.atMost(kind + ": median session ÷ median direct", ratio, 1.05, "");
        } else {
            section.row(kind + ": median session ÷ median direct", Report.format(ratio));
        }
        section.row(kind + ": median session − median direct", Report.ms(viaBaton.p50() - directly.p50()));
    }

    private static double query(Http http, String model) {
        String sessionId = Load.createSession(http, model);
        long t0 = System.nanoTime();
        Http.Answer answer = http.post("/api/v1/sessions/" + sessionId + "/query", Map.of("message", "say hello"));
        double ms = (System.nanoTime() - t0) / 1e6;
        answer.expect(200, "session query");
        if (answer.json().path("isError").asBoolean()) {
            throw new IllegalStateException("the turn failed: " + answer.body());
        }
        return ms;
    }

    /** One turn of the CLI run by this driver as Baton runs it; answers its wall time in ms. */
    static double runDirect(Direct direct, String model, String name) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(direct.runDir().resolve("direct").resolve(name));
        Path config = Files.createDirectories(dir.resolve("config"));
        Path work = Files.createDirectories(dir.resolve("work"));
        List<String> command = new ArrayList<>(List.of(direct.command().toString(), "-p", "--output-format",
                "stream-json", "--verbose"));
        if (model != null) {
            command.addAll(List.of("--model", model));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(environment(direct, config));
        long t0 = System.nanoTime();
        Process process = builder.start();
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write("say hello".getBytes(StandardCharsets.UTF_8));
            }
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the direct CLI run did not end within 60 s");
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            if (process.exitValue() != 0 || !stdout.contains("\"type\":\"result\"")) {
                throw new IllegalStateException("the direct CLI run failed (exit " + process.exitValue() + "): "
                        + stdout + Files.readString(dir.resolve("stderr.txt")));
            }
            return ms;
        } finally {
            if (process.isAlive()) {
                process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    /** The environment Baton's ChildEnvironment builds, with the bench CLI's extra variables. */
    private static Map<String, String> environment(Direct direct, Path configDir) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : List.of("PATH", "LANG", "LC_ALL", "TZ")) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.put("ANTHROPIC_API_KEY", direct.apiKey());
        env.put("ANTHROPIC_BASE_URL", direct.baseUrl());
        env.put("CLAUDE_CONFIG_DIR", configDir.toString());
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        env.put("DISABLE_AUTOUPDATER", "1");
        env.put("CLAUDE_CODE_MAX_RETRIES", "2");
        env.putAll(direct.cliEnvironment());
        return env;
    }
}
