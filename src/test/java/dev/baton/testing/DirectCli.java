package dev.baton.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

/**
 * Runs the pinned Claude CLI headless, the way Baton will: argument list without a shell, prompt on
 * stdin, stream-json on stdout. Output goes to files, so a process that never ends cannot block the
 * test on a full pipe, and the timeout turns a hang into a failure.
 */
final class DirectCli {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path executable;
    private final Path scratch;

    /** @param scratch a private directory for the captured output and the CLI's temp files */
    DirectCli(Path scratch) {
        String property = System.getProperty("baton.test.claude-cli");
        if (property == null || !Files.isExecutable(Path.of(property))) {
            fail("system property baton.test.claude-cli must name the CLI that the build installs, was " + property);
        }
        this.executable = Path.of(property);
        this.scratch = scratch;
    }

    DirectCliRun run(Map<String, String> environment, Path workDir, String prompt, String... flags)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                executable.toString(), "-p", "--output-format", "stream-json", "--verbose"));
        command.addAll(List.of(flags));
        Path stdout = Files.createTempFile(scratch, "stdout", ".jsonl");
        Path stderr = Files.createTempFile(scratch, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        // Start from an empty environment so that a developer's real credentials or settings can never leak in.
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        // The CLI leaves socket files in the temp directory when killed; keep them in the test's own directory.
        builder.environment().put("TMPDIR", scratch.toString());
        builder.environment().putAll(environment);

        Process process = builder.start();
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(prompt.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                fail("CLI did not finish within %s%nstdout: %s%nstderr: %s",
                        TIMEOUT, Files.readString(stdout), Files.readString(stderr));
            }
            return new DirectCliRun(process.exitValue(), parseLines(stdout), Files.readString(stderr));
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static List<JsonNode> parseLines(Path stdout) throws IOException {
        return Files.readAllLines(stdout).stream()
                .filter(line -> !line.isBlank())
                .map(line -> StubMessages.JSON.readTree(line))
                .toList();
    }
}
