package com.example.commerce.system;

import com.example.commerce.stack.Fleet;
import com.example.commerce.stack.FleetOptions;
import com.example.commerce.stack.PrometheusScrape;
import com.example.commerce.stack.api.Shop;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The processes of the order saga, started for one test class, and the shop that drives them. */
final class SagaFleet implements AutoCloseable {

    static final String[] PROCESSES = {"partner-simulators", "customer-service", "catalog-service", "cart-service",
            "order-service", "inventory-service", "payment-service", "shipping-service"};

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /**
     * How long the processes may take to become healthy: 5 minutes is plenty on CI's 2 cores, not on a machine
     * that other builds load ({@code -Dsaga.fleet.health-timeout-minutes}).
     */
    private static final Duration HEALTH_TIMEOUT = Duration.ofMinutes(Integer.getInteger("saga.fleet.health-timeout-minutes", 10));

    final Fleet fleet;
    final Shop shop;

    private SagaFleet(Fleet fleet) {
        this.fleet = fleet;
        this.shop = new Shop(fleet::baseUrl, fleet.issuerUri(), Duration.ofSeconds(60));
    }

    /** Starts the saga's processes in {@code target/<name>}, with {@code tuning} adding arguments per process. */
    static SagaFleet start(String name, UnaryOperator<FleetOptions> tuning) {
        FleetOptions options = new FleetOptions(ROOT, Path.of("target", name).toAbsolutePath(), true,
                Optional.empty(), FleetOptions.Ports.free(), false, HEALTH_TIMEOUT).only(PROCESSES);
        return new SagaFleet(Fleet.start(tuning.apply(options), message -> System.out.println("[" + name + "] " + message)));
    }

    /** Every process of the fleet (all nine services and the partner simulators), as the launcher starts them. */
    static SagaFleet startEveryProcess(String name, UnaryOperator<FleetOptions> tuning) {
        FleetOptions options = new FleetOptions(ROOT, Path.of("target", name).toAbsolutePath(), true,
                Optional.empty(), FleetOptions.Ports.free(), false, HEALTH_TIMEOUT);
        return new SagaFleet(Fleet.start(tuning.apply(options), message -> System.out.println("[" + name + "] " + message)));
    }

    /** What a service's Prometheus endpoint says now. */
    PrometheusScrape scrape(String service) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(fleet.baseUrl(service) + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(20)).GET().build();
            return new PrometheusScrape(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        fleet.close();
    }
}
