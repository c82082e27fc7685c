package com.example.commerce.loadtests.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;

import java.time.Duration;

/**
 * One catalogue read alone, product by SKU or the trivial endpoint ({@code -Dbench.read=bySku|trivial}). With
 * {@code -Dbench.concurrency=N} a closed model keeps N requests in flight for {@code -Dbench.seconds}: what the
 * service carries at most. Without it, open-model arrival rates ({@code -Dbench.phases}), for its latency at a
 * given rate.
 */
public class CatalogueReadSimulation extends FleetSimulation {

    public CatalogueReadSimulation() {
        Fixture fixture = fixture();
        boolean bySku = !"trivial".equals(System.getProperty("bench.read", "bySku"));
        Integer concurrency = Integer.getInteger("bench.concurrency");
        if (concurrency != null) {
            setUp(Scenarios.catalogueRead(fixture, bySku).injectClosed(constantConcurrentUsers(concurrency)
                    .during(Duration.ofSeconds(Integer.getInteger("bench.seconds", 20))))).protocols(Scenarios.protocol());
        } else {
            setUp(Scenarios.catalogueRead(fixture, bySku).injectOpen(Injection.fromProperties("50@20")))
                    .protocols(Scenarios.protocol());
        }
    }
}
