package dev.baton.claude;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code baton.claude.*}.
 *
 * @param command the CLI to run; null means the pinned install under {@code .claude-cli/<cliVersion>/}, then
 *        {@code claude} on PATH. Set it with {@code BATON_CLAUDE_COMMAND}.
 * @param cliVersion the pinned CLI version, which names the install directory; application.yml takes it from the
 *        pom's {@code claude.cli.version}, the one place it is pinned
 * @param maxConcurrent CLI processes allowed at once on this node; each uses about 200 MB
 * @param turnTimeout how long one turn may run before its process tree is killed
 * @param maxRetries passed to the CLI as {@code CLAUDE_CODE_MAX_RETRIES}; the CLI's default of 10 with
 *        backoff can keep a turn busy for minutes on a 529
 * @param retryAfter the Retry-After hint given when all slots are busy
 * @param environment extra environment for the child, applied last (e.g. {@code ANTHROPIC_BASE_URL})
 */
@ConfigurationProperties("baton.claude")
public record ClaudeProperties(
        String command,
        String cliVersion,
        @DefaultValue("8") int maxConcurrent,
        @DefaultValue("30m") Duration turnTimeout,
        @DefaultValue("2") int maxRetries,
        @DefaultValue("5s") Duration retryAfter,
        @DefaultValue Map<String, String> environment) {

    // Spring applies the defaults above; these repeat them for code that builds the record directly.
    public ClaudeProperties {
        turnTimeout = turnTimeout == null ? Duration.ofMinutes(30) : turnTimeout;
        retryAfter = retryAfter == null ? Duration.ofSeconds(5) : retryAfter;
        if (command != null && command.isBlank()) {
            command = null;
        }
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("baton.claude.max-concurrent must be at least 1, was " + maxConcurrent);
        }
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }
}
