package dev.baton.security;

import dev.baton.support.IntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The application as {@link IntegrationTest} runs it, plus a canary {@code ANTHROPIC_API_KEY} in the CLI's
 * environment, so the secret-leak suite can look for it. Every suite of this package extends this class and adds
 * no properties of its own: they share one Spring context (and one embedded database) between them, and no other
 * test class's background work (schedules, retries) writes to that database while a suite compares snapshots.
 * Debug logging for Baton is on so that the leak scan reads every line Baton could log. The Temporal Web UI runs on
 * a port of its own, {@link #UI_PORT}.
 */
@TestPropertySource(properties = {"baton.claude.environment.ANTHROPIC_API_KEY=" + SecurityTest.ANTHROPIC_CANARY,
        "logging.level.dev.baton=DEBUG"})
abstract class SecurityTest extends IntegrationTest {

    /**
     * Workflow files applied at startup: one harmless, two with values the CLI would read as flags, which the
     * loader must skip (see InjectionTest). The tasks belong to the admin and have no schedule, so they run nothing.
     */
    @DynamicPropertySource
    static void workflowFiles(DynamicPropertyRegistry registry) throws IOException {
        Path dir = tempDir("baton-security-workflows-");
        Files.writeString(dir.resolve("harmless.yaml"), "name: harmless-file\npromptTemplate: Say hello\n");
        Files.writeString(dir.resolve("flag-model.yaml"),
                "name: flag-model-file\npromptTemplate: Say hello\nmodel: \"--dangerously-skip-permissions\"\n");
        Files.writeString(dir.resolve("flag-tool.yaml"),
                "name: flag-tool-file\npromptTemplate: Say hello\nallowedTools: [Read, \"-p\"]\n");
        registry.add("baton.workflows.dir", dir::toString);
    }

    static final String ANTHROPIC_CANARY = "sk-ant-canary-7f3e9b1c5a2d4e6f";

    /** The Temporal Web UI's port: its routes are under the same rules as Baton's API (TemporalUiSecurityTest). */
    static final int UI_PORT = freePort();

    @DynamicPropertySource
    static void temporalUi(DynamicPropertyRegistry registry) {
        registry.add("baton.temporal.ui-port", () -> UI_PORT);
    }

    /** The header of HTTP Basic, as the Temporal Web UI's port takes a username and an API key. */
    static Map<String, String> basic(String username, String key) {
        return Map.of("Authorization", "Basic " + java.util.Base64.getEncoder()
                .encodeToString((username + ":" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Prints the one line a suite reports, {@code SECURITY | suite | key=value ...}, and returns it. */
    static String report(String suite, Map<String, ?> counts) {
        String line = "SECURITY | " + suite + " | " + counts.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        System.out.println(line);
        return line;
    }

    static Map<String, Object> counts(Object... keysAndValues) {
        Map<String, Object> counts = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            counts.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return counts;
    }
}
