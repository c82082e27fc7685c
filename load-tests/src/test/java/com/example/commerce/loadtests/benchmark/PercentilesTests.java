package com.example.commerce.loadtests.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTests {

    @Test
    void nearestRankOfAHundredValues() {
        List<Long> values = LongStream.rangeClosed(1, 100).boxed().toList();

        assertThat(Percentiles.of(values, 50)).isEqualTo(50);
        assertThat(Percentiles.of(values, 99)).isEqualTo(99);
        assertThat(Percentiles.of(values, 100)).isEqualTo(100);
    }

    @Test
    void theP99OfFewValuesIsTheLargest() {
        assertThat(Percentiles.of(List.of(3L, 7L, 9L), 99)).isEqualTo(9);
    }

    @Test
    void noValuesHaveNoPercentile() {
        assertThat(Percentiles.of(List.of(), 99)).isEqualTo(-1);
    }
}
