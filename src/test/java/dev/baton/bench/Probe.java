package dev.baton.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Scratch: idle one-at-a-time execute latency, with JFR. */
final class Probe {
    static void run(BatonNode node, Path runDir) throws Exception {
        Http http = node.http();
        String taskId = Load.createTask(http, "bench-noop");
        String path = "/api/v1/tasks/" + taskId + "/execute";
        try (Database db = Database.connect(node)) {
            for (int round = 0; round < 2; round++) {
                Samples get = Load.millis(Load.closedLoop(1, 200, i -> http.get("/api/v1/tasks/" + taskId).status() == 200));
                Samples ex = new Samples();
                for (int i = 0; i < 30; i++) {
                    long t0 = System.nanoTime();
                    http.post(path, Map.of());
                    ex.add((System.nanoTime() - t0) / 1e6);
                    db.awaitNoUnfinished(Duration.ofSeconds(30));
                }
                System.out.printf("round %d: get p50 %.1f p99 %.1f   execute idle p50 %.1f p99 %.1f%n", round,
                        get.p50(), get.p99(), ex.p50(), ex.p99());
            }
            Jfr.start(node.pid());
            Samples burst = Load.millis(Load.closedLoop(64, 256, i -> http.post(path, Map.of()).status() == 202));
            Path f = runDir.resolve("probe.jfr");
            Jfr.stop(node.pid(), f);
            System.out.printf("burst 64: p50 %.1f p99 %.1f%n", burst.p50(), burst.p99());
            db.awaitNoUnfinished(Duration.ofMinutes(2));
            var sum = Jfr.summarize(f, 25);
            System.out.println(sum.samples());
            sum.topFrames().forEach((k, v) -> System.out.println("top " + v + " " + k));
            sum.callerPackages().forEach((k, v) -> System.out.println("pkg " + v + " " + k));
            sum.threads().forEach((k, v) -> System.out.println("thr " + v + " " + k));
            java.util.Map<String, Double> waits = new java.util.HashMap<>();
            for (var e : jdk.jfr.consumer.RecordingFile.readAllEvents(f)) {
                String n = e.getEventType().getName();
                if (!(n.equals("jdk.ThreadPark") || n.equals("jdk.JavaMonitorEnter") || n.equals("jdk.SocketRead")) || e.getStackTrace() == null) continue;
                String where = e.getStackTrace().getFrames().stream().filter(fr -> fr.isJavaFrame())
                    .map(fr -> fr.getMethod().getType().getName() + "." + fr.getMethod().getName())
                    .filter(c -> !c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("sun.")).limit(3)
                    .collect(java.util.stream.Collectors.joining(" < "));
                if (e.getThread() != null && e.getThread().getJavaName() != null && !e.getThread().getJavaName().startsWith("tomcat")) continue;
                waits.merge(n + " " + where, e.getDuration().toNanos() / 1e6, Double::sum);
            }
            waits.entrySet().stream().sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed()).limit(15)
                .forEach(en -> System.out.printf("wait %.0f ms %s%n", en.getValue(), en.getKey()));
        }
    }
}
