package com.example.commerce.loadtests.gatling;

import static io.gatling.javaapi.core.CoreDsl.rampUsers;

import java.time.Duration;

/**
 * A flash sale: {@code -Dbench.flashOrders} (80) customers order one unit each of one SKU ({@code -Dbench.flashSku})
 * that has only a small stock, arriving within {@code -Dbench.flashSeconds} (4 s). The benchmark then checks that
 * exactly the stock was confirmed.
 */
public class FlashSaleSimulation extends FleetSimulation {

    public FlashSaleSimulation() {
        Fixture fixture = fixture();
        String sku = System.getProperty("bench.flashSku");
        if (sku == null) {
            throw new IllegalStateException("-Dbench.flashSku names the SKU on sale");
        }
        setUp(Scenarios.flashSale(fixture, sku, Scenarios.followSeconds())
                .injectOpen(rampUsers(Integer.getInteger("bench.flashOrders", 80))
                        .during(Duration.ofSeconds(Integer.getInteger("bench.flashSeconds", 4)))))
                .protocols(Scenarios.protocol());
    }
}
