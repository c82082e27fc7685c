package com.example.commerce.loadtests.benchmark;

import java.util.List;

/** Nearest-rank percentiles of measured latencies. */
public final class Percentiles {

    private Percentiles() {
    }

    /**
     * The nearest-rank percentile of {@code sorted} (ascending): the smallest value with at least
     * {@code percentile}% of the values at or below it; -1 when there are none.
     */
    public static long of(List<Long> sorted, double percentile) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
