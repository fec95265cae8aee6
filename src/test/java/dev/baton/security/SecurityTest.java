package dev.baton.security;

import dev.baton.support.IntegrationTest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.test.context.TestPropertySource;

/**
 * The application as {@link IntegrationTest} runs it, plus a canary {@code ANTHROPIC_API_KEY} in the CLI's
 * environment, so the secret-leak suite can look for it. Every suite of this package extends this class and adds
 * no properties of its own: they share one Spring context (and one embedded database) between them, and no other
 * test class's background work (schedules, retries) writes to that database while a suite compares snapshots.
 * Debug logging for Baton is on so that the leak scan reads every line Baton could log.
 */
@TestPropertySource(properties = {"baton.claude.environment.ANTHROPIC_API_KEY=" + SecurityTest.ANTHROPIC_CANARY,
        "logging.level.dev.baton=DEBUG"})
abstract class SecurityTest extends IntegrationTest {

    static final String ANTHROPIC_CANARY = "sk-ant-canary-7f3e9b1c5a2d4e6f";

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
