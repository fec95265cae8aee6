package dev.baton.claude;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Finds the CLI: the configured command, else the pinned install the build puts under
 * {@code .claude-cli/<version>/}, else {@code claude} on PATH.
 */
final class CommandResolver {

    static final String ENV_VARIABLE = "BATON_CLAUDE_COMMAND";

    private final ClaudeProperties properties;
    private final Path baseDirectory;
    private final String searchPath;

    CommandResolver(ClaudeProperties properties, Path baseDirectory, String searchPath) {
        this.properties = properties;
        this.baseDirectory = baseDirectory;
        this.searchPath = searchPath == null ? "" : searchPath;
    }

    /** @return the command to run, or null when none is usable */
    String resolve() {
        if (properties.command() != null) {
            return usable(properties.command()) ? properties.command() : null;
        }
        Path pinned = pinnedInstall();
        if (pinned != null && Files.isRegularFile(pinned) && Files.isExecutable(pinned)) {
            return pinned.toString();
        }
        return onPath("claude") != null ? "claude" : null;
    }

    /** Why {@link #resolve()} found nothing, naming every place it looked and the fix. */
    String unavailableReason() {
        if (properties.command() != null) {
            return "Claude CLI not found or not executable: " + properties.command()
                    + " (from baton.claude.command / " + ENV_VARIABLE + "). Point " + ENV_VARIABLE
                    + " at the claude executable.";
        }
        return "Claude CLI not found: looked for " + pinnedInstall() + " and for 'claude' on PATH. Run the Maven "
                + "build to install the pinned CLI, or set " + ENV_VARIABLE + " to the claude executable.";
    }

    /** @return null when no version is pinned (only in tests that build the properties by hand) */
    Path pinnedInstall() {
        if (properties.cliVersion() == null) {
            return null;
        }
        return baseDirectory.resolve(".claude-cli").resolve(properties.cliVersion())
                .resolve("node_modules").resolve(".bin").resolve("claude").toAbsolutePath().normalize();
    }

    private boolean usable(String command) {
        if (command.contains(File.separator)) {
            try {
                Path path = Path.of(command);
                return Files.isRegularFile(path) && Files.isExecutable(path);
            } catch (InvalidPathException e) {
                return false;
            }
        }
        return onPath(command) != null;
    }

    private Path onPath(String name) {
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            try {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            } catch (InvalidPathException ignored) {
                // A malformed PATH entry cannot hold the CLI.
            }
        }
        return null;
    }
}
