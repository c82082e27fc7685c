package com.example.commerce.loadtests.gatling;

/** A customer's cart: add a SKU, change its quantity, remove it, at open-model arrival rates. */
public class CartSimulation extends FleetSimulation {

    public CartSimulation() {
        Fixture fixture = fixture();
        setUp(Scenarios.cart(fixture).injectOpen(Injection.fromProperties("5@30"))).protocols(Scenarios.protocol());
    }
}
