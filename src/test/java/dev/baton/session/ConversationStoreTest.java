package dev.baton.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.support.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link ConversationStore} on the real database, with conversation files written by the test: what a save stores,
 * and what a restore writes back.
 */
class ConversationStoreTest extends IntegrationTest {

    private static final String CLAUDE_ID = "5f1c2a4e-0000-4000-8000-000000000001";
    private static final String TRANSCRIPT = "projects/-work-repo/" + CLAUDE_ID + ".jsonl";

    @Autowired
    private ConversationStore store;
    @Autowired
    private ConversationPartRepository parts;
    @Autowired
    private SessionRepository sessions;
    @Autowired
    private TransactionTemplate transaction;
    @Autowired
    private JdbcTemplate jdbc;

    private UUID sessionId;
    private Path node;

    @BeforeEach
    void session() {
        sessionId = UUID.fromString(newUser().post("/api/v1/sessions", Map.of()).json().path("id").asString());
        node = tempDir("baton-conversation-");
    }

    @Test
    void eachSaveStoresOnlyWhatTheTurnAppended() throws IOException {
        append(node, TRANSCRIPT, "turn 1\n");
        save(node, CLAUDE_ID);
        append(node, TRANSCRIPT, "turn 2\n");
        save(node, CLAUDE_ID);
        append(node, TRANSCRIPT, "turn 3\n");
        save(node, CLAUDE_ID);

        assertThat(stored(TRANSCRIPT)).containsExactly("turn 1\n", "turn 2\n", "turn 3\n");
        assertThat(version()).isEqualTo(3);
        assertThat(Files.readString(node.resolve(LocalConversation.VERSION_FILE))).isEqualTo("3");
    }

    @Test
    void aSaveWithNothingNewWritesNothing() throws IOException {
        append(node, TRANSCRIPT, "turn 1\n");
        save(node, CLAUDE_ID);

        save(node, CLAUDE_ID);

        assertThat(version()).isEqualTo(1);
        assertThat(stored(TRANSCRIPT)).containsExactly("turn 1\n");
    }

    @Test
    void aTurnWhoseCliWroteNoConversationLeavesTheStoredOneAlone() throws IOException {
        append(node, TRANSCRIPT, "turn 1\n");
        save(node, CLAUDE_ID);

        save(tempDir("baton-conversation-empty-"), null);
        save(tempDir("baton-conversation-empty-"), "6a000000-0000-4000-8000-000000000002");

        assertThat(version()).isEqualTo(1);
        assertThat(stored(TRANSCRIPT)).containsExactly("turn 1\n");
    }

    @Test
    void aFileWhoseStartChangedIsStoredWholeAgain() throws IOException {
        append(node, TRANSCRIPT, "turn 1\n");
        save(node, CLAUDE_ID);
        Files.writeString(node.resolve(TRANSCRIPT), "TURN 1\nturn 2\n");
        save(node, CLAUDE_ID);

        assertThat(stored(TRANSCRIPT)).containsExactly("TURN 1\nturn 2\n");
    }

    @Test
    void aFileOfManyPartsIsStoredWholeAgainSoARestoreReadsFewParts() throws IOException {
        StringBuilder all = new StringBuilder();
        for (int turn = 1; turn <= ConversationStore.MAX_PARTS + 1; turn++) {
            append(node, TRANSCRIPT, "turn " + turn + "\n");
            all.append("turn ").append(turn).append('\n');
            save(node, CLAUDE_ID);
        }

        assertThat(stored(TRANSCRIPT)).containsExactly(all.toString());
        append(node, TRANSCRIPT, "next\n");
        save(node, CLAUDE_ID);
        assertThat(stored(TRANSCRIPT)).containsExactly(all.toString(), "next\n");
    }

