package com.example.commerce.backorder.supplier;

import java.time.Duration;

/** Supplier client settings for tests: short timeouts and backoff, a breaker that opens after a few failures. */
public final class SupplierPropertiesMother {

    private SupplierPropertiesMother() {
    }

    public static SupplierProperties at(String url) {
        return new SupplierProperties(url, "commerce", Duration.ofMillis(500), Duration.ofMillis(1_000),
                Duration.ofSeconds(5), new SupplierProperties.Retry(3, Duration.ofMillis(50)),
                new SupplierProperties.Breaker(50, 10, 5, Duration.ofSeconds(30)));
    }

    public static SupplierProperties withTimeouts(String url, Duration connect, Duration read, Duration overall,
                                                  int attempts) {
        return new SupplierProperties(url, "commerce", connect, read, overall,
                new SupplierProperties.Retry(attempts, Duration.ofMillis(10)),
                new SupplierProperties.Breaker(50, 10, 5, Duration.ofSeconds(30)));
    }
}
