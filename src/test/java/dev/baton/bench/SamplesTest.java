package dev.baton.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SamplesTest {

    @Test
    void percentilesAreNearestRank() {
        Samples samples = new Samples(IntStream.rangeClosed(1, 100).mapToObj(i -> (double) (101 - i)).toList());

        assertThat(samples.p50()).isEqualTo(50);
        assertThat(samples.p99()).isEqualTo(99);
        assertThat(samples.percentile(100)).isEqualTo(100);
        assertThat(samples.max()).isEqualTo(100);
    }

    @Test
    void aSmallSeriesHasItsLargestValueAsP99() {
        Samples samples = new Samples(List.of(3.0, 1.0, 2.0));

        assertThat(samples.p50()).isEqualTo(2);
        assertThat(samples.p99()).isEqualTo(3);
    }

    @Test
    void anEmptySeriesHasNoPercentile() {
        assertThat(new Samples().p50()).isNaN();
    }
}
