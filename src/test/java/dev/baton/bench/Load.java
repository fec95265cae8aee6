package dev.baton.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Request loops shared by the scenarios: bounded in count and in time. */
final class Load {

    private Load() {
    }

    /** The outcome of one request: latency in ms, and whether it answered what it should. */
    record Timed(double millis, boolean ok) {
    }

    /** {@code clients} concurrent loops that together send {@code total} requests; answers every latency. */
    static List<Timed> closedLoop(int clients, int total, IntFunction<Boolean> request) {
        AtomicInteger next = new AtomicInteger();
        List<Timed> results = java.util.Collections.synchronizedList(new ArrayList<>());
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> loops = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                loops.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < total) {
                        long t0 = System.nanoTime();
                        boolean ok;
                        try {
                            ok = request.apply(i);
                        } catch (RuntimeException e) {
                            ok = false;
                        }
                        results.add(new Timed((System.nanoTime() - t0) / 1e6, ok));
                    }
                }));
            }
            for (Future<?> loop : loops) {
                loop.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return results;
    }

    static Samples millis(List<Timed> results) {
        return new Samples(results.stream().map(Timed::millis).toList());
    }

    static long failures(List<Timed> results) {
        return results.stream().filter(r -> !r.ok()).count();
    }

    /** A task whose prompt runs through bench-claude as {@code model}, tried once. */
    static String createTask(Http http, String model) {
        return http.post("/api/v1/tasks", Map.of("name", "bench-" + model + "-" + UUID.randomUUID(),
                        "promptTemplate", "benchmark turn", "model", model, "retry", Map.of("maxAttempts", 1)))
                .expect(201, "create task").json().path("id").asString();
    }

    /** A session; {@code model} null means the CLI's default, which bench-claude hands to the real CLI. */
    static String createSession(Http http, String model) {
        Map<String, Object> body = model == null ? Map.of() : Map.of("model", model);
        return http.post("/api/v1/sessions", body).expect(201, "create session").json().path("id").asString();
    }
}
