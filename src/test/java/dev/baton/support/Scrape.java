package dev.baton.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** One answer of {@code /actuator/prometheus}, read the way Prometheus would: one sample per line. */
public record Scrape(List<String> samples) {

    public static Scrape of(Api api) {
        Api.Response response = api.get("/actuator/prometheus");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/plain");
        return parse(response.body());
    }

    /** Reads the exposition text format: comment lines and blank lines are not samples. */
    public static Scrape parse(String body) {
        return new Scrape(body.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList());
    }

    /** The sum of every sample of {@code name} that carries all {@code labels} (written {@code key="value"}). */
    public double value(String name, String... labels) {
        return samples.stream()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** How much {@code name} (with {@code labels}) grew since {@code earlier}. */
    public double minus(Scrape earlier, String name, String... labels) {
        return value(name, labels) - earlier.value(name, labels);
    }

    public boolean has(String name, String... labels) {
        return samples.stream()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .anyMatch(line -> Arrays.stream(labels).allMatch(line::contains));
    }

    public Set<String> names() {
        return samples.stream().map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toSet());
    }
}
