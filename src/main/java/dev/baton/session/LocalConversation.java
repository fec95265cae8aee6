package dev.baton.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A session's conversation as the Claude CLI keeps it in the session's config directory on this node, and the stored
 * version this copy holds.
 *
 * <p>What {@code --resume <id>} needs, found with the pinned CLI (see README, "Sessions on any node"): the transcript
 * {@code projects/<working directory, each character but letters and digits as ->/<id>.jsonl}, and nothing else
 * ({@code .claude.json} holds only this directory's own device id). Beside the transcript the CLI keeps
 * {@code <id>/tool-results/} (tool output too large for the transcript, which the transcript names by path) and
 * {@code <id>/subagents/}, and per working directory {@code memory/}; they are part of the conversation too.
 */
final class LocalConversation {

    static final String VERSION_FILE = "baton-conversation-version";
    static final String TEMPORARY_PREFIX = ".baton-restore-";
    private static final Pattern CLAUDE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");

    private final Path configDir;
    private final Path projects;

    LocalConversation(Path configDir) {
        this.configDir = configDir;
        this.projects = configDir.resolve("projects");
    }

    /** The files of the CLI's conversation {@code claudeId}, by their path relative to the config directory. */
    Map<String, Path> files(String claudeId) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        if (claudeId == null || !CLAUDE_ID.matcher(claudeId).matches() || !Files.isDirectory(projects)) {
            return files;
        }
        try (Stream<Path> projectDirs = Files.list(projects)) {
            for (Path project : projectDirs.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                add(files, project.resolve(claudeId + ".jsonl"));
                addTree(files, project.resolve(claudeId));
                addTree(files, project.resolve("memory"));
            }
        }
        return files;
    }

    private void addTree(Map<String, Path> files, Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path file : tree.toList()) {
                add(files, file);
            }
        }
    }

    private void add(Map<String, Path> files, Path file) {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                && !file.getFileName().toString().startsWith(TEMPORARY_PREFIX)) {
            files.put(configDir.relativize(file).toString(), file);
        }
    }

    /** Where a stored file goes; refuses a path that would leave the config directory's {@code projects/}. */
    Path resolve(String relative) {
        Path file = configDir.resolve(relative).normalize();
        if (!file.startsWith(projects) || file.equals(projects)) {
            throw new IllegalStateException("A stored conversation file has a path outside projects/: " + relative);
        }
        return file;
    }

    /** Whether every file exists here with its stored length. */
    boolean hasSizes(Map<String, Long> sizes) throws IOException {
        for (var entry : sizes.entrySet()) {
            Path file = resolve(entry.getKey());
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) != entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The stored version this copy holds; 0 when it holds none this node knows of. */
    long version() throws IOException {
        try {
            return Long.parseLong(Files.readString(configDir.resolve(VERSION_FILE), StandardCharsets.US_ASCII).strip());
        } catch (NoSuchFileException | NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Written in place, with no temporary file and move: those cost every turn four more file-system calls. A crash
     * mid-write leaves no number, or a prefix of this one's digits, which is smaller than any version stored from
     * now on; either way the next turn here restores the stored conversation first, as it should.
     */
    void markVersion(long version) throws IOException {
        Files.writeString(configDir.resolve(VERSION_FILE), Long.toString(version), StandardCharsets.US_ASCII);
    }
}
