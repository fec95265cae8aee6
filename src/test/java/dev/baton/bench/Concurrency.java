package dev.baton.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Figure 6: many sync queries against a slow CLI at once, while many idle WebSocket subscribers stay connected;
 * errors, and the node's heap, threads and RSS at the peak.
 */
final class Concurrency {

    static final int QUERIES = 200;
    static final int SUBSCRIBERS = 1000;
    private static final int IDLE_SESSIONS = 10;

    private Concurrency() {
    }

    /** The highest readings seen while sampling. */
    private static final class Peak {
        volatile double heap;
        volatile double threads;
        volatile long rss;

        void sample(BatonNode node, boolean metrics) {
            rss = Math.max(rss, node.rssBytes());
            if (metrics) {
                Metrics m = Metrics.of(node.http());
                heap = Math.max(heap, m.heapUsedBytes());
                threads = Math.max(threads, m.liveThreads());
            }
        }
    }

    static void run(BatonNode node, Report report, int maxConcurrent) throws Exception {
        Http http = node.http();
        List<String> busy = new ArrayList<>();
        for (int i = 0; i < QUERIES; i++) {
            busy.add(Load.createSession(http, "bench-sleep"));
        }
        List<String> idle = new ArrayList<>();
        for (int i = 0; i < IDLE_SESSIONS; i++) {
            idle.add(Load.createSession(http, "bench-noop"));
        }
        Peak before = new Peak();
        before.sample(node, true);

        List<Socket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> refusals = java.util.Collections.synchronizedList(new ArrayList<>());
        Semaphore connecting = new Semaphore(64);
        List<CompletableFuture<?>> opening = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            connecting.acquire();
            String url = http.wsUrl("/ws/sessions/" + idle.get(i % IDLE_SESSIONS));
            opening.add(Socket.open(http.client(), url, (frame, at) -> { })
                    .whenComplete((socket, error) -> {
                        connecting.release();
                        if (error != null) {
                            refusals.add(String.valueOf(error));
                        } else {
                            sockets.add(socket);
                        }
                    }));
        }
        CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
                .get(2, TimeUnit.MINUTES);
        Peak subscribed = new Peak();
        subscribed.sample(node, true);

        Peak peak = new Peak();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            int tick = 0;
            while (sampling.get()) {
                peak.sample(node, tick++ % 2 == 0);
                BatonNode.pause(java.time.Duration.ofMillis(250));
            }
        });
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger errors = new AtomicInteger();
        List<String> errorSamples = java.util.Collections.synchronizedList(new ArrayList<>());
        Samples latency = new Samples();
        long t0;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> queries = new ArrayList<>();
            for (String sessionId : busy) {
                queries.add(pool.submit(() -> {
                    go.await();
                    long start = System.nanoTime();
                    try {
                        Http.Answer answer = http.post("/api/v1/sessions/" + sessionId + "/query",
                                Map.of("message", "sleep"));
                        latency.add((System.nanoTime() - start) / 1e6);
                        if (answer.status() != 200 || answer.json().path("isError").asBoolean()) {
                            errors.incrementAndGet();
                            errorSamples.add(answer.status() + " " + answer.body());
                        }
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                        errorSamples.add(e.toString());
                    }
                    return null;
                }));
            }
            t0 = System.nanoTime();
            go.countDown();
            for (Future<?> query : queries) {
                query.get(3, TimeUnit.MINUTES);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        sampling.set(false);
        sampler.join();
        long stillOpen = sockets.stream().filter(Socket::isOpen).count();
        sockets.forEach(Socket::close);

        Report.Section section = report.section("6. Concurrency");
        section.note(QUERIES + " sync queries (`POST /api/v1/sessions/{id}/query`, one per session) sent at the same "
                + "moment, each against `bench-claude --model bench-sleep` (2 s of sleep), on a node with "
                + "`BATON_CLAUDE_MAX_CONCURRENT=" + maxConcurrent + "` (the default 8 would answer most of them 429 by "
                + "design), while " + SUBSCRIBERS + " WebSocket subscribers stay connected to " + IDLE_SESSIONS
                + " idle sessions. Peaks are sampled every 250 ms (RSS from `/proc/<pid>/status`) and every 500 ms "
                + "(heap and live threads from `/actuator/prometheus`: `jvm_memory_used_bytes{area=\"heap\"}` summed "
                + "over the pools, `jvm_threads_live_threads`, which does not count virtual threads). The same counts "
                + "run in quick mode.");
        noteFirst(section, "First errors", errorSamples);
        noteFirst(section, "First refusals", refusals);
        section.zero("query errors (not 200, or isError)", errors.get());
        section.zero("subscribers refused", refusals.size());
        section.zero("subscribers closed before the end", SUBSCRIBERS - refusals.size() - stillOpen);
        section.row("all " + QUERIES + " queries answered within", Report.format(seconds) + " s");
        section.row("query latency p50 / max", Report.ms(latency.p50()) + " / " + Report.ms(latency.max()));
        section.row("heap used: idle / with subscribers / peak", Report.mib(before.heap) + " / "
                + Report.mib(subscribed.heap) + " / " + Report.mib(peak.heap));
        section.row("live threads: idle / with subscribers / peak", Report.format(before.threads) + " / "
                + Report.format(subscribed.threads) + " / " + Report.format(peak.threads));
        section.row("Baton RSS: idle / with subscribers / peak", Report.mib(before.rss) + " / "
                + Report.mib(subscribed.rss) + " / " + Report.mib(peak.rss));
    }

    /** The first three of {@code samples}, if any, as a note under the table. */
    private static void noteFirst(Report.Section section, String label, List<String> samples) {
        if (!samples.isEmpty()) {
            section.note(label + ": `" + String.join("`; `", samples.subList(0, Math.min(3, samples.size())))
                    .replace("|", "\\|") + "`");
        }
    }
}
