package com.example.commerce.stack;

import java.util.List;
import java.util.OptionalDouble;

/**
 * What a service's {@code /actuator/prometheus} answered, in the Prometheus text format: the series of a
 * metric and their values, for a test or a tool that checks what operations would see.
 */
public record PrometheusScrape(String text) {

    /** The series lines of {@code metric} (its name followed by its labels or its value); comments left out. */
    public List<String> series(String metric) {
        return text.lines().filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " ")).toList();
    }

    /** {@code metric} summed over all its series; 0 when it has none. */
    public double sum(String metric) {
        return series(metric).stream().mapToDouble(PrometheusScrape::valueOf).sum();
    }

    /** The value of the first series of {@code metric} labelled {@code label="value"}, if there is one. */
    public OptionalDouble value(String metric, String label, String value) {
        String labelled = label + "=\"" + value + "\"";
        return series(metric).stream().filter(line -> line.contains(labelled))
                .mapToDouble(PrometheusScrape::valueOf).findFirst();
    }

    private static double valueOf(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
