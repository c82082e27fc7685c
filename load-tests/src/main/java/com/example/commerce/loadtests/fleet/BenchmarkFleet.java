package com.example.commerce.loadtests.fleet;

import com.example.commerce.stack.Fleet;
import com.example.commerce.stack.FleetOptions;
import com.example.commerce.stack.TokenClient;
import com.example.commerce.stack.api.Api;
import com.example.commerce.stack.api.Shop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The saga's fleet as the benchmarks use it: its processes (partner simulators, customer, catalog, cart, order,
 * inventory, payment, shipping) started through {@code stack-core} as {@code ./fleet} starts them, on a real
 * PostgreSQL and Kafka broker; customers signed in through the real authorization-code + PKCE flow, each with a
 * saved card; SKUs created in the catalogue, stocked in inventory and known to the order service's read model.
 * {@link com.example.commerce.loadtests.saga.SagaBenchmark} and the Gatling benchmark share it. The services run
 * as {@link #hosting()} says.
 */
public final class BenchmarkFleet implements AutoCloseable {

    /** The saga's processes, in fleet order. */
    public static final List<String> PROCESSES = List.of("partner-simulators", "customer-service", "catalog-service",
            "cart-service", "order-service", "inventory-service", "payment-service", "shipping-service");

    /** The password of the customers the benchmark signs up beside the demo ones. */
    private static final String BENCH_PASSWORD = "bench-shopper-2026";

    private final Fleet fleet;
    private final Shop shop;
    private final Duration startup;
    private final Consumer<String> progress;
    private final List<String> extraInstances = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * A signed-in customer: access token (and the refresh token and when they were issued), customer id (the
     * token's subject) and a saved card.
     */
    public record Customer(String email, String token, String refreshToken, Instant issuedAt, String customerId,
                           String card) {
    }

    private BenchmarkFleet(Fleet fleet, Duration startup, Consumer<String> progress) {
        this.fleet = fleet;
        this.startup = startup;
        this.progress = progress;
        this.shop = new Shop(fleet::baseUrl, fleet.issuerUri(), Duration.ofSeconds(60));
    }

    /** The options of the saga's fleet in {@code state} (free ports, AOT caches as the launcher uses them). */
    public static FleetOptions options(Path state, boolean clean) {
        return new FleetOptions(repositoryRoot(), state, clean, Optional.empty(), FleetOptions.Ports.free(), true,
                Duration.ofMinutes(5)).only(PROCESSES.toArray(String[]::new)).withHosting(hosting());
    }

    /**
     * How the services run: {@code -Dhosting=shared} (the default, as {@code ./fleet} runs them: one JVM for all) or
     * {@code -Dhosting=separate} (one JVM each, as deployed).
     */
    public static FleetOptions.Hosting hosting() {
        return FleetOptions.Hosting.parse(System.getProperty("hosting", "shared"));
    }

    /**
     * The checkout whose modules' jars the fleet runs: the working directory or the nearest directory above it
     * holding {@code load-tests/} and {@code stack-core/} (Maven's exec runs in {@code load-tests/}, the Gatling
     * plugin's fork in the directory Maven started in).
     */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath().normalize();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("load-tests")) && Files.isDirectory(candidate.resolve("stack-core"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("not inside the repository (no load-tests/ and stack-core/ above " + dir + ")");
    }

    /**
     * Starts the fleet and returns once every process is healthy; the time it took is {@link #startup()}. With
     * {@code -Dinstances=2} a second instance of each of {@link #SCALED} then starts (not part of that time).
     */
    public static BenchmarkFleet start(FleetOptions options, Consumer<String> progress) {
        Instant began = Instant.now();
        Fleet fleet = Fleet.start(options, progress);
        BenchmarkFleet bench = new BenchmarkFleet(fleet, Duration.between(began, Instant.now()), progress);
        try {
            if (instances() == 2) {
                for (String service : SCALED) {
                    fleet.startInstance(com.example.commerce.stack.FleetLayout.byName(service), service + "-2");
                    bench.extraInstances.add(service + "-2");
                }
            }
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
        return bench;
    }

    /**
     * The saga services that {@code -Dinstances=2} runs twice: the second of each is its own process on its own port,
     * in the same consumer group (the topics' partitions split between the two); HTTP still goes to the first.
     */
    public static final List<String> SCALED = List.of("order-service", "inventory-service", "payment-service",
            "shipping-service");

    /** {@code -Dinstances}: 1 (the default) or 2 instances of each of {@link #SCALED}. */
    public static int instances() {
        int instances = Integer.getInteger("instances", 1);
        if (instances != 1 && instances != 2) {
            throw new IllegalArgumentException("-Dinstances must be 1 or 2: " + instances);
        }
        return instances;
    }

    /** The names of the second instances this fleet started (none unless {@code -Dinstances=2}). */
    public List<String> extraInstances() {
        return List.copyOf(extraInstances);
    }

    public Fleet fleet() {
        return fleet;
    }

    public Shop shop() {
        return shop;
    }

    /** From {@link #start} called to every process healthy (and the demo customers signed up). */
    public Duration startup() {
        return startup;
    }

    /**
     * {@code count} customers signed in through the PKCE flow, each with a good card saved: the three demo
     * customers first, then benchmark customers signed up through customer-service's public API. Sign-ups (5 a
     * minute) and sign-ins (10 a minute) are rate-limited per address: keep {@code count} small.
     */
    public List<Customer> customers(int count) {
        List<Customer> customers = new ArrayList<>();
        List<String> demo = List.of("alice@example.com", "bob@example.com", "carol@example.com");
        for (int i = 0; i < count; i++) {
            String email = i < demo.size() ? demo.get(i) : "bench-" + i + "@example.com";
            String password = i < demo.size() ? com.example.commerce.stack.DemoIdentity.CUSTOMER_PASSWORD : BENCH_PASSWORD;
            if (i >= demo.size()) {
                String body = """
                        {"email":"%s","password":"%s","displayName":"Bench Shopper %d"}""".formatted(email, password, i);
                Api.Reply reply = shop.api().post(shop.url("customer-service", "/api/v1/customers"), null, body);
                Instant until = Instant.now().plusSeconds(90);
                while (reply.status() == 429 && Instant.now().isBefore(until)) {
                    long wait = reply.header("Retry-After").map(Long::parseLong).orElse(10L);
                    progress.accept("sign-ups are rate-limited; asking again in " + wait + " s");
                    pause(Duration.ofSeconds(wait));
                    reply = shop.api().post(shop.url("customer-service", "/api/v1/customers"), null, body);
                }
                int status = reply.status();
                if (status != 201 && status != 409) {
                    throw new IllegalStateException("could not sign up " + email + ": HTTP " + status);
                }
            }
            TokenClient.Tokens tokens = new TokenClient(fleet.issuerUri()).signIn(email, password);
            String token = tokens.accessToken();
            customers.add(new Customer(email, token, tokens.refreshToken(), Instant.now(), Shop.subjectOf(token).toString(),
                    shop.savePaymentMethod(token, Shop.GOOD_CARD)));
        }
        return customers;
    }

    /**
     * The same customers, each with an access token at least {@code valid} from expiring (they live 15 minutes):
     * an older one is renewed through the storefront's refresh grant, as a signed-in browser does.
     */
    public List<Customer> freshTokens(List<Customer> customers, Duration valid) {
        TokenClient tokens = new TokenClient(fleet.issuerUri());
        return customers.stream().map(c -> {
            if (c.issuedAt().plus(ACCESS_TOKEN_LIFETIME).minus(valid).isAfter(Instant.now())) {
                return c;
            }
            TokenClient.Tokens renewed = tokens.refresh(TokenClient.STOREFRONT, c.refreshToken());
            return new Customer(c.email(), renewed.accessToken(), renewed.refreshToken(), Instant.now(), c.customerId(),
                    c.card());
        }).toList();
    }

    /** customer-service's default access-token lifetime. */
    private static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(15);

    /**
     * {@code count} new SKUs ({@code prefix-XXXXXXXX}), each created in the catalogue with {@code onHand} units in
     * inventory, and each ordered once (one unit) until the order service knows it from catalog.events, so a
     * measured order is never refused for a SKU its read model has not seen yet.
     */
    public List<String> stockSkus(String prefix, int count, int onHand, Customer buyer) {
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String sku = prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
            shop.stockNewProduct(sku, 500 + i, onHand);
            skus.add(sku);
        }
        for (String sku : skus) {
            shop.placeOrderOnceKnown(buyer.token(), orderOf(sku, 1, buyer.card()));
        }
        progress.accept(count + " SKUs " + prefix + "-* stocked (" + onHand + " each) and known to the order service");
        return skus;
    }

    /** The body of an order of one line, delivered to a Berlin address. */
    public static String orderOf(String sku, int quantity, String card) {
        return Shop.orderOfLines(Map.of(sku, quantity), card, Shop.address("10969"));
    }

    /** Writes the customers and SKUs as CSV feeders (a header line, then one row each) into {@code directory}. */
    public static void writeFeeders(Path directory, List<Customer> customers, List<String> skus) {
        try {
            Files.createDirectories(directory);
            List<String> rows = new ArrayList<>(List.of("token,customerId,card"));
            customers.forEach(c -> rows.add(c.token() + "," + c.customerId() + "," + c.card()));
            Files.write(directory.resolve("customers.csv"), rows);
            List<String> skuRows = new ArrayList<>(List.of("sku"));
            skuRows.addAll(skus);
            Files.write(directory.resolve("skus.csv"), skuRows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Placement to confirmation as the order service recorded it: from the order's timeline, the first
     * OrderPlaced entry to the first OrderConfirmed entry; empty when the order has no confirmation (yet).
     */
    public java.util.OptionalLong placedToConfirmed(String operatorToken, String orderId) {
        tools.jackson.databind.JsonNode entries = shop.timeline(operatorToken, orderId).path("entries");
        Instant placed = null;
        Instant confirmed = null;
        for (tools.jackson.databind.JsonNode entry : entries) {
            String text = entry.toString();
            Instant at = Instant.parse(entry.path("at").asString());
            if (placed == null && text.contains("OrderPlaced")) {
                placed = at;
            }
            if (confirmed == null && text.contains("OrderConfirmed")) {
                confirmed = at;
            }
        }
        return placed != null && confirmed != null ? java.util.OptionalLong.of(Duration.between(placed, confirmed).toMillis())
                : java.util.OptionalLong.empty();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops every process it started (services first, then partners, broker, database). */
    @Override
    public void close() {
        fleet.close();
    }
}
