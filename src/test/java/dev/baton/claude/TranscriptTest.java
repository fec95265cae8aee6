package dev.baton.claude;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wait before a run stopped for an approval is killed: until the transcript has the tool call, within a bound. */
class TranscriptTest {

    private static final String SESSION = "3f1c2a8e-0000-4000-8000-000000000001";

    @TempDir
    Path config;

    @Test
    void findsAToolCallAlreadyInTheTranscript() throws Exception {
        write("{\"type\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\"}]}\n");

        assertThat(Transcript.awaitMention(config, SESSION, "toolu_1", Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void waitsForTheCliToWriteTheToolCall() throws Exception {
        write("{\"type\":\"user\"}\n");
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return Transcript.awaitMention(config, SESSION, "toolu_2", Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(waiting).isNotDone();

        write("{\"type\":\"user\"}\n{\"type\":\"assistant\",\"id\":\"toolu_2\"}\n");

        assertThat(waiting.get()).isTrue();
    }

    @Test
    void givesUpAfterTheBoundWhenTheToolCallNeverComes() throws Exception {
        write("{\"type\":\"user\"}\n");

        assertThat(Transcript.awaitMention(config, SESSION, "toolu_3", Duration.ofMillis(200))).isFalse();
        assertThat(Transcript.awaitMention(config.resolve("no-such-dir"), SESSION, "toolu_3", Duration.ofMillis(100)))
                .isFalse();
    }

    private void write(String lines) throws Exception {
        Path project = Files.createDirectories(config.resolve("projects").resolve("-tmp-work"));
        Files.writeString(project.resolve(SESSION + ".jsonl"), lines);
    }
}