    @Test
    void theFilesBesideTheTranscriptAndTheProjectMemoryAreStoredButNotOtherConversations() throws IOException {
        String toolResult = "projects/-work-repo/" + CLAUDE_ID + "/tool-results/b1.txt";
        String memory = "projects/-work-repo/memory/notes.md";
        String other = "projects/-work-repo/6a000000-0000-4000-8000-000000000002.jsonl";
        append(node, TRANSCRIPT, "turn 1\n");
        append(node, toolResult, "a large output\n");
        append(node, memory, "remember this\n");
        append(node, other, "an earlier attempt\n");
        append(node, ".claude.json", "{}");

        save(node, CLAUDE_ID);

        assertThat(storedPaths()).containsExactlyInAnyOrder(TRANSCRIPT, toolResult, memory);
    }

    @Test
    void aNewConversationReplacesTheStoredOne() throws IOException {
        append(node, TRANSCRIPT, "attempt 1\n");
        save(node, CLAUDE_ID);
        String next = "6a000000-0000-4000-8000-000000000002";
        append(node, "projects/-work-repo/" + next + ".jsonl", "attempt 2\n");

        save(node, next);

        assertThat(storedPaths()).containsExactly("projects/-work-repo/" + next + ".jsonl");
    }

    @Test
    void aNodeWithoutACopyGetsEveryFileBackExactly() throws IOException {
        String toolResult = "projects/-work-repo/" + CLAUDE_ID + "/tool-results/b1.txt";
        append(node, TRANSCRIPT, "turn 1\n");
        append(node, toolResult, "x".repeat(300_000));
        save(node, CLAUDE_ID);
        append(node, TRANSCRIPT, "turn 2 \u00e9\u4e2d\n");
        save(node, CLAUDE_ID);
        Path other = tempDir("baton-conversation-other-");

        store.restore(sessionId, other, true);

        assertThat(Files.readString(other.resolve(TRANSCRIPT))).isEqualTo(Files.readString(node.resolve(TRANSCRIPT)));
        assertThat(Files.mismatch(other.resolve(toolResult), node.resolve(toolResult))).isEqualTo(-1);
        assertThat(Files.readString(other.resolve(LocalConversation.VERSION_FILE))).isEqualTo("2");
    }

