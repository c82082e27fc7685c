package com.example.commerce.stack;

import java.util.List;
import java.util.NoSuchElementException;

/** The fleet of DESIGN.md §1-2: every process, its default port and its schema. */
public final class FleetLayout {

    public static final ServiceSpec PARTNER_SIMULATORS = new ServiceSpec("partner-simulators", 8090, null);

    public static final List<ServiceSpec> SERVICES = List.of(
            new ServiceSpec("catalog-service", 8081, "catalog"),
            new ServiceSpec("customer-service", 8082, "customer"),
            new ServiceSpec("cart-service", 8083, "cart"),
            new ServiceSpec("order-service", 8084, "orders"),
            new ServiceSpec("inventory-service", 8085, "inventory"),
            new ServiceSpec("payment-service", 8086, "payment"),
            new ServiceSpec("shipping-service", 8087, "shipping"),
            new ServiceSpec("backorder-service", 8088, "backorder"),
            new ServiceSpec("reporting-service", 8089, "reporting"));

    /** The database every service shares, each in its own schema. */
    public static final String DATABASE = "commerce";

    public static final int KAFKA_PORT = 9092;
    public static final int KAFKA_CONTROLLER_PORT = 9093;
    public static final int POSTGRES_PORT = 5432;
    /** The partner simulators' mail server (SMTP), where customer-service sends its emails. */
    public static final int SMTP_PORT = 2525;

    private FleetLayout() {
    }

    /** The partner simulators first (the services call them), then the nine services. */
    public static List<ServiceSpec> processes() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(PARTNER_SIMULATORS), SERVICES.stream()).toList();
    }

    /** The schemas of all services, in fleet order. */
    public static List<String> schemas() {
        return SERVICES.stream().map(ServiceSpec::schema).toList();
    }

    public static ServiceSpec byName(String name) {
        return processes().stream()
                .filter(spec -> spec.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no such process: " + name));
    }
}
