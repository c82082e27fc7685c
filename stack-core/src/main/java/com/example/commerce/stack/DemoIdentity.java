package com.example.commerce.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The demo clients and customers of the local stack and the system tests, with documented credentials
 * (root README, "Sign in / tokens"). customer-service's own configuration has none: {@link Fleet}
 * registers the clients on customer-service's command line and signs the customers up through its
 * public API once it is healthy. Never use these credentials outside this machine.
 */
public final class DemoIdentity {

    /** A confidential client: client credentials with these scopes. */
    public record Client(String clientId, String secret, List<String> scopes, List<String> roles) {
    }

    /** A customer who signs in through the storefront. */
    public record Customer(String email, String password, String displayName) {
    }

    /** Every demo customer has this password. */
    public static final String CUSTOMER_PASSWORD = "demo-shopper-2026";

    public static final List<Client> CLIENTS = List.of(
            new Client("ops-console", "ops-console-secret",
                    List.of("ops:dead-letters", "ops:payments", "ops:signing-keys", "ops:health", "orders:read", "orders:write", "inventory:read",
                            "payments:read", "shipments:read", "backorders:read", "reports:read"), List.of("operator")),
            new Client("catalog-importer", "catalog-importer-secret", List.of("catalog:write", "inventory:write"),
                    List.of("integrator")),
            new Client("merchandiser", "merchandiser-secret", List.of("catalog:write", "promotions:write"),
                    List.of("merchandiser")));

    public static final List<Customer> CUSTOMERS = List.of(
            new Customer("alice@example.com", CUSTOMER_PASSWORD, "Alice Example"),
            new Customer("bob@example.com", CUSTOMER_PASSWORD, "Bob Example"),
            new Customer("carol@example.com", CUSTOMER_PASSWORD, "Carol Example"));

    private DemoIdentity() {
    }

    public static Optional<Client> client(String clientId) {
        return CLIENTS.stream().filter(client -> client.clientId().equals(clientId)).findFirst();
    }

    public static Optional<Customer> customer(String email) {
        return CUSTOMERS.stream().filter(customer -> customer.email().equalsIgnoreCase(email)).findFirst();
    }

    /** customer-service's command-line options that register the demo clients. */
    static List<String> clientArguments() {
        List<String> arguments = new ArrayList<>();
        for (int i = 0; i < CLIENTS.size(); i++) {
            Client client = CLIENTS.get(i);
            String prefix = "--commerce.identity.clients[" + i + "].";
            arguments.add(prefix + "client-id=" + client.clientId());
            arguments.add(prefix + "secret=" + client.secret());
            arguments.add(prefix + "scopes=" + String.join(",", client.scopes()));
            arguments.add(prefix + "roles=" + String.join(",", client.roles()));
        }
        return arguments;
    }
}
