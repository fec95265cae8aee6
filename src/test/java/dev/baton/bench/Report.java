package dev.baton.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's results: one section per scenario, each with a note on how it was measured, a table of figures
 * (with the target, the ratio to it and whether it was met, where the brief sets one) and optional extra lines.
 */
final class Report {

    record Row(String figure, String value, String target, String ratio, String verdict) {
    }

    static final class Section {
        final String title;
        final List<String> notes = new ArrayList<>();
        final List<Row> rows = new ArrayList<>();
        final List<String> extra = new ArrayList<>();

        Section(String title) {
            this.title = title;
        }

        Section note(String text) {
            notes.add(text);
            return this;
        }

        Section row(String figure, String value) {
            rows.add(new Row(figure, value, "", "", ""));
            return this;
        }

        /** A figure that must stay at or below {@code limit}; both are in {@code unit}. */
        Section atMost(String figure, double value, double limit, String unit) {
            String ratio = Double.isNaN(value) ? "n/a" : format(value / limit) + "× target";
            String verdict = Double.isNaN(value) ? "not measured" : value <= limit ? "meets" : "MISSED";
            rows.add(new Row(figure, format(value) + unit, "≤ " + format(limit) + unit, ratio, verdict));
            return this;
        }

        /** A figure that must stay at or above {@code floor}; both are in {@code unit}. */
        Section atLeast(String figure, double value, double floor, String unit) {
            String ratio = Double.isNaN(value) ? "n/a" : format(value / floor) + "× target";
            String verdict = Double.isNaN(value) ? "not measured" : value >= floor ? "meets" : "MISSED";
            rows.add(new Row(figure, format(value) + unit, "≥ " + format(floor) + unit, ratio, verdict));
            return this;
        }

        /** A count that must be zero, such as errors. */
        Section zero(String figure, long value) {
            rows.add(new Row(figure, Long.toString(value), "0", "", value == 0 ? "meets" : "MISSED"));
            return this;
        }

        Section extra(String markdownLine) {
            extra.add(markdownLine);
            return this;
        }
    }

    private final List<String> header = new ArrayList<>();
    private final List<Section> sections = new ArrayList<>();

    void header(String line) {
        header.add(line);
    }

    Section section(String title) {
        Section section = new Section(title);
        sections.add(section);
        return section;
    }

    Section lastSection() {
        return sections.getLast();
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        header.forEach(line -> out.append(line).append('\n'));
        for (Section s : ordered()) {
            out.append("\n## ").append(s.title).append("\n\n");
            s.notes.forEach(n -> out.append(n).append("\n\n"));
            if (!s.rows.isEmpty()) {
                out.append("| figure | measured | target | ratio | verdict |\n| --- | --- | --- | --- | --- |\n");
                for (Row r : s.rows) {
                    out.append("| ").append(String.join(" | ", r.figure, r.value, r.target, r.ratio, r.verdict))
                            .append(" |\n");
                }
            }
            if (!s.extra.isEmpty()) {
                out.append('\n');
                s.extra.forEach(line -> out.append(line).append('\n'));
            }
        }
        return out.toString();
    }

    /** The figures as a plain text table for the console. */
    String table() {
        StringBuilder out = new StringBuilder();
        for (Section s : ordered()) {
            out.append("\n== ").append(s.title).append(" ==\n");
            for (Row r : s.rows) {
                out.append(String.format(Locale.ROOT, "  %-62s %16s", r.figure, r.value));
                if (!r.target.isEmpty()) {
                    out.append(String.format(Locale.ROOT, "  target %-10s %-14s %s", r.target, r.ratio, r.verdict));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** By the figure number that starts each title (stable, so a figure's sections keep their order). */
    private List<Section> ordered() {
        List<Section> copy = new ArrayList<>(sections);
        copy.sort(java.util.Comparator.comparingInt(s -> number(s.title)));
        return copy;
    }

    private static int number(String title) {
        var m = java.util.regex.Pattern.compile("^(\\d+)\\.").matcher(title);
        return m.find() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double abs = Math.abs(value);
        String pattern = abs >= 100 ? "%.0f" : abs >= 10 ? "%.1f" : abs >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, value);
    }

    static String ms(double value) {
        return format(value) + " ms";
    }

    static String mib(double bytes) {
        return format(bytes / (1024 * 1024)) + " MiB";
    }

    static String percent(double fraction) {
        return format(fraction * 100) + " %";
    }
}
