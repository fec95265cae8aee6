package dev.baton.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Bad WebSocket frames on {@code /ws/sessions/{id}}: each gets an error frame, the socket stays open and usable,
 * and no table changes.
 */
class MalformedFramesTest extends SecurityTest {

    @Autowired
    private DataSource dataSource;

    /** A bad frame: text, or binary when {@code binary} is set. */
    record BadFrame(String name, String text, byte[] binary, String errorMentions) {

        static BadFrame text(String name, String text, String errorMentions) {
            return new BadFrame(name, text, null, errorMentions);
        }
    }

    static List<BadFrame> corpus() {
        return List.of(
                BadFrame.text("not JSON", "not json", "frame"),
                BadFrame.text("truncated JSON", "{\"type\":\"query\",", "frame"),
                BadFrame.text("empty frame", "", "frame"),
                BadFrame.text("JSON array", "[\"query\",\"hi\"]", "frame"),
                BadFrame.text("JSON number", "42", "frame"),
                BadFrame.text("JSON string", "\"query\"", "frame"),
                BadFrame.text("no type", "{\"message\":\"hi\"}", "type"),
                BadFrame.text("unknown type", "{\"type\":\"exec\",\"command\":\"rm -rf ~\"}", "type"),
                BadFrame.text("type not a string", "{\"type\":[\"query\"],\"message\":\"hi\"}", "type"),
                BadFrame.text("query without message", "{\"type\":\"query\"}", "message"),
                BadFrame.text("message a number", "{\"type\":\"query\",\"message\":7}", "message"),
                BadFrame.text("message null", "{\"type\":\"query\",\"message\":null}", "message"),
                BadFrame.text("message an object", "{\"type\":\"query\",\"message\":{\"text\":\"hi\"}}", "message"),
                BadFrame.text("message empty", "{\"type\":\"query\",\"message\":\"\"}", "message"),
                BadFrame.text("message blank", "{\"type\":\"query\",\"message\":\" \\n\\t \"}", "message"),
                BadFrame.text("message with a NUL", "{\"type\":\"query\",\"message\":\"a\\u0000b\"}", "message"),
                BadFrame.text("message with an unpaired surrogate", "{\"type\":\"query\",\"message\":\"a\\ud800\"}",
                        "message"),
                BadFrame.text("message over the limit", "{\"type\":\"query\",\"message\":\"" + "x".repeat(100_001)
                        + "\"}", "message"),
                BadFrame.text("frame far over any message", "{\"type\":\"query\",\"message\":\"" + "y".repeat(1_000_000)
                        + "\"}", "frame"),
                BadFrame.text("approval without an id", "{\"type\":\"approval\",\"decision\":\"allow\"}", "id"),
                BadFrame.text("approval id not a uuid", "{\"type\":\"approval\",\"id\":\"1 or 1=1\","
                        + "\"decision\":\"allow\"}", "id"),
                BadFrame.text("approval with an unknown decision", "{\"type\":\"approval\",\"id\":\""
                        + "00000000-0000-4000-8000-000000000000\",\"decision\":\"maybe\"}", "decision"),
                BadFrame.text("approval message a number", "{\"type\":\"approval\",\"id\":\""
                        + "00000000-0000-4000-8000-000000000000\",\"decision\":\"deny\",\"message\":7}",
                        "message"),
                new BadFrame("binary frame", null, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8), "binary"),
                new BadFrame("large binary frame", null, new byte[100_000], "binary"));
    }

    @TestFactory
    Stream<DynamicTest> everyBadFrameGetsAnErrorFrameAndTheSocketStaysUsable() {
        var user = newUser();
        Http http = new Http(port);
        String session = http.send(user.key(), "POST", "/api/v1/sessions", Map.of("title", "frames")).json()
                .path("id").asString();
        assertThat(http.send(user.key(), "POST", "/api/v1/sessions/" + session + "/query",
                Map.of("message", "hello")).status()).isEqualTo(200);
        DatabaseSnapshot before = DatabaseSnapshot.quiet(dataSource);
        Socket socket = new Socket(port, "/ws/sessions/" + session, user.key());
        AtomicInteger errorFrames = new AtomicInteger();
        AtomicInteger stillUsable = new AtomicInteger();

        List<DynamicTest> tests = new ArrayList<>();
        for (BadFrame bad : corpus()) {
            tests.add(DynamicTest.dynamicTest(bad.name(), () -> {
                if (bad.binary() != null) {
                    socket.sendBinary(bad.binary());
                } else {
                    socket.sendText(bad.text());
                }
                JsonNode answer = socket.next();
                assertThat(answer.path("type").asString()).as(answer.toString()).isEqualTo("error");
                assertThat(answer.path("error").path("type").asString()).isEqualTo("bad_request");
                assertThat(answer.path("error").path("message").asString()).contains(bad.errorMentions());
                errorFrames.incrementAndGet();

                socket.sendText("{\"type\":\"ping\"}");
                assertThat(socket.next().path("type").asString()).isEqualTo("pong");
                assertThat(socket.closedByServer()).isFalse();
                stillUsable.incrementAndGet();
            }));
        }
        tests.add(DynamicTest.dynamicTest("nothing changed in the database", () -> {
            socket.close();
            DatabaseSnapshot after = DatabaseSnapshot.quiet(dataSource);
            long changed = before.tables().keySet().stream()
                    .filter(t -> !before.tables().get(t).equals(after.tables().get(t))).count();
            report("malformed-frames", counts("frames", corpus().size(), "errorFrames", errorFrames,
                    "socketUsableAfter", stillUsable, "closedByServer", socket.closeCode() == null ? 0 : 1,
                    "stateChanges", changed));
            assertThat(errorFrames.get()).isEqualTo(corpus().size());
            assertThat(stillUsable.get()).isEqualTo(corpus().size());
            assertThat(after).isEqualTo(before);
        }));
        return tests.stream();
    }

    /** Tomcat's buffer holds 8 KiB; a longer frame used to close the socket with 1009 instead of running. */
    @Test
    void aQueryLongerThanTheContainerBufferRunsOverTheSocket() {
        var user = newUser();
        String session = new Http(port).send(user.key(), "POST", "/api/v1/sessions", Map.of()).json()
                .path("id").asString();
        String message = "long \"quoted\" line\n".repeat(4000);
        try (Socket socket = new Socket(port, "/ws/sessions/" + session, user.key())) {
            socket.sendText(tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(
                    Map.of("type", "query", "message", message)));
            JsonNode frame;
            do {
                frame = socket.next();
            } while (frame.path("type").asString().equals("message"));

            assertThat(frame.path("type").asString()).as(frame.toString()).isEqualTo("result");
            assertThat(frame.path("response").asString()).isEqualTo("Echo: " + message);
        }
    }
}
