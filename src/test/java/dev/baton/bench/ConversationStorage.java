package dev.baton.bench;

import dev.baton.testing.StubAnthropicApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.util.FileSystemUtils;

/**
 * Figure 10: one session's conversation kept in PostgreSQL over 50 turns of the real CLI: what the transcript grows by
 * per turn, what is stored, and how long a save and a restore take. Before every turn but the first the driver
 * deletes the node's copy (the session's {@code projects/} under its CLI config directory), as if each turn landed on
 * a node that never saw the session, so every turn restores the whole conversation first.
 */
final class ConversationStorage {

    private static final int TOOL_EVERY = 5;

    private ConversationStorage() {
    }

    static void run(BatonNode node, Database db, StubAnthropicApi stub, Report report, boolean quick)
            throws IOException, SQLException {
        int turns = quick ? 10 : 50;
        Report.Section section = report.section("10. Conversation storage");
        section.note("One session, " + turns + " sync turns of the real pinned CLI against the stub API, each a short "
                + "prompt answered with an echo; every " + TOOL_EVERY + "th turn also runs a Bash tool call (`seq 1 "
                + "2000`, about 9 KB of output). Before every turn but the first the driver deletes the session's "
                + "`projects/` directory under its CLI config directory, so each turn restores the whole "
                + "conversation, as on a node that never ran the session. Sizes: the transcript file on disk, and "
                + "`length(content)` of the stored gzip parts in PostgreSQL. Times: Baton's "
                + "`baton_conversation_save_seconds` (reading and compressing what the turn appended and writing it, "
                + "inside the turn's closing transaction) and `baton_conversation_restore_seconds` (reading every "
                + "part, decompressing, writing and checking the files), per turn.");
        Http http = node.http();
        String sessionId = http.post("/api/v1/sessions", Map.of("allowedTools", List.of("Bash")))
                .expect(201, "create session").json().path("id").asString();
        Path configDir = node.dataDir().resolve("claude-config").resolve(sessionId);
        Samples growth = new Samples();
        Samples written = new Samples();
        Samples saves = new Samples();
        Samples restores = new Samples();
        long[] transcriptAt = new long[turns + 1];
        long firstWrite = 0;
        long previous = 0;
        for (int turn = 1; turn <= turns; turn++) {
            if (turn > 1) {
                FileSystemUtils.deleteRecursively(configDir.resolve("projects"));
            }
            if (turn % TOOL_EVERY == 0) {
                stub.replyToolUse("Bash", "{\"command\":\"seq 1 2000\",\"description\":\"Count\"}")
                        .replyText("The numbers run from 1 to 2000.");
            }
            Metrics before = Metrics.of(http);
            var answer = http.post("/api/v1/sessions/" + sessionId + "/query", Map.of("message",
                    "Turn " + turn + ": tell me something about the number " + turn + "."))
                    .expect(200, "turn " + turn);
            if (answer.json().path("isError").asBoolean()) {
                throw new IllegalStateException("turn " + turn + " failed: " + answer.body());
            }
            Metrics after = Metrics.of(http);
            long size = transcriptSize(configDir);
            transcriptAt[turn] = size;
            long bytes = db.conversationBytesOfLastSave(sessionId);
            saves.add(delta(before, after, "baton_conversation_save_seconds") * 1000);
            if (turn > 1) {
                growth.add(size - previous);
                written.add(bytes);
                restores.add(delta(before, after, "baton_conversation_restore_seconds") * 1000);
            } else {
                firstWrite = bytes;
            }
            previous = size;
        }
        long stored = db.conversationBytes(sessionId);
        for (int turn : new int[] {1, 10, 25, 50}) {
            if (turn <= turns) {
                section.row("transcript after turn " + turn, kib(transcriptAt[turn]));
            }
        }
        section.row("transcript growth per turn (median, turns 2–" + turns + ")", kib(growth.p50()));
        section.row("transcript growth per turn (max; the tool turns grow most)", kib(growth.max()));
        section.row("stored after turn " + turns + " (gzip, all parts)", kib(stored) + " ("
                + Report.format((double) transcriptAt[turns] / stored) + "× smaller than the transcript)");
        section.row("stored parts after turn " + turns, Long.toString(db.conversationParts(sessionId)));
        section.row("written by the first turn's save (the whole transcript)", kib(firstWrite));
        section.row("written per later save (median / max: the transcript stored whole again once it had 32 parts)",
                kib(written.p50()) + " / " + kib(written.max()));
        section.row("save time per turn (median / p95 / max)", Report.ms(saves.p50()) + " / "
                + Report.ms(saves.percentile(95)) + " / " + Report.ms(saves.max()));
        section.row("restore time per turn, whole conversation (median / p95 / max)", Report.ms(restores.p50())
                + " / " + Report.ms(restores.percentile(95)) + " / " + Report.ms(restores.max()));
    }

    private static double delta(Metrics before, Metrics after, String timer) {
        double count = after.value(timer + "_count") - before.value(timer + "_count");
        if (count != 1) {
            throw new IllegalStateException(timer + " counted " + count + " in one turn, expected 1");
        }
        return after.value(timer + "_sum") - before.value(timer + "_sum");
    }

    /** The session's transcript: the one {@code .jsonl} directly in a project directory. */
    private static long transcriptSize(Path configDir) throws IOException {
        try (Stream<Path> files = Files.walk(configDir.resolve("projects"), 2)) {
            Path transcript = files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no transcript under " + configDir));
            return Files.size(transcript);
        }
    }

    private static String kib(double bytes) {
        return Report.format(bytes / 1024) + " KiB";
    }
}
