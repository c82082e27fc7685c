package com.example.commerce.loadtests.saga;

import com.example.commerce.loadtests.benchmark.Percentiles;
import com.example.commerce.loadtests.fleet.BenchmarkFleet;
import com.example.commerce.stack.api.Api;
import com.example.commerce.stack.api.Shop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;

/**
 * The order saga under a fixed offered load, over the real fleet: the processes of the saga (partner
 * simulators, customer, catalog, cart, order, inventory, payment, shipping) start here as the launcher starts
 * them, on a real PostgreSQL and Kafka broker; then orders arrive through {@code POST /api/v1/orders} at a
 * fixed rate (an open model: an arrival is due at its time whether or not earlier orders finished, so a slow
 * fleet shows as latency, not as a lower offered rate), each by a signed-in customer with a saved card, and
 * each order is followed with the order API's long poll until it is CONFIRMED.
 *
 * <p>Measured: placement latency (the POST), placed -> CONFIRMED latency from the moment the order was due
 * (so queueing before the POST counts) and, from the order's own timeline, the server-side time from placement
 * to confirmation; the rate of confirmations sustained over the measured window.
 *
 * <p>Run: {@code ./mvnw -q -pl load-tests -am -DskipTests -Psaga-benchmark verify} (options
 * {@code -DorderRate=20 -Dseconds=60 -Dwarmup=20 -Dskus=50}). The services run on C1 only, as the launcher runs them;
 * PostgreSQL runs with fsync and synchronous_commit off (the embedded server's defaults).
 */
public final class SagaBenchmark {

    private SagaBenchmark() {
    }

    record Sample(Instant due, long placeMillis, long confirmMillis, String status, String orderId) {
    }

    public static void main(String[] args) throws Exception {
        int rate = Integer.getInteger("orderRate", 20);
        if (rate <= 0) {
            throw new IllegalArgumentException("-DorderRate must be at least 1 order a second: " + rate);
        }
        int seconds = Integer.getInteger("seconds", 60);
        int warmup = Integer.getInteger("warmup", 20);
        int skus = Integer.getInteger("skus", 50);
        Path state = Path.of("target", "saga-benchmark").toAbsolutePath();
        try (BenchmarkFleet bench = BenchmarkFleet.start(BenchmarkFleet.options(state, true),
                message -> System.out.println("[saga-benchmark] " + message))) {
            Shop shop = bench.shop();
            List<BenchmarkFleet.Customer> signedIn = bench.customers(3);
            List<String> customers = signedIn.stream().map(BenchmarkFleet.Customer::token).toList();
            List<String> cards = signedIn.stream().map(BenchmarkFleet.Customer::card).toList();
            List<String> stocked = bench.stockSkus("BENCH", skus, 99_999, signedIn.getFirst());
            System.out.printf("[saga-benchmark] %d SKUs stocked and known to the order service; warm-up %d s at %d/s%n",
                    skus, warmup, rate);
            offer(shop, customers, cards, stocked, rate, warmup);
            System.out.printf("[saga-benchmark] measuring %d s at %d orders/s%n", seconds, rate);
            Instant start = Instant.now();
            List<Sample> samples = offer(shop, customers, cards, stocked, rate, seconds);
            Duration took = Duration.between(start, Instant.now());
            List<Long> server = serverSide(bench, samples);
            String report = report(samples, server, rate, seconds, took, skus);
            System.out.println(report);
            Files.createDirectories(state);
            Files.writeString(state.resolve("report.md"), report);
        }
    }

    private static String body(String sku, String card) {
        return BenchmarkFleet.orderOf(sku, 1, card);
    }

