package com.example.commerce.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.Topics;
import com.example.commerce.stack.FleetLayout;
import com.example.commerce.stack.FleetOptions;
import com.example.commerce.stack.ProcessStatus;
import com.example.commerce.stack.PrometheusServer;
import com.example.commerce.stack.api.Shop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboards and alerts against live data: the whole fleet (one shared host, as the launcher runs it) scraped
 * by a real Prometheus (Debian's package) with the rules of ops/prometheus, orders driven through it (confirmed
 * and delivered, a declined payment, a shortage, a customer's cancel), then every panel query of every dashboard
 * and every recording rule must return data and name only metrics and labels the services export; every alert is
 * quiet on the healthy fleet; a poison record fires DeadLettersPending and a killed service fires ServiceDown, each
 * within its {@code for} window. Every service exports its spans over OTLP to a receiver the test runs: one order's
 * spans share the trace id its POST came with, through every Kafka hop and partner call to the delivery.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsSystemTests {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Duration SCRAPE = Duration.ofSeconds(2);
    private static final Duration SAGA = Duration.ofSeconds(90);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The extra instance the ServiceDown test kills (a process of its own beside the shared host). */
    private static final String VICTIM = "cart-service-2";

    private static OtlpTraceReceiver traces;
    private static SagaFleet fleet;
    private static PrometheusServer prometheus;
    private static Shop shop;
    private static String customer;
    private static String card;
    private static String sku;
    private static String shortOrder;

    @BeforeAll
    static void start() {
        traces = new OtlpTraceReceiver();
        fleet = SagaFleet.startEveryProcess("operations-fleet", options -> {
            FleetOptions traced = options.withHosting(FleetOptions.Hosting.SHARED);
            for (String service : List.of("catalog-service", "customer-service", "cart-service", "order-service",
                    "inventory-service", "payment-service", "shipping-service", "backorder-service", "reporting-service")) {
                traced = traced.withArguments(service,
                        "--management.opentelemetry.tracing.export.otlp.endpoint=" + traces.endpoint());
            }
            return traced;
        });
        fleet.fleet.startInstance(FleetLayout.byName("cart-service"), VICTIM);
        shop = fleet.shop;
        List<PrometheusServer.Target> targets = new ArrayList<>();
        for (ProcessStatus status : fleet.fleet.statuses()) {
            String job = status.name().equals("partner-simulators") ? "partner-simulators" : "commerce";
            String service = status.name().replaceAll("-2$", "");
            targets.add(new PrometheusServer.Target(job, service, status.url().replaceFirst("^https?://", "")));
        }
        assertThat(targets).extracting(PrometheusServer.Target::service).contains("reporting-service", "backorder-service");
        prometheus = PrometheusServer.start(ROOT.resolve("system-tests/target/operations-prometheus"),
                ROOT.resolve("ops/prometheus/rules"), targets, SCRAPE, 0);
    }

    @AfterAll
    static void stop() {
        try {
            if (prometheus != null) {
                prometheus.close();
            }
        } finally {
            try {
                if (fleet != null) {
                    fleet.close();
                }
            } finally {
                if (traces != null) {
                    traces.close();
                }
            }
        }
    }

    @Test
    @Order(1)
    void ordersOfEveryKindGoThroughTheSaga() {
        customer = shop.signIn("carol@example.com");
        card = shop.savePaymentMethod(customer, Shop.GOOD_CARD);
        String declining = shop.savePaymentMethod(customer, Shop.DECLINED_CARD);
        sku = "OPS-" + java.util.UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        shop.stockNewProduct(sku, 1_250, 50);

        List<String> delivered = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            delivered.add(shop.placeOrderOnceKnown(customer, Shop.orderOfLines(Map.of(sku, 1), card, Shop.address("10969"))));
        }
        String declined = shop.placeOrderOnceKnown(customer, Shop.orderOfLines(Map.of(sku, 1), declining, Shop.address("10969")));
        String shortage = shop.placeOrderOnceKnown(customer, Shop.orderOfLines(Map.of(sku, 60), card, Shop.address("10969")));
        shortOrder = shortage;
        for (String order : delivered) {
            assertThat(shop.awaitOrder(customer, order, "DELIVERED", SAGA).path("status").asString()).isEqualTo("DELIVERED");
        }
        assertThat(shop.awaitOrder(customer, declined, "CANCELLED", SAGA).path("reason").asString()).isEqualTo("PAYMENT_DECLINED");
        assertThat(shop.awaitOrder(customer, shortage, "REJECTED", SAGA).path("reason").asString()).isEqualTo("OUT_OF_STOCK");

        // A customer's cancel of a confirmed order the courier has not picked up.
        shop.courier("{\"autoAdvance\":false}");
        try {
            String cancelled = shop.placeOrderOnceKnown(customer, Shop.orderOfLines(Map.of(sku, 2), card, Shop.address("10969")));
            shop.awaitOrder(customer, cancelled, "CONFIRMED", SAGA);
            assertThat(shop.cancel(customer, cancelled).status()).isBetween(200, 299);
            assertThat(shop.awaitOrder(customer, cancelled, "CANCELLED", SAGA).path("reason").asString()).isEqualTo("CUSTOMER_REQUEST");
        } finally {
            shop.resetPartners();
        }
    }

    @Test
    @Order(5)
    void everyPanelQueryOfEveryDashboardAndEveryRecordingRuleReturnsDataAndNamesOnlyWhatIsExported() throws IOException {
        Map<String, String> queries = new LinkedHashMap<>();
        for (Path file : dashboards()) {
            for (JsonNode panel : JSON.readTree(file.toFile()).path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    queries.put(file.getFileName() + " / " + panel.path("title").asString() + " / " + target.path("refId").asString(),
                            instantiate(target.path("expr").asString()));
                }
            }
        }
        List<JsonNode> rules = rules();
        for (JsonNode rule : rules) {
            if ("recording".equals(rule.path("type").asString())) {
                queries.put("record " + rule.path("name").asString(), rule.path("query").asString());
            }
        }
        assertThat(queries).hasSizeGreaterThan(60);

        // Wait until every query has data: rates need two scrapes of a series, the rules an evaluation after that.
        Map<String, String> empty = new LinkedHashMap<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
            empty.clear();
            queries.forEach((name, query) -> {
                if (result(query).isEmpty()) {
                    empty.put(name, query);
                }
            });
            assertThat(empty).as("queries without data").isEmpty();
        });

        Set<String> metrics = values("/api/v1/label/__name__/values");
        Set<String> labels = values("/api/v1/labels");
        List<String> alertQueries = rules.stream().filter(rule -> "alerting".equals(rule.path("type").asString()))
                .map(rule -> rule.path("query").asString()).toList();
        List<String> everyQuery = new ArrayList<>(queries.values());
        everyQuery.addAll(alertQueries);
        for (String query : everyQuery) {
            assertThat(metricsOf(query)).as("metrics named by %s", query).allSatisfy(metric -> assertThat(metrics).contains(metric));
            assertThat(labelsOf(query)).as("labels named by %s", query).allSatisfy(label -> assertThat(labels).contains(label));
        }
    }

    @Test
    @Order(2)
    void oneOrdersTraceRunsFromThePostThroughEveryKafkaHopAndPartnerCallToTheDelivery() {
        String traceId = java.util.HexFormat.of().formatHex(java.security.SecureRandom.getSeed(16));
        String traceparent = "00-" + traceId + "-" + java.util.HexFormat.of().formatHex(java.security.SecureRandom.getSeed(8)) + "-01";
        com.example.commerce.stack.api.Api.Reply placed = shop.api().post(shop.url("order-service", "/api/v1/orders"),
                customer, Shop.orderOfLines(Map.of(sku, 1), card, Shop.address("10969")),
                "Idempotency-Key", java.util.UUID.randomUUID().toString(), "traceparent", traceparent);
        assertThat(placed.status()).as(placed.text()).isEqualTo(202);
        String orderId = placed.field("id");
        assertThat(shop.awaitOrder(customer, orderId, "DELIVERED", SAGA).path("status").asString()).isEqualTo("DELIVERED");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            List<OtlpTraceReceiver.Span> trace = traces.trace(traceId);
            assertThat(trace).extracting(OtlpTraceReceiver.Span::service).as("the services in the trace")
                    .contains("order-service", "inventory-service", "payment-service", "shipping-service");
            assertThat(trace).as("the POST, a server span of order-service")
                    .anySatisfy(span -> assertServer(span, "order-service", "/api/v1/orders"));
            assertThat(trace).as("the call to the payment provider")
                    .anySatisfy(span -> assertClient(span, "payment-service", "payment-provider"));
            assertThat(trace).as("the booking at the courier")
                    .anySatisfy(span -> assertClient(span, "shipping-service", "courier"));
            assertThat(trace).as("the courier's callback, received by shipping")
                    .anySatisfy(span -> assertServer(span, "shipping-service", "/callbacks/courier"));
            assertThat(trace).as("order-service taking the delivery from shipping.events")
                    .anySatisfy(span -> {
                        assertThat(span.service()).isEqualTo("order-service");
                        assertThat(span.attributes().getOrDefault("messaging.destination.name", span.name()))
                                .contains(Topics.SHIPPING_EVENTS);
                    });
        });
        assertThat(traces.spans()).as("other orders' spans are in other traces")
                .anyMatch(span -> !span.traceId().equals(traceId) && span.service().equals("order-service"));
    }

    private static void assertServer(OtlpTraceReceiver.Span span, String service, String path) {
        assertThat(span.service()).isEqualTo(service);
        assertThat(span.kind()).as("SERVER").isEqualTo(2);
        assertThat(span.name() + " " + span.attributes()).contains(path);
    }

    private static void assertClient(OtlpTraceReceiver.Span span, String service, String partner) {
        assertThat(span.service()).isEqualTo(service);
        assertThat(span.kind()).as("CLIENT").isEqualTo(3);
        assertThat(span.attributes()).containsEntry("client.name", partner);
    }

    @Test
    @Order(3)
    void everyAlertIsQuietOnTheHealthyFleet() {
        for (JsonNode rule : rules()) {
            if ("alerting".equals(rule.path("type").asString())) {
                assertThat(result(rule.path("query").asString())).as(rule.path("name").asString()).isEmpty();
            }
        }
        assertThat(JSON.readTree(prometheus.get("/api/v1/alerts")).path("data").path("alerts").isEmpty())
                .as("no alert pending or firing: %s", prometheus.get("/api/v1/alerts")).isTrue();
    }

    @Test
    @Order(4)
    void aPoisonRecordFiresDeadLettersPendingForTheServiceThatDeadLetteredIt() {
        try (ChaosProducer chaos = new ChaosProducer(fleet.fleet.kafka().bootstrapServers(), 17)) {
            chaos.poison(Topics.SHIPPING_EVENTS);
        }
        // 30 s of `for`, a scrape and an evaluation each side, the dead letter's retries before it.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(firing("DeadLettersPending")).as(prometheus.get("/api/v1/alerts")).contains("order-service"));
    }

    @Test
    @Order(6)
    void aKilledServiceFiresServiceDownWithinItsWindow() {
        assertThat(firing("ServiceDown")).isEmpty();
        long killedAt = System.nanoTime();
        fleet.fleet.kill(VICTIM);

        // The rule's `for` is 30 s: pending at the first failed scrape, firing 30 s later (plus a scrape and an
        // evaluation), never before the 30 s.
        await().atMost(Duration.ofSeconds(50)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(firing("ServiceDown")).as(prometheus.get("/api/v1/alerts")).contains("cart-service"));
        assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    @Order(7)
    void serviceLogsNameTheOrderAndItsTraceAndHoldNoCardNumberOrCustomersEmail() throws IOException {
        Path logs = ROOT.resolve("system-tests/target/operations-fleet/logs");
        List<Path> files;
        try (Stream<Path> listed = Files.list(logs)) {
            // Our services' logs; the partner simulators stand in for third parties (the mail server does see
            // the customer's address, the provider the card).
            files = listed.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().startsWith("partner-simulators")).toList();
        }
        assertThat(files).as("the fleet's logs").hasSizeGreaterThanOrEqualTo(2);
        // What a card number looks like (the brands' first digits, 15 or 16 digits, Luhn-valid); a timestamp in
        // milliseconds (13 digits, starting with 1) is not one.
        Pattern digits = Pattern.compile("(?<![0-9])[3-6][0-9]{14,15}(?![0-9])");
        long lines = 0;
        for (Path file : files) {
            for (String line : Files.readAllLines(file)) {
                lines++;
                assertThat(line).as(file.getFileName().toString()).doesNotContain(Shop.GOOD_CARD, Shop.DECLINED_CARD)
                        .doesNotContain("carol@example.com");
                Matcher run = digits.matcher(line);
                while (run.find()) {
                    assertThat(luhn(run.group())).as("a card-like number in %s: %s", file.getFileName(), line).isFalse();
                }
            }
        }
        assertThat(lines).as("lines read").isGreaterThan(100);
        // What a service logs while it handles an order's event names the order and the trace (inventory's refusal
        // of the order that asked for more than there is).
        String host = Files.readString(logs.resolve("service-host.log"));
        assertThat(host).as("inventory's refusal, logged in the order's context").containsPattern(
                "trace=[0-9a-f]{32} span=[0-9a-f]{16} order=" + shortOrder + " Order " + shortOrder + " refused");
    }

    private static boolean luhn(String number) {
        int sum = 0;
        boolean twice = false;
        for (int i = number.length() - 1; i >= 0; i--) {
            int digit = number.charAt(i) - '0';
            if (twice) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** The services (their {@code application} or {@code service} label) for which {@code alert} is firing. */
    private static List<String> firing(String alert) {
        List<String> services = new ArrayList<>();
        for (JsonNode entry : JSON.readTree(prometheus.get("/api/v1/alerts")).path("data").path("alerts")) {
            JsonNode labels = entry.path("labels");
            if (alert.equals(labels.path("alertname").asString()) && "firing".equals(entry.path("state").asString())) {
                services.add(labels.has("application") ? labels.path("application").asString() : labels.path("service").asString());
            }
        }
        return services;
    }

    private static List<JsonNode> rules() {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : JSON.readTree(prometheus.get("/api/v1/rules")).path("data").path("groups")) {
            group.path("rules").forEach(rules::add);
        }
        assertThat(rules).isNotEmpty();
        return rules;
    }

    private static JsonNode result(String query) {
        JsonNode answer = JSON.readTree(prometheus.query(query));
        assertThat(answer.path("status").asString()).as(query).isEqualTo("success");
        return answer.path("data").path("result");
    }

    private static Set<String> values(String path) {
        Set<String> values = new TreeSet<>();
        JSON.readTree(prometheus.get(path)).path("data").forEach(value -> values.add(value.asString()));
        return values;
    }

    private static List<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("ops/grafana/dashboards"))) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** A panel's query as Grafana sends it with every service and instance selected. */
    static String instantiate(String expr) {
        return expr.replace("$application", ".*").replace("$instance", ".*").replace("$__rate_interval", "1m");
    }

    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{|\\[)");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|on|without|ignoring)\\s*\\(([^)]*)\\)");
    private static final Set<String> FUNCTIONS = Set.of("rate", "increase", "sum", "max", "min", "avg", "count",
            "deriv", "histogram_quantile", "vector", "absent", "by", "on", "without", "ignoring");

    /** The metric names {@code query} selects (names followed by a selector or a range). */
    static Set<String> metricsOf(String query) {
        Set<String> metrics = new TreeSet<>();
        Matcher matcher = SELECTOR.matcher(query.replaceAll("\"[^\"]*\"", "\"\""));
        while (matcher.find()) {
            if (!FUNCTIONS.contains(matcher.group(1))) {
                metrics.add(matcher.group(1));
            }
        }
        return metrics;
    }

    /** The label names {@code query} matches on or groups by. */
    static Set<String> labelsOf(String query) {
        Set<String> labels = new TreeSet<>();
        Matcher matcher = MATCHER.matcher(query);
        while (matcher.find()) {
            labels.add(matcher.group(1));
        }
        Matcher grouping = GROUPING.matcher(query);
        while (grouping.find()) {
            for (String label : grouping.group(1).split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.trim());
                }
            }
        }
        return labels;
    }
}
