package dev.baton.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.BatonProperties;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

@ExtendWith(OutputCaptureExtension.class)
class ClaudeCliStartupCheckTest {

    @TempDir
    Path dataDir;

    private ApplicationContextRunner context() {
        return new ApplicationContextRunner().withUserConfiguration(ClaudeWiring.class)
                .withPropertyValues("baton.data-dir=" + dataDir);
    }

    @Test
    void missingCliIsOneClearWarningWithoutStackTrace(CapturedOutput output) {
        context().withPropertyValues("baton.claude.command=/nonexistent/claude").run(beans -> {
            beans.getBean(ClaudeCliStartupCheck.class).run(new DefaultApplicationArguments());

            assertThat(output.getAll()).containsOnlyOnce("Claude CLI not found")
                    .contains("/nonexistent/claude")
                    .contains("BATON_CLAUDE_COMMAND")
                    .doesNotContain("Exception");
        });
    }

    @Test
    void presentCliIsNamed(CapturedOutput output) {
        String fake = Path.of("src/test/scripts/fake-claude").toAbsolutePath().toString();
        context().withPropertyValues("baton.claude.command=" + fake).run(beans -> {
            beans.getBean(ClaudeCliStartupCheck.class).run(new DefaultApplicationArguments());

            assertThat(beans.getBean(ClaudeCli.class).available()).isTrue();
            assertThat(output.getAll()).contains("Claude CLI: " + fake).doesNotContain("not found");
        });
    }

    @Test
    void missingCredentialsAreOneLineNamingWhatToSet(CapturedOutput output) {
        assumeTrue(ChildEnvironment.credentials(System.getenv(), properties()).isEmpty(),
                "this JVM's environment carries an Anthropic credential");
        context().run(beans -> {
            beans.getBean(ClaudeCliStartupCheck.class).run(new DefaultApplicationArguments());

            assertThat(output.getAll().lines().filter(l -> l.contains("No Anthropic credential is set")))
                    .singleElement().asString()
                    .contains("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN");
        });
    }

    @Test
    void aConfiguredCredentialSilencesTheWarningAndIsNeverPrinted(CapturedOutput output) {
        context().withPropertyValues("baton.claude.environment.ANTHROPIC_API_KEY=sk-ant-startup-canary").run(beans -> {
            beans.getBean(ClaudeCliStartupCheck.class).run(new DefaultApplicationArguments());

            assertThat(beans.getBean(ClaudeCli.class).credentials()).contains("ANTHROPIC_API_KEY");
            assertThat(output.getAll()).doesNotContain("No Anthropic credential").doesNotContain("sk-ant-startup-canary");
        });
    }

    private static ClaudeProperties properties() {
        return new ClaudeProperties(null, null, 1, null, 0, null, null);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({ClaudeProperties.class, BatonProperties.class})
    @Import({ClaudeCli.class, ClaudeCliStartupCheck.class})
    static class ClaudeWiring {
    }
}
