package com.example.commerce.loadtests.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.loadtests.benchmark.BenchmarkTable.Bound;
import org.junit.jupiter.api.Test;

class RatiosTests {

    @Test
    void theRatioIsValueOverLimit() {
        assertThat(Ratios.of(49.0, 100.0)).isEqualTo(0.49);
        assertThat(Ratios.of(300.0, 150.0)).isEqualTo(2.0);
    }

    @Test
    void thereIsNoRatioWithoutAValueOrWithAZeroLimit() {
        assertThat(Ratios.of(null, 100.0)).isNull();
        assertThat(Ratios.of(1.0, null)).isNull();
        assertThat(Ratios.of(1.0, 0.0)).isNull();
    }

    @Test
    void aLowerBoundIsMetAtOrAboveItAndAnUpperBoundAtOrBelowIt() {
        assertThat(Ratios.met(200.0, Bound.AT_LEAST, 200.0)).isTrue();
        assertThat(Ratios.met(199.9, Bound.AT_LEAST, 200.0)).isFalse();
        assertThat(Ratios.met(300.0, Bound.AT_MOST, 300.0)).isTrue();
        assertThat(Ratios.met(301.0, Bound.AT_MOST, 300.0)).isFalse();
        assertThat(Ratios.met(20.0, Bound.EQUAL, 20.0)).isTrue();
        assertThat(Ratios.met(19.0, Bound.EQUAL, 20.0)).isFalse();
        assertThat(Ratios.met(null, Bound.AT_MOST, 300.0)).isNull();
    }

    @Test
    void aShareOfNothingIsZero() {
        assertThat(Ratios.share(0, 0)).isZero();
        assertThat(Ratios.share(1, 4)).isEqualTo(0.25);
    }
}
