package com.example.commerce.inventory.stock;

import static com.example.commerce.testing.TopicRecords.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.EventTypes;
import com.example.commerce.events.Topics;
import com.example.commerce.events.catalog.ProductCreated;
import com.example.commerce.events.inventory.StockLevelChanged;
import com.example.commerce.events.shared.Money;
import com.example.commerce.starter.security.Caller;
import com.example.commerce.testing.EventFeed;
import com.example.commerce.testing.ServiceIntegrationTest;
import com.example.commerce.testing.TestTokens;
import com.example.commerce.testing.TopicRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Stock levels over HTTP against the real schema, and StockLevelChanged on the real broker. */
@ServiceIntegrationTest
class InventoryIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String STOCK_TOOL = "stock-tool";

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final EventFeed catalog = new EventFeed();

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private StockLevels stockLevels;

    @AfterEach
    void closeFeed() {
        catalog.close();
    }

    @Test
    void aListedProductIsOutOfStockThenLowThenInStockAndThePublicSeesNoCounts() throws Exception {
        String sku = listedSku();

        JsonNode empty = json.readTree(get("/api/v1/inventory/" + sku).body());
        assertThat(empty.get("productId").asString()).isEqualTo(sku);
        assertThat(empty.get("availability").asString()).isEqualTo("OUT_OF_STOCK");
        assertThat(empty.has("onHand")).as("counts shown to the public").isFalse();
        assertThat(empty.has("available")).isFalse();

        assertThat(update(sku, """
                {"mode":"SET","quantity":5,"reason":"first delivery"}""").statusCode()).isEqualTo(200);
        assertThat(json.readTree(get("/api/v1/inventory/" + sku).body()).get("availability").asString())
                .as("5 units, threshold 5").isEqualTo("LOW");

        HttpResponse<String> more = update(sku, """
                {"mode":"ADJUST","delta":1,"reason":"found one more"}""");
        JsonNode after = json.readTree(more.body());
        assertThat(after.get("availability").asString()).isEqualTo("IN_STOCK");
        assertThat(after.get("onHand").asInt()).isEqualTo(6);
        assertThat(after.get("reserved").asInt()).isZero();
        assertThat(after.get("available").asInt()).isEqualTo(6);
        assertThat(json.readTree(get("/api/v1/inventory/" + sku).body()).get("availability").asString())
                .isEqualTo("IN_STOCK");
    }

    @Test
    void operatorsSeeOnHandReservedAndAvailableTheOthersOnlyTheLevel() {
        String sku = listedSku();
        jdbc.update("UPDATE stock_item SET on_hand = 10, reserved = 4 WHERE sku = ?", sku);

        assertThat(stockLevels.level(sku, new Caller("ops-console", Set.of("inventory:read"))).orElseThrow().counts())
                .isEqualTo(new StockLevels.Counts(10, 4, 6));
        assertThat(stockLevels.level(sku, new Caller("stock-tool", Set.of("inventory:write"))).orElseThrow().counts())
                .isEqualTo(new StockLevels.Counts(10, 4, 6));
        StockLevels.StockLevel forACustomer = stockLevels.level(sku,
                new Caller(UUID.randomUUID().toString(), Set.of("orders:read"))).orElseThrow();
        assertThat(forACustomer.counts()).isNull();
        assertThat(forACustomer.availability()).isEqualTo(Availability.IN_STOCK);
        assertThat(stockLevels.level(sku, Caller.anonymous()).orElseThrow().counts()).isNull();
    }

    @Test
    void overHttpTheCountsShowOnlyWithAnInventoryScopeAndUpdatesNeedInventoryWrite() throws Exception {
        String sku = listedSku();
        update(sku, """
                {"mode":"SET","quantity":9,"reason":"stock take"}""");

        JsonNode forOperators = json.readTree(get("/api/v1/inventory/" + sku,
                TestTokens.client("ops-console", "inventory:read")).body());
        assertThat(forOperators.get("onHand").asInt()).isEqualTo(9);
        assertThat(forOperators.get("available").asInt()).isEqualTo(9);
        JsonNode forACustomer = json.readTree(get("/api/v1/inventory/" + sku,
                TestTokens.customer(UUID.randomUUID())).body());
        assertThat(forACustomer.get("availability").asString()).isEqualTo("IN_STOCK");
        assertThat(forACustomer.has("onHand")).isFalse();

        String body = """
                {"mode":"ADJUST","delta":5,"reason":"not allowed"}""";
        assertProblem(update(sku, body, null), 401, "urn:commerce:problem:unauthorized");
        assertProblem(update(sku, body, TestTokens.client("ops-console", "inventory:read")), 403,
                "urn:commerce:problem:forbidden");
        assertProblem(update(sku, body, TestTokens.customer(UUID.randomUUID())), 403, "urn:commerce:problem:forbidden");
        assertThat(onHand(sku)).isEqualTo(9);
        assertThat(stockLevels.movementsOf(sku)).hasSize(1);
    }

    @Test
    void everyChangeIsKeptAsAMovementWithWhoWhyDeltaAndWhen() throws Exception {
        String sku = listedSku();
        Instant before = Instant.now().minusSeconds(1);

        update(sku, """
                {"mode":"SET","quantity":12,"reason":"stock take"}""");
        update(sku, """
                {"mode":"ADJUST","delta":-2,"reason":"two damaged in transit"}""");
        stockLevels.update(sku, new StockUpdate.Adjust(5, "returned by a customer"), new Caller("warehouse-7", Set.of()));

        List<StockMovement> movements = stockLevels.movementsOf(sku);
        assertThat(movements).extracting(StockMovement::kind, StockMovement::delta, StockMovement::onHandAfter,
                        StockMovement::reason, StockMovement::actor)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(StockMovement.Kind.SET, 12, 12, "stock take", STOCK_TOOL),
                        org.assertj.core.groups.Tuple.tuple(StockMovement.Kind.ADJUST, -2, 10, "two damaged in transit", STOCK_TOOL),
                        org.assertj.core.groups.Tuple.tuple(StockMovement.Kind.ADJUST, 5, 15, "returned by a customer", "warehouse-7"));
        assertThat(movements).allSatisfy(movement -> assertThat(movement.occurredAt()).isAfter(before));
    }

    @Test
    void movementsCannotBeChangedOrRemoved() throws Exception {
        String sku = listedSku();
        update(sku, """
                {"mode":"SET","quantity":3,"reason":"stock take"}""");

        assertThatThrownBy(() -> jdbc.update("UPDATE stock_movement SET delta = 300 WHERE sku = ?", sku))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM stock_movement WHERE sku = ?", sku))
                .hasMessageContaining("append-only");
        assertThat(stockLevels.movementsOf(sku)).extracting(StockMovement::delta).containsExactly(3);
    }

    @Test
    void aChangeOfAvailableStockIsPublishedAsStockLevelChanged() throws Exception {
        String sku = listedSku();
        jdbc.update("UPDATE stock_item SET on_hand = 2, reserved = 2 WHERE sku = ?", sku);

        update(sku, """
                {"mode":"ADJUST","delta":7,"reason":"delivery 4711"}""");

        ConsumerRecord<String, byte[]> record = TopicRecords.awaitRecord(Topics.INVENTORY_EVENTS,
                candidate -> sku.equals(candidate.key()), PATIENCE);
        assertThat(header(record, "ce_type")).isEqualTo(EventTypes.typeOf(StockLevelChanged.class));
        assertThat(header(record, "ce_subject")).isEqualTo(sku);
        StockLevelChanged changed = json.readValue(record.value(), StockLevelChanged.class);
        assertThat(changed.available()).isEqualTo(7);
        assertThat(changed.reserved()).isEqualTo(2);
        assertThat(changed.onHand()).isEqualTo(9);
        assertThat(changed.availability()).isEqualTo("IN_STOCK");
        assertThat(changed.version()).isPositive();
    }

    @Test
    void aChangeThatLeavesAvailableStockAsItWasPublishesNothingButIsKept() throws Exception {
        String sku = listedSku();
        update(sku, """
                {"mode":"SET","quantity":4,"reason":"stock take"}""");
        int published = publishedFor(sku);
        assertThat(published).as("the first count was published").isOne();

        assertThat(update(sku, """
                {"mode":"SET","quantity":4,"reason":"stock take, counted again"}""").statusCode()).isEqualTo(200);

        assertThat(publishedFor(sku)).isEqualTo(published);
        assertThat(stockLevels.movementsOf(sku)).extracting(StockMovement::delta).containsExactly(4, 0);
    }

    @Test
    void aChangeThatWouldLeaveAvailableStockNegativeIsRefusedAndChangesNothing() throws Exception {
        String sku = listedSku();
        update(sku, """
                {"mode":"SET","quantity":2,"reason":"stock take"}""");
        int published = publishedFor(sku);

        HttpResponse<String> below = update(sku, """
                {"mode":"ADJUST","delta":-3,"reason":"three broken"}""");
        assertThat(below.statusCode()).isEqualTo(422);
        assertThat(below.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(below.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:commerce:problem:insufficient-stock");
        assertThat(problem.get("requestedOnHand").asInt()).isEqualTo(-1);

        jdbc.update("UPDATE stock_item SET reserved = 2 WHERE sku = ?", sku);
        HttpResponse<String> belowReserved = update(sku, """
                {"mode":"SET","quantity":1,"reason":"stock take"}""");
        assertThat(belowReserved.statusCode()).as("on hand below what orders reserved").isEqualTo(422);

        assertThat(onHand(sku)).isEqualTo(2);
        assertThat(stockLevels.movementsOf(sku)).hasSize(1);
        assertThat(publishedFor(sku)).isEqualTo(published);
    }

    @Test
    void badUpdatesAreProblemsAndChangeNothing() throws Exception {
        String sku = listedSku();
        update(sku, """
                {"mode":"SET","quantity":2,"reason":"stock take"}""");

        assertProblem(update(sku, """
                {"mode":"SET","quantity":5}"""), 400, "urn:commerce:problem:validation-failed");
        assertProblem(update(sku, """
                {"mode":"SET","quantity":-1,"reason":"typo"}"""), 400, "urn:commerce:problem:validation-failed");
        assertProblem(update(sku, """
                {"mode":"SET","delta":5,"reason":"wrong field for SET"}"""), 400, "urn:commerce:problem:validation-failed");
        assertProblem(update(sku, """
                {"mode":"ADJUST","delta":0,"reason":"nothing"}"""), 400, "urn:commerce:problem:validation-failed");
        assertProblem(update(sku, """
                {"mode":"ADJUST","quantity":5,"reason":"wrong field for ADJUST"}"""), 400, "urn:commerce:problem:validation-failed");
        assertProblem(update(sku, """
                {"mode":"RESET","quantity":5,"reason":"no such mode"}"""), 400, "urn:commerce:problem:malformed-request");
        assertProblem(update(sku, """
                {"mode":"SET","quantity":5,"reason":"sneaky","reserved":0}"""), 400, "urn:commerce:problem:malformed-request");
        assertProblem(update(sku, """
                {"mode":"SET","quantity":5,"""), 400, "urn:commerce:problem:malformed-request");
        assertProblem(update(sku, """
                {"mode":"ADJUST","delta":1000000000,"reason":"too many"}"""), 422, "urn:commerce:problem:stock-limit-exceeded");
        assertProblem(update("SKU-NEVER-LISTED-" + UUID.randomUUID(), """
                {"mode":"SET","quantity":5,"reason":"stock take"}"""), 404, "urn:commerce:problem:not-found");
        assertProblem(get("/api/v1/inventory/SKU-NEVER-LISTED-" + UUID.randomUUID()), 404,
                "urn:commerce:problem:not-found");

        assertThat(onHand(sku)).isEqualTo(2);
        assertThat(stockLevels.movementsOf(sku)).hasSize(1);
    }

    @Test
    void concurrentAdjustmentsOfOneSkuAreAllApplied() throws Exception {
        String sku = listedSku();
        int writers = 8;
        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    return update(sku, """
                            {"mode":"ADJUST","delta":1,"reason":"one more"}""").statusCode();
                }));
            }
            for (Future<Integer> status : statuses) {
                assertThat(status.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(onHand(sku)).isEqualTo(writers);
        assertThat(stockLevels.movementsOf(sku)).extracting(StockMovement::onHandAfter)
                .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(publishedFor(sku)).isEqualTo(writers);
    }

    private String listedSku() {
        String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 13).toUpperCase();
        UUID listing = catalog.publish(new ProductCreated(UUID.randomUUID(), sku, "Blue mug", new Money(1299, "EUR"),
                Instant.parse("2026-11-22T10:00:00Z")));
        await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox_message WHERE event_id = ?", Integer.class, listing) == 1);
        return sku;
    }

    private int onHand(String sku) {
        return jdbc.queryForObject("SELECT on_hand FROM stock_item WHERE sku = ?", Integer.class, sku);
    }

    /** StockLevelChanged events of {@code sku} written to the outbox (sent rows are kept an hour). */
    private int publishedFor(String sku) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND event_type = ?",
                Integer.class, sku, EventTypes.typeOf(StockLevelChanged.class));
    }

    private void assertProblem(HttpResponse<String> response, int status, String type) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json.readTree(response.body()).get("type").asString()).as(response.body()).isEqualTo(type);
    }

    /** An update by the stock tool, a client with {@code inventory:write}. */
    private HttpResponse<String> update(String sku, String body) throws Exception {
        return update(sku, body, TestTokens.client(STOCK_TOOL, "inventory:write"));
    }

    private HttpResponse<String> update(String sku, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/inventory/"
                + sku + "/update")).header("Content-Type", "application/json");
        if (token != null) {
            request.header(TestTokens.AUTHORIZATION, TestTokens.bearer(token));
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A request without a token. */
    private HttpResponse<String> get(String path) throws Exception {
        return get(path, null);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header(TestTokens.AUTHORIZATION, TestTokens.bearer(token));
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
