package dev.baton.bench;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figure 4: from the CLI writing a line to a WebSocket subscriber receiving it. {@code bench-claude --model
 * bench-stream} writes lines whose text is its {@code $EPOCHREALTIME} at the moment of writing; the subscriber,
 * on the same machine clock, subtracts that from its receive time.
 */
final class StreamingLatency {

    static final int LINES_PER_TURN = 50;
    private static final Pattern WRITTEN = Pattern.compile("bench-t=(\\d+)\\.(\\d{6})");

    private StreamingLatency() {
    }

    static void run(BatonNode node, Report report, boolean quick) throws Exception {
        Http http = node.http();
        int turns = quick ? 2 : 10;
        Samples latency = new Samples();
        turn(http, new Samples()); // warm-up
        for (int t = 0; t < turns; t++) {
            turn(http, latency);
        }
        report.section("4. Streaming latency")
                .note("A session whose CLI is `bench-claude --model bench-stream`: each turn writes " + LINES_PER_TURN
                        + " assistant lines about 20 ms apart, each carrying `$EPOCHREALTIME` (µs) taken as it is "
                        + "written. One WebSocket client subscribed to `/ws/sessions/{id}` sends the query frame and "
                        + "notes the receive time of each frame before parsing it. Latency = receive − write, same "
                        + "clock. " + turns + " turns after one warm-up turn, one at a time.")
                .atMost("line written → frame received: p50", latency.p50(), 20, " ms")
                .atMost("line written → frame received: p99", latency.p99(), 20, " ms")
                .row("lines measured", Integer.toString(latency.count()))
                .row("max", Report.ms(latency.max()));
    }

    private static void turn(Http http, Samples latency) throws Exception {
        String sessionId = Load.createSession(http, "bench-stream");
        CompletableFuture<String> end = new CompletableFuture<>();
        int[] seen = {0};
        try (Socket socket = Socket.open(http.client(), http.wsUrl("/ws/sessions/" + sessionId), (frame, received) -> {
            Matcher m = WRITTEN.matcher(frame);
            if (m.find()) {
                long written = Long.parseLong(m.group(1)) * 1_000_000L + Long.parseLong(m.group(2));
                latency.add((received - written) / 1000.0);
                seen[0]++;
            } else if (frame.startsWith("{\"type\":\"result\"") || frame.startsWith("{\"type\":\"error\"")) {
                end.complete(frame);
            }
        }).get(30, TimeUnit.SECONDS)) {
            socket.send(Http.JSON.writeValueAsString(Map.of("type", "query", "message", "stream")));
            String last = end.get(60, TimeUnit.SECONDS);
            if (!last.startsWith("{\"type\":\"result\"") || seen[0] != LINES_PER_TURN) {
                throw new IllegalStateException("turn ended after " + seen[0] + " timed lines with " + last);
            }
        }
    }
}
