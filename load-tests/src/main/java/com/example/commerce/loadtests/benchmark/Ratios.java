package com.example.commerce.loadtests.benchmark;

/** Ratios of measured values to their limits, and whether a limit is met. */
public final class Ratios {

    private Ratios() {
    }

    /** {@code value / limit}; null when either is missing or the limit is 0. */
    public static Double of(Double value, Double limit) {
        if (value == null || limit == null || limit == 0) {
            return null;
        }
        return value / limit;
    }

    /** Whether {@code value} meets {@code limit} under {@code bound}; null when there is nothing to compare. */
    public static Boolean met(Double value, BenchmarkTable.Bound bound, Double limit) {
        if (value == null || limit == null) {
            return null;
        }
        return switch (bound) {
            case AT_LEAST -> value >= limit;
            case AT_MOST -> value <= limit;
            case EQUAL -> value.equals(limit);
            case NONE -> null;
        };
    }

    /** {@code part / whole}, 0 when the whole is 0. */
    public static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }
}
