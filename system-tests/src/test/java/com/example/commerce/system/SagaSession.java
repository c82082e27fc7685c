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
 * their defaults after every test, every order the class places checked by {@link SagaInvariants}, and the
 * fleet stopped after the class.
 */
final class SagaSession implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final String name;
    private final UnaryOperator<FleetOptions> tuning;
    private final String email;
    private SagaFleet fleet;
    private String customer;
    private String card;
    private SagaInvariants invariants;

    /** A fleet in {@code target/<name>}, {@code tuning} adding arguments per process, shopping as {@code email}. */
    SagaSession(String name, UnaryOperator<FleetOptions> tuning, String email) {
        this.name = name;
        this.tuning = tuning;
        this.email = email;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        fleet = SagaFleet.start(name, tuning);
        customer = fleet.shop.signIn(email);
        card = fleet.shop.savePaymentMethod(customer, Shop.GOOD_CARD);
        invariants = new SagaInvariants(fleet.shop);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        fleet.shop.resetPartners();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (fleet != null) {
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

    SagaInvariants invariants() {
        return invariants;
    }
}
