package dev.baton.claude;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * The CLI's own transcript of a conversation, {@code <config dir>/projects/<cwd>/<session id>.jsonl}, which
 * {@code --resume} reads. The CLI appends to it a little after it writes the same message to stdout, so a run
 * stopped for an approval must not be killed before the tool call it stopped for is in it: a loaded machine once
 * let the kill win, and the resumed turn then found "No conversation found with session ID".
 */
final class Transcript {

    private static final Duration POLL = Duration.ofMillis(20);

    private Transcript() {
    }

    /**
     * Waits until the session's transcript mentions {@code text} (a tool_use id), at most {@code atMost}.
     *
     * @return whether it did
     */
    static boolean awaitMention(Path configDirectory, String sessionId, String text, Duration atMost)
            throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        do {
            if (mentions(configDirectory.resolve("projects"), sessionId + ".jsonl", text)) {
                return true;
            }
            Thread.sleep(POLL);
        } while (System.nanoTime() < deadline);
        return false;
    }

    private static boolean mentions(Path projects, String fileName, String text) {
        try (Stream<Path> dirs = Files.list(projects)) {
            for (Path file : dirs.map(dir -> dir.resolve(fileName)).filter(Files::isRegularFile).toList()) {
                if (Files.readString(file, StandardCharsets.UTF_8).contains(text)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            // Not written yet (no projects directory), or being replaced: look again.
            return false;
        }
    }
}
