package com.example.commerce.loadtests.gatling;

import io.gatling.javaapi.core.Simulation;

/**
 * A simulation over the fleet of {@link Fixture#obtain}: the step-up benchmark's prepared fleet, or (run alone
 * through the Gatling Maven plugin) one it starts itself and stops in {@link #after}.
 */
abstract class FleetSimulation extends Simulation {

    private Fixture fixture;

    protected Fixture fixture() {
        if (fixture == null) {
            fixture = Fixture.obtain();
        }
        return fixture;
    }

    @Override
    public void after() {
        Fixture.releaseOwned();
    }
}
