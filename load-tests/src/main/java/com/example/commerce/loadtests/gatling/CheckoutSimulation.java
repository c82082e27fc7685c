package com.example.commerce.loadtests.gatling;

/**
 * Checkout to CONFIRMED at open-model arrival rates ({@code -Dbench.phases=20@60} by default, or
 * {@code -Dbench.stairs=start,step,levels,seconds}); each order is followed to CONFIRMED with the long poll.
 */
public class CheckoutSimulation extends FleetSimulation {

    public CheckoutSimulation() {
        Fixture fixture = fixture();
        setUp(Scenarios.checkout(fixture, Scenarios.followSeconds()).injectOpen(Injection.fromProperties("20@60")))
                .protocols(Scenarios.protocol());
    }
}
