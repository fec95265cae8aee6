package dev.baton.claude;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Says once at startup whether turns can run, so a missing CLI or credential shows up before the first request
 * does.
 */
@Component
class ClaudeCliStartupCheck implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ClaudeCliStartupCheck.class);

    private final ClaudeCli cli;
    private final ClaudeProperties properties;

    ClaudeCliStartupCheck(ClaudeCli cli, ClaudeProperties properties) {
        this.cli = cli;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (cli.available()) {
            log.info("Claude CLI: {} (at most {} concurrent runs, turn timeout {})", cli.command(),
                    properties.maxConcurrent(), properties.turnTimeout());
        } else {
            log.warn("{} Claude turns will fail until the CLI is available.", cli.unavailableReason());
        }
        if (cli.credentials().isEmpty()) {
            log.warn("No Anthropic credential is set: set ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN or "
                    + "CLAUDE_CODE_OAUTH_TOKEN and restart Baton; until then every Claude turn fails.");
        }
    }
}
