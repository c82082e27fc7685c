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
    private final boolean shared;
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
        this.shared = false;
    }

    private SagaSession(String name, UnaryOperator<FleetOptions> tuning, String email, java.util.List<String> pairs,
                        boolean shared) {
        this.name = name;
        this.tuning = tuning;
        this.email = email;
        this.pairs = java.util.List.copyOf(pairs);
        this.shared = shared;
    }

    /**
     * The fleet that {@code SagaFaultsSystemTests} and {@code SagaSystemTests} share (one start of 11 processes
     * instead of two): two instances each of order, payment and shipping; customer-service's per-address sign-in
     * and sign-up limits lifted (every customer of the fault load comes from 127.0.0.1); a parcel the courier said
     * nothing of for 30 s looked up at the courier (the lost-callbacks scenario). Started by the first class that
     * uses it, stopped when the test run ends; each class shops as its own customer and checks its own end.
     */
    static SagaSession pairedFleet(String email) {
        return new SagaSession("saga-paired-fleet", options -> options
                .withArguments("customer-service", "--commerce.identity.rate-limits.sign-in=100000",
                        "--commerce.identity.rate-limits.sign-up=100000")
                .withArguments("shipping-service", "--commerce.shipping.courier.track-after=30s"),
                email, PAIRED, true);
    }

    /** The services that run twice in the {@link #pairedFleet}. */
    static final java.util.List<String> PAIRED = java.util.List.of("order-service", "payment-service", "shipping-service");

    /**
     * This session with a second instance of each of {@code services}, named {@code <service>-2}, on its own port
     * (same schema, same consumer group): the pair splits the partitions and meets the other's leases for real.
     */
    SagaSession withSecondInstances(String... services) {
        return new SagaSession(name, tuning, email, java.util.List.of(services), shared);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (shared) {
            // Closed with the root context's store, when the whole run ends (a store closes its AutoCloseables).
            fleet = context.getRoot().getStore(ExtensionContext.Namespace.create(SagaSession.class))
                    .computeIfAbsent(name, key -> startFleet(), SagaFleet.class);
        } else {
            fleet = startFleet();
        }
        customer = fleet.shop.signIn(email);
        card = fleet.shop.savePaymentMethod(customer, Shop.GOOD_CARD);
        invariants = new InvariantChecker(fleet);
    }

    private SagaFleet startFleet() {
        SagaFleet started = SagaFleet.start(name, tuning);
        for (String service : pairs) {
            started.fleet.startInstance(com.example.commerce.stack.FleetLayout.byName(service), service + "-2");
        }
        return started;
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
            if (!shared) {
                fleet.close();
            }
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
