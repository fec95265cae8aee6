package dev.baton.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one line a reliability case prints about what it counted: {@code RELIABILITY | <case> | key=value ...}. The
 * same counts are asserted on, so the published figures come from runs that passed. Each line is also appended to
 * {@code target/reliability-report.txt}, so one file collects a whole run.
 */
public final class Report {

    private static final Path FILE = Path.of(System.getProperty("user.dir"), "target", "reliability-report.txt");

    private final String name;
    private final Map<String, Object> counts = new LinkedHashMap<>();

    private Report(String name) {
        this.name = name;
    }

    public static Report of(String caseName) {
        return new Report(caseName);
    }

    public Report put(String key, Object value) {
        counts.put(key, value);
        return this;
    }

    public String line() {
        return "RELIABILITY | " + name + " | " + counts.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    /** Prints the line; call it before the assertions, so a failing run still shows what it saw. */
    public void print() {
        String line = line();
        System.out.println(line);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line + System.lineSeparator(), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