    @Test
    void aCurrentCopyIsLeftAloneAndAnOlderOrLongerOneIsReplaced() throws IOException {
        append(node, TRANSCRIPT, "turn 1\n");
        save(node, CLAUDE_ID);
        Object fileKey = Files.readAttributes(node.resolve(TRANSCRIPT),
                java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        store.restore(sessionId, node, true);
        assertThat(Files.readAttributes(node.resolve(TRANSCRIPT), java.nio.file.attribute.BasicFileAttributes.class)
                .fileKey()).as("the current copy was not rewritten").isEqualTo(fileKey);

        // A turn that died here after the CLI wrote to the transcript, before anything was stored.
        append(node, TRANSCRIPT, "a turn that was never stored\n");
        store.restore(sessionId, node, true);
        assertThat(Files.readString(node.resolve(TRANSCRIPT))).isEqualTo("turn 1\n");

        // Another node stored turn 2 meanwhile; this node's copy still says version 1.
        Path nodeB = tempDir("baton-conversation-b-");
        store.restore(sessionId, nodeB, true);
        append(nodeB, TRANSCRIPT, "turn 2\n");
        save(nodeB, CLAUDE_ID);
        store.restore(sessionId, node, true);
        assertThat(Files.readString(node.resolve(TRANSCRIPT))).isEqualTo("turn 1\nturn 2\n");
    }

    @Test
    void aTurnThatStartsAfreshRestoresNothing() throws IOException {
        append(node, TRANSCRIPT, "turn 1\n");
        save(node, CLAUDE_ID);
        Path other = tempDir("baton-conversation-other-");

        ConversationCopy copy = store.restore(sessionId, other, false);

        assertThat(copy.version()).isEqualTo(1);
        assertThat(other.resolve(TRANSCRIPT)).doesNotExist();
    }

    @Test
    void aSaveFromACopyOlderThanTheStoredOneIsDropped() throws IOException {
        append(node, TRANSCRIPT, "turn 1\n");
        ConversationCopy stale = store.restore(sessionId, node, true);
        save(node, CLAUDE_ID);
        append(node, TRANSCRIPT, "turn 2 of a node that lost its lease\n");

        transaction.executeWithoutResult(status -> store.save(stale, CLAUDE_ID));

        assertThat(version()).isEqualTo(1);
        assertThat(stored(TRANSCRIPT)).containsExactly("turn 1\n");
    }

    @Test
    void partsThatDoNotAddUpAreRefusedAndLeaveTheLocalFileAlone() throws IOException {
        append(node, TRANSCRIPT, "turn 1\n");
        save(node, CLAUDE_ID);
        jdbc.update("update session_conversation_parts set end_size = end_size + 1 where session_id = ?", sessionId);
        Path other = tempDir("baton-conversation-other-");
        append(other, TRANSCRIPT, "what was here\n");

        assertThatThrownBy(() -> store.restore(sessionId, other, true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(TRANSCRIPT);
        assertThat(Files.readString(other.resolve(TRANSCRIPT))).isEqualTo("what was here\n");
    }

    @Test
    void partsStoredWithSha256BeforeV12AreStillCheckedAndExtended() throws Exception {
        append(node, TRANSCRIPT, "turn 1\n");
        save(node, CLAUDE_ID);
        assertThat(parts.summaries(sessionId).getFirst().endHash()).hasSize(8);
        // As V12 found it: the part's hash is the SHA-256 of the file up to its end.
        byte[] sha256 = java.security.MessageDigest.getInstance("SHA-256").digest("turn 1\n".getBytes());
        jdbc.update("update session_conversation_parts set end_sha256 = ? where session_id = ?", sha256, sessionId);

        Path other = tempDir("baton-conversation-other-");
        store.restore(sessionId, other, true);
        assertThat(Files.readString(other.resolve(TRANSCRIPT))).isEqualTo("turn 1\n");

        append(node, TRANSCRIPT, "turn 2\n");
        save(node, CLAUDE_ID);
        assertThat(stored(TRANSCRIPT)).as("the SHA-256 of the start matched, so only turn 2 was stored")
                .containsExactly("turn 1\n", "turn 2\n");
        assertThat(parts.summaries(sessionId).getLast().endHash()).hasSize(8);
        Path third = tempDir("baton-conversation-third-");
        store.restore(sessionId, third, true);
        assertThat(Files.readString(third.resolve(TRANSCRIPT))).isEqualTo("turn 1\nturn 2\n");

        jdbc.update("update session_conversation_parts set end_sha256 = ? where session_id = ? and part = 0",
                java.security.MessageDigest.getInstance("SHA-256").digest("TURN 1\n".getBytes()), sessionId);
        jdbc.update("delete from session_conversation_parts where session_id = ? and part = 1", sessionId);
        append(node, TRANSCRIPT, "turn 3\n");
        save(node, CLAUDE_ID);
        assertThat(stored(TRANSCRIPT)).as("a SHA-256 that does not match stores the file whole")
                .containsExactly("turn 1\nturn 2\nturn 3\n");
    }

    private void save(Path configDir, String claudeId) {
        ConversationCopy copy = store.restore(sessionId, configDir, false);
        transaction.executeWithoutResult(status -> store.save(copy, claudeId));
    }

    private long version() {
        return sessions.conversationVersion(sessionId).orElseThrow();
    }

    private List<String> storedPaths() {
        return parts.summaries(sessionId).stream().map(ConversationPart.Summary::path).distinct().toList();
    }

    /** Each stored part of the file, decompressed. */
    private List<String> stored(String path) {
        return parts.findBySessionIdAndPathOrderByPart(sessionId, path).stream().map(part -> {
            try (var in = new GZIPInputStream(new ByteArrayInputStream(part.content()))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private static void append(Path configDir, String path, String text) throws IOException {
        Path file = configDir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
