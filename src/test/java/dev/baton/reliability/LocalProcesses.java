package dev.baton.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The processes of this machine as {@code /proc} lists them, whoever their parent is now: a CLI orphaned by a dead
 * JVM is re-parented away from it, out of {@link ProcessHandle#descendants()}' sight, but {@code /proc} still has it.
 *
 * <p>Baton gives every CLI it starts {@code CLAUDE_CONFIG_DIR=<data dir>/claude-config/<session>}, and the CLI's own
 * children (the fake's {@code sleep}) inherit it, so an environment entry under a test's own data directory marks
 * exactly that test's CLI processes and everything they started.
 */
public final class LocalProcesses {

    /** One process: its pid, its argv joined by spaces, and its environment entries. */
    public record Proc(long pid, String commandLine, List<String> environment) {

        public boolean hasEnvironmentEntryStartingWith(String prefix) {
            return environment.stream().anyMatch(e -> e.startsWith(prefix));
        }
    }

    private LocalProcesses() {
    }

    public static List<Proc> all() {
        List<Proc> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path dir : entries.toList()) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                read(Long.parseLong(name), dir).ifPresent(found::add);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return found;
    }

    /** Every live process (zombies excluded) that Baton started under {@code dataDir}, and their children. */
    public static List<Proc> startedUnder(Path dataDir) {
        String marker = "CLAUDE_CONFIG_DIR=" + dataDir.resolve("claude-config");
        return all().stream().filter(p -> p.hasEnvironmentEntryStartingWith(marker)).toList();
    }

    /** Every live process that a CLI with this {@code CLAUDE_CONFIG_DIR} (one session's) started, and the CLI. */
    public static List<Proc> startedFor(Path configDir) {
        String entry = "CLAUDE_CONFIG_DIR=" + configDir.toAbsolutePath();
        return all().stream().filter(p -> p.environment().contains(entry)).toList();
    }

    /** The CLI processes themselves (not their children): those running {@code command}. */
    public static List<Proc> clisUnder(Path dataDir, String command) {
        return startedUnder(dataDir).stream().filter(p -> p.commandLine().contains(command)).toList();
    }

    /** Kills what {@link #startedUnder} finds, so a failed test leaves nothing of its own behind. */
    public static void killStartedUnder(Path dataDir) {
        startedUnder(dataDir).forEach(p -> ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly));
    }

    private static java.util.Optional<Proc> read(long pid, Path dir) {
        try {
            String stat = Files.readString(dir.resolve("stat"));
            int end = stat.lastIndexOf(')');
            if (end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z') {
                return java.util.Optional.empty();
            }
            String commandLine = split(Files.readAllBytes(dir.resolve("cmdline"))).stream()
                    .reduce((a, b) -> a + " " + b).orElse("");
            List<String> environment = split(Files.readAllBytes(dir.resolve("environ")));
            return java.util.Optional.of(new Proc(pid, commandLine, environment));
        } catch (IOException | SecurityException e) {
            // Gone meanwhile, or not ours to read.
            return java.util.Optional.empty();
        }
    }

    private static List<String> split(byte[] nulSeparated) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < nulSeparated.length; i++) {
            if (nulSeparated[i] == 0) {
                parts.add(new String(nulSeparated, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < nulSeparated.length) {
            parts.add(new String(nulSeparated, start, nulSeparated.length - start, StandardCharsets.UTF_8));
        }
        return parts;
    }
}
