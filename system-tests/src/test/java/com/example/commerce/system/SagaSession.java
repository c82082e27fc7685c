package com.example.commerce.system;

import com.example.commerce.stack.FleetOptions;
import com.example.commerce.stack.api.Shop;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The saga's fleet for one test class ({@code @RegisterExtension static final SagaSession saga = ...}): started
 * before its tests with a signed-in customer who has a good card saved, the partner simulators put back to
 * their defaults after every test, and at the class's end every order
 * it placed checked by the {@link InvariantChecker} (unless a test of the class just did), then the fleet stopped.
 */
final class SagaSession implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    /** How long the class's end waits for every order to end before I3 calls one stuck. */
    static final java.time.Duration QUIET = java.time.Duration.ofMinutes(3);

    private final String name;
    private final UnaryOperator<FleetOptions> tuning;
    private final String email;
    private final java.util.List<String> pairs;
    private SagaFleet fleet;
    private String customer;
    private String card;
    private InvariantChecker invariants;

    /** A fleet in {@code target/<name>}, {@code tuning} adding arguments per process, shopping as {@code email}. */
    SagaSession(String name, UnaryOperator<FleetOptions> tuning, String email) {
        this.name = name;
        this.tuning = tuning;
        this.email = email;
        this.pairs = java.util.List.of();
    }

    private SagaSession(String name, UnaryOperator<FleetOptions> tuning, String email, java.util.List<String> pairs) {
        this.name = name;
        this.tuning = tuning;
        this.email = email;
        this.pairs = java.util.List.copyOf(pairs);
    }

    /**
     * This session with a second instance of each of {@code services}, named {@code <service>-2}, on its own port
     * (same schema, same consumer group): the pair splits the partitions and meets the other's leases for real.
     */
    SagaSession withSecondInstances(String... services) {
        return new SagaSession(name, tuning, email, java.util.List.of(services));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        fleet = SagaFleet.start(name, tuning);
        for (String service : pairs) {
            fleet.fleet.startInstance(com.example.commerce.stack.FleetLayout.byName(service), service + "-2");
        }
        customer = fleet.shop.signIn(email);
        card = fleet.shop.savePaymentMethod(customer, Shop.GOOD_CARD);
        invariants = new InvariantChecker(fleet);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        fleet.shop.resetPartners();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (fleet == null) {
            return;
        }
        try {
            if (!invariants.checkedSinceLastOrder()) {
                invariants.assertAllHold(QUIET);
            }
        } finally {
            fleet.close();
        }
    }

    SagaFleet fleet() {
        return fleet;
    }

    Shop shop() {
        return fleet.shop;
    }

    /** The customer's access token. */
    String customer() {
        return customer;
    }

    /** The id of the customer's saved card that the provider authorises. */
    String card() {
        return card;
    }

    InvariantChecker invariants() {
        return invariants;
    }
}
