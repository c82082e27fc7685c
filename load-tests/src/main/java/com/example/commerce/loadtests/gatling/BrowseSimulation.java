package com.example.commerce.loadtests.gatling;

/** Browsing the catalogue (list, search, product by SKU, the trivial endpoint) at open-model arrival rates. */
public class BrowseSimulation extends FleetSimulation {

    public BrowseSimulation() {
        Fixture fixture = fixture();
        setUp(Scenarios.browse(fixture).injectOpen(Injection.fromProperties("20@30"))).protocols(Scenarios.protocol());
    }
}
