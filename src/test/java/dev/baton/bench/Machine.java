package dev.baton.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** What the figures were measured on: machine, JDK, date and the git revision of the tree. */
record Machine(int cores, String cpuModel, long memoryBytes, String jdk, String date, String revision) {

    static Machine describe(Path repository) {
        String cpuinfo = Proc.read(Path.of("/proc/cpuinfo")).orElse("");
        String model = cpuinfo.lines().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        long memory = Proc.read(Path.of("/proc/meminfo")).orElse("").lines().filter(l -> l.startsWith("MemTotal:"))
                .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).orElse(0L);
        String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.name") + " "
                + System.getProperty("java.runtime.version");
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        String revision = git(repository, "rev-parse", "--short=12", "HEAD");
        // The .claude-cli symlink to the installed CLI is untracked in every worktree and says nothing about the code.
        if (git(repository, "status", "--porcelain").lines().anyMatch(l -> !l.equals("?? .claude-cli"))) {
            revision += " (dirty)";
        }
        return new Machine(Runtime.getRuntime().availableProcessors(), model, memory, jdk, date, revision);
    }

    private static String git(Path repository, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", repository.toString()));
        command.addAll(List.of(args));
        try {
            Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return git.waitFor() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