    /** Offers {@code rate} orders a second for {@code seconds}; returns one sample per order once each is followed. */
    private static List<Sample> offer(Shop shop, List<String> customers, List<String> cards, List<String> skus,
                                      int rate, int seconds) throws InterruptedException {
        int total = rate * seconds;
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long origin = System.nanoTime();
        Instant wallOrigin = Instant.now();
        try (ExecutorService arrivals = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long dueNanos = origin + i * interval;
                LockSupport.parkNanos(dueNanos - System.nanoTime());
                int n = i;
                Instant due = wallOrigin.plusNanos(i * interval);
                arrivals.submit(() -> {
                    int who = n % customers.size();
                    String token = customers.get(who);
                    try {
                        Api.Reply placed = shop.placeOrder(token, UUID.randomUUID().toString(),
                                body(skus.get(n % skus.size()), cards.get(who)));
                        long placeMillis = (System.nanoTime() - dueNanos) / 1_000_000;
                        if (placed.status() != 202) {
                            errors.incrementAndGet();
                            samples.add(new Sample(due, placeMillis, -1, "HTTP " + placed.status(), null));
                            return;
                        }
                        String orderId = placed.field("id");
                        JsonNode order = shop.awaitOrder(token, orderId, "CONFIRMED", Duration.ofSeconds(120));
                        long confirmMillis = (System.nanoTime() - dueNanos) / 1_000_000;
                        samples.add(new Sample(due, placeMillis, confirmMillis, order.path("status").asString(), orderId));
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                        samples.add(new Sample(due, -1, -1, e.getClass().getSimpleName(), null));
                    }
                });
            }
        }
        return new ArrayList<>(samples);
    }

    /** Placement to confirmation as the order service recorded it (its timeline), for every order followed. */
    private static List<Long> serverSide(BenchmarkFleet bench, List<Sample> samples) {
        String operator = bench.shop().operator();
        List<Long> millis = new ArrayList<>();
        samples.stream().filter(s -> s.orderId() != null)
                .forEach(sample -> bench.placedToConfirmed(operator, sample.orderId()).ifPresent(millis::add));
        return millis;
    }

    private static String report(List<Sample> samples, List<Long> server, int rate, int seconds, Duration took, int skus) {
        List<Long> place = samples.stream().filter(s -> s.placeMillis() >= 0).map(Sample::placeMillis).sorted().toList();
        List<Long> confirm = samples.stream().filter(s -> "CONFIRMED".equals(s.status()) || "SHIPPED".equals(s.status())
                || "DELIVERED".equals(s.status())).map(Sample::confirmMillis).sorted().toList();
        Map<String, Integer> ends = new ConcurrentHashMap<>();
        samples.forEach(s -> ends.merge(s.status(), 1, Integer::sum));
        List<Long> serverSorted = new ArrayList<>(server);
        Collections.sort(serverSorted);
        Instant last = samples.stream().map(s -> s.due().plusMillis(Math.max(0, s.confirmMillis()))).max(Instant::compareTo)
                .orElse(Instant.now());
        Instant first = samples.stream().map(Sample::due).min(Instant::compareTo).orElse(Instant.now());
        double sustained = confirm.size() / Math.max(0.001, Duration.between(first, last).toMillis() / 1000.0);
        return """
                ## Order saga: placed -> CONFIRMED at a fixed offered rate

                | | |
                |---|---|
                | offered | %d orders/s for %d s (%d orders over %d SKUs, 3 customers), open model |
                | confirmed | %d (ends: %s) |
                | sustained | %.1f confirmations/s (first arrival to last confirmation; run took %.1f s) |
                | POST /api/v1/orders | p50 %d ms, p95 %d ms, p99 %d ms (from the arrival's due time) |
                | placed -> CONFIRMED, client | p50 %d ms, p95 %d ms, p99 %d ms (due time to the long poll's answer) |
                | placed -> CONFIRMED, server | p50 %d ms, p95 %d ms, p99 %d ms (the order's timeline, %d orders) |

                Services on C1 only, as the launcher runs them; PostgreSQL with fsync and synchronous_commit off.
                """.formatted(rate, seconds, samples.size(), skus, confirm.size(), ends, sustained, took.toMillis() / 1000.0,
                pct(place, 50), pct(place, 95), pct(place, 99), pct(confirm, 50), pct(confirm, 95), pct(confirm, 99),
                pct(serverSorted, 50), pct(serverSorted, 95), pct(serverSorted, 99), serverSorted.size());
    }

    private static long pct(List<Long> sorted, int percentile) {
        return Percentiles.of(sorted, percentile);
    }
}
