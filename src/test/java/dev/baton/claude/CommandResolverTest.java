package dev.baton.claude;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandResolverTest {

    @TempDir
    Path base;

    @Test
    void configuredCommandComesFirst() throws IOException {
        Path configured = executable(base.resolve("custom/claude"));
        executable(base.resolve(".claude-cli/1.2.3/node_modules/.bin/claude"));

        assertThat(resolver(configured.toString(), "").resolve()).isEqualTo(configured.toString());
    }

    @Test
    void pinnedInstallIsPreferredOverPath() throws IOException {
        Path pinned = executable(base.resolve(".claude-cli/1.2.3/node_modules/.bin/claude"));
        Path bin = Files.createDirectories(base.resolve("bin"));
        executable(bin.resolve("claude"));

        assertThat(resolver(null, bin.toString()).resolve()).isEqualTo(pinned.toString());
    }

    @Test
    void claudeOnPathIsTheLastResort() throws IOException {
        Path bin = Files.createDirectories(base.resolve("bin"));
        executable(bin.resolve("claude"));

        assertThat(resolver(null, "/nonexistent:" + bin).resolve()).isEqualTo("claude");
    }

    @Test
    void nonExecutableFileDoesNotCount() throws IOException {
        Path plain = Files.createDirectories(base.resolve(".claude-cli/1.2.3/node_modules/.bin")).resolve("claude");
        Files.writeString(plain, "not executable");

        assertThat(resolver(null, "").resolve()).isNull();
    }

    @Test
    void unavailableReasonNamesWhereItLookedAndTheFix() {
        CommandResolver resolver = resolver(null, "");

        assertThat(resolver.resolve()).isNull();
        assertThat(resolver.unavailableReason())
                .contains(base.resolve(".claude-cli/1.2.3/node_modules/.bin/claude").toString())
                .contains("PATH")
                .contains("BATON_CLAUDE_COMMAND");
    }

    @Test
    void missingConfiguredCommandIsNotReplacedByAFallback() throws IOException {
        executable(base.resolve(".claude-cli/1.2.3/node_modules/.bin/claude"));
        CommandResolver resolver = resolver("/opt/nowhere/claude", "");

        assertThat(resolver.resolve()).isNull();
        assertThat(resolver.unavailableReason()).contains("/opt/nowhere/claude").contains("BATON_CLAUDE_COMMAND");
    }

    private CommandResolver resolver(String command, String path) {
        ClaudeProperties properties = new ClaudeProperties(command, "1.2.3", 1, Duration.ofMinutes(1), 2,
                Duration.ofSeconds(5), Map.of());
        return new CommandResolver(properties, base, path);
    }

    private static Path executable(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
