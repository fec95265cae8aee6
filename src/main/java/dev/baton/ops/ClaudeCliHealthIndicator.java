package dev.baton.ops;

import dev.baton.claude.ClaudeCli;
import dev.baton.claude.ClaudeProperties;
import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code claudeCli} in the health report. A node without the CLI cannot run a single turn, so this is part of
 * readiness; it stays out of liveness, because restarting the JVM would not make the CLI appear. Busy slots do not
 * make it DOWN: callers get a 429 with Retry-After, which is back-pressure the load balancer need not know about.
 * Nor does a missing credential: it is shown as the {@code credentials} detail, because the node is as ready as it
 * can be without one and taking every node out of rotation would only hide the message that says what to set.
 */
@Component
class ClaudeCliHealthIndicator implements HealthIndicator {

    private final ClaudeCli cli;
    private final ClaudeProperties properties;

    ClaudeCliHealthIndicator(ClaudeCli cli, ClaudeProperties properties) {
        this.cli = cli;
        this.properties = properties;
    }

    @Override
    public Health health() {
        Health.Builder health = cli.available()
                ? Health.up().withDetail("command", cli.command())
                : Health.down().withDetail("reason", cli.unavailableReason());
        if (properties.cliVersion() != null) {
            // The version the build pins and installs; a command set through BATON_CLAUDE_COMMAND may differ.
            health.withDetail("pinnedVersion", properties.cliVersion());
        }
        List<String> credentials = cli.credentials();
        health.withDetail("credentials", credentials.isEmpty()
                ? "none: set ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN or CLAUDE_CODE_OAUTH_TOKEN; every turn fails "
                        + "without one"
                : "set (" + String.join(", ", credentials) + ")");
        return health.withDetail("running", cli.running())
                .withDetail("maxConcurrent", properties.maxConcurrent())
                .build();
    }
}
