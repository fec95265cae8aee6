package dev.baton.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Measured values of one figure, with nearest-rank percentiles. */
final class Samples {

    private final List<Double> values = new ArrayList<>();

    Samples() {
    }

    Samples(Collection<Double> values) {
        this.values.addAll(values);
    }

    synchronized void add(double value) {
        values.add(value);
    }

    synchronized int count() {
        return values.size();
    }

    /** The nearest-rank percentile: the smallest value with at least p % of all values at or below it. */
    synchronized double percentile(double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    double p50() {
        return percentile(50);
    }

    double p99() {
        return percentile(99);
    }

    synchronized double max() {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    synchronized double mean() {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
