package com.example.commerce.backorder.backorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.backorder.BackorderTestContext;
import com.example.commerce.backorder.purchasing.PurchaseOrders;
import com.example.commerce.backorder.supplier.SupplierSimulator;
import com.example.commerce.events.order.OrderBackordered;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shared.OrderLine;
import com.example.commerce.events.shared.Shortage;
import com.example.commerce.testing.EventFeed;
import com.example.commerce.testing.ServiceIntegrationTest;
import com.example.commerce.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The backorder cycle in backorder-service against its real PostgreSQL, the real broker and the real supplier
 * simulator over SOAP: OrderBackordered fed on order.events, purchase orders batched per supplier, placed when the
 * window closes (the clock moved, not waited for), polled until shipped, received and allocated first come, first
 * served. Each test has a supplier of its own, so the batches of tests never mix.
 */
@ServiceIntegrationTest
class BackorderCycleIntegrationTests {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PurchaseOrders purchaseOrders;

    @LocalServerPort
    int port;

    final SupplierSimulator supplier = SupplierSimulator.get();
    final EventFeed feed = new EventFeed();
    final HttpClient http = HttpClient.newHttpClient();
    final JsonMapper json = JsonMapper.builder().build();
    String supplierCode;

    @BeforeEach
    void setUp() {
        supplier.reset();
        supplierCode = "T" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        jdbc.update("INSERT INTO supplier (code, name) VALUES (?, ?)", supplierCode, "test supplier " + supplierCode);
    }

    @AfterEach
    void tearDown() {
        feed.close();
        BackorderTestContext.CLOCK.reset();
        supplier.reset();
    }

    @Test
    void threeOrdersOfOneSkuMakeOnePurchaseOrderLineAndAreFulfilledInTheOrderTheyWereBackordered() throws Exception {
        String sku = supplied(12);
        List<UUID> orders = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        for (UUID order : orders) {
            backorder(order, Map.of(sku, 1));
        }

        UUID po = purchaseOrderOf(orders.getFirst());
        assertThat(orders).allSatisfy(order -> assertThat(purchaseOrderOf(order)).isEqualTo(po));
        assertThat(line(po, sku)).containsEntry("needed", 3).containsEntry("quantity", 12);
        assertThat(status(po)).isEqualTo("BATCHING");
        assertThat(atSupplier(sku)).as("nothing is ordered before the batching window closes").isEmpty();
        assertThat(published("backorder.BackorderCreated.v1", orders)).hasSize(3);

        closeBatches();
        await().atMost(PATIENCE).until(() -> status(po).equals("PLACED"));
        assertThat(atSupplier(sku)).singleElement().satisfies(order -> {
            assertThat(order.get("placeRequests").asInt()).isEqualTo(1);
            assertThat(order.get("lines").get(0).get("requested").asInt()).isEqualTo(12);
        });
        assertThat(published("backorder.PurchaseOrderPlaced.v1", List.of(po))).singleElement()
                .satisfies(placed -> {
                    assertThat(placed.get("outcome").asString()).isEqualTo("CONFIRMED");
                    assertThat(placed.get("confirmedQuantity").asInt()).isEqualTo(12);
                    assertThat(placed.get("expectedShipAt").asString()).isNotBlank();
                });
        assertThat(published("backorder.BackorderFulfilled.v1", orders)).as("nothing before the arrival").isEmpty();

        supplier.ship(poNumber(po));
        await().atMost(PATIENCE).until(() -> status(po).equals("RECEIVED"));

        assertThat(published("backorder.SupplierShipmentReceived.v1", List.of(po))).singleElement()
                .satisfies(received -> assertThat(received.get("quantity").asInt()).isEqualTo(12));
        List<JsonNode> fulfilled = published("backorder.BackorderFulfilled.v1", orders);
        assertThat(fulfilled).extracting(event -> UUID.fromString(event.get("orderId").asString()))
                .containsExactlyElementsOf(orders);
        assertThat(fulfilled.getFirst().get("lines").get(0).get("unitPrice").get("amountMinor").asLong()).isEqualTo(999);
        assertThat(pool(sku)).containsEntry("received", 12).containsEntry("allocated", 3).containsEntry("released", 9);
        assertThat(backorderStatuses(orders)).containsOnly("ALLOCATED");
    }

    @Test
    void aRejectedLineFailsTheOrdersItCovers() throws Exception {
        String sku = supplied(1);
        supplier.behave("{\"outcome\":\"REJECT\"}");
        List<UUID> orders = List.of(UUID.randomUUID(), UUID.randomUUID());
        for (UUID order : orders) {
            backorder(order, Map.of(sku, 2));
        }
        UUID po = purchaseOrderOf(orders.getFirst());

        closeBatches();
        await().atMost(PATIENCE).until(() -> status(po).equals("REJECTED"));

        assertThat(published("backorder.BackorderFailed.v1", orders)).hasSize(2)
                .allSatisfy(failed -> assertThat(failed.get("reason").asString()).contains("supplier rejected " + sku));
        assertThat(backorderStatuses(orders)).containsOnly("FAILED");
        assertThat(published("backorder.PurchaseOrderPlaced.v1", List.of(po))).singleElement()
                .satisfies(placed -> assertThat(placed.get("confirmedQuantity").asInt()).isZero());
    }

    @Test
    void aPartialConfirmationServesTheFirstOrdersAndFailsTheRest() throws Exception {
        String sku = supplied(1);
        supplier.behave("{\"outcome\":\"PARTIAL\",\"partialShare\":0.5}");
        List<UUID> orders = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        for (UUID order : orders) {
            backorder(order, Map.of(sku, 1));
        }
        UUID po = purchaseOrderOf(orders.getFirst());

        closeBatches();
        await().atMost(PATIENCE).until(() -> status(po).equals("PLACED"));

        assertThat(backorderStatuses(orders.subList(0, 2))).containsOnly("WAITING");
        assertThat(backorderStatuses(orders.subList(2, 4))).containsOnly("FAILED");
        assertThat(published("backorder.BackorderFailed.v1", orders)).hasSize(2);
        assertThat(published("backorder.PurchaseOrderPlaced.v1", List.of(po))).singleElement()
                .satisfies(placed -> assertThat(placed.get("outcome").asString()).isEqualTo("PARTIAL"));
    }

    @Test
    void aShipDateBeyondTheMaximumWaitFailsTheOrders() throws Exception {
        String sku = supplied(1);
        supplier.behave("{\"delayDays\":30}");
        UUID order = UUID.randomUUID();
        backorder(order, Map.of(sku, 1));
        UUID po = purchaseOrderOf(order);

        closeBatches();
        await().atMost(PATIENCE).until(() -> status(po).equals("PLACED"));

        assertThat(backorderStatuses(List.of(order))).containsOnly("FAILED");
        assertThat(published("backorder.BackorderFailed.v1", List.of(order))).singleElement()
                .satisfies(failed -> assertThat(failed.get("reason").asString()).contains("too late"));
    }

    @Test
    void aSupplierOutageIsRetriedUntilItAnswersAndOrdersOnce() throws Exception {
        String sku = supplied(1);
        supplier.behave("{\"outage\":true}");
        UUID order = UUID.randomUUID();
        backorder(order, Map.of(sku, 1));
        UUID po = purchaseOrderOf(order);

        closeBatches();
        await().atMost(PATIENCE).until(() -> attempts(po) >= 2);
        assertThat(status(po)).isEqualTo("PLACING");
        assertThat(atSupplier(sku)).isEmpty();

        supplier.behave("{\"outage\":false}");
        await().atMost(PATIENCE).until(() -> status(po).equals("PLACED"));

        assertThat(atSupplier(sku)).singleElement().satisfies(placed -> {
            assertThat(placed.get("poNumber").asString()).isEqualTo(poNumber(po));
            assertThat(placed.get("placeRequests").asInt()).isEqualTo(1);
        });
    }

    @Test
    void aCancelledWaitingOrderGivesItsShareToTheNextInLine() throws Exception {
        String first = supplied(1);
        String otherSupplier = supplierCode;
        supplierCode = "T" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        jdbc.update("INSERT INTO supplier (code, name) VALUES (?, ?)", supplierCode, "second supplier");
        String second = supplied(1);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        backorder(a, Map.of(first, 1, second, 1));
        UUID poOfFirst = purchaseOrderOf(a, first);
        closeBatches();
        await().atMost(PATIENCE).until(() -> status(poOfFirst).equals("PLACED"));
        backorder(b, Map.of(first, 1));
        assertThat(purchaseOrderOf(b)).as("a later shortage joins a new batch").isNotEqualTo(poOfFirst);

        supplier.ship(poNumber(poOfFirst));
        await().atMost(PATIENCE).until(() -> status(poOfFirst).equals("RECEIVED"));
        assertThat(published("backorder.BackorderFulfilled.v1", List.of(a, b)))
                .as("a waits for its second SKU and holds the unit; b is behind a").isEmpty();
        assertThat(pool(first)).containsEntry("received", 1).containsEntry("allocated", 0).containsEntry("released", 0);

        feed.publish(new OrderCancelled(a, "CUSTOMER_REQUEST", Instant.now()));

        await().atMost(PATIENCE).until(() -> !published("backorder.BackorderFulfilled.v1", List.of(b)).isEmpty());
        assertThat(backorderStatuses(List.of(a))).containsOnly("CANCELLED");
        assertThat(backorderStatuses(List.of(b))).containsOnly("ALLOCATED");
        assertThat(pool(first)).containsEntry("allocated", 1);
        assertThat(otherSupplier).isNotEqualTo(supplierCode);
    }

    @Test
    void aRedeliveredOrAnsweredAgainBackorderIsRecordedOnce() throws Exception {
        String sku = supplied(1);
        UUID order = UUID.randomUUID();
        OrderBackordered backordered = event(order, Map.of(sku, 2));
        UUID eventId = UUID.randomUUID();
        feed.publish(eventId, backordered);
        feed.publish(eventId, backordered);
        feed.publish(backordered);
        UUID marker = UUID.randomUUID();
        backorder(marker, Map.of(sku, 1));

        assertThat(published("backorder.BackorderCreated.v1", List.of(order))).hasSize(1);
        assertThat(line(purchaseOrderOf(order), sku)).containsEntry("needed", 3);
    }

    @Test
    void operatorsListBackordersAndPurchaseOrdersAndCancelOne() throws Exception {
        String sku = supplied(1);
        UUID order = UUID.randomUUID();
        backorder(order, Map.of(sku, 2));
        UUID po = purchaseOrderOf(order);
        String reader = TestTokens.client("ops", "backorders:read");
        String writer = TestTokens.client("ops", "backorders:write");

        HttpResponse<String> list = call("GET", "/api/v1/backorders?status=WAITING&size=100", reader, null);
        HttpResponse<String> pos = call("GET", "/api/v1/backorders/purchase-orders/" + po, reader, null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(order.toString());
        assertThat(json.readTree(pos.body()).get("lines").get(0).get("sku").asString()).isEqualTo(sku);
        assertThat(call("GET", "/api/v1/backorders", null, null).statusCode()).isEqualTo(401);
        assertThat(call("POST", "/api/v1/backorders/purchase-orders/" + po + "/cancel", reader, null).statusCode())
                .isEqualTo(403);
        assertThat(status(po)).isEqualTo("BATCHING");

        HttpResponse<String> cancelled = call("POST", "/api/v1/backorders/purchase-orders/" + po + "/cancel", writer, null);

        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(status(po)).isEqualTo("CANCELLED");
        assertThat(published("backorder.BackorderFailed.v1", List.of(order))).hasSize(1);
        HttpResponse<String> again = call("POST", "/api/v1/backorders/purchase-orders/" + po + "/cancel", writer, null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("urn:commerce:problem:purchase-order-not-cancellable");
    }

    @Test
    void operatorsChangeWhoSuppliesASku() throws Exception {
        String sku = "MUG-" + UUID.randomUUID().toString().substring(0, 8);
        String writer = TestTokens.client("ops", "backorders:write");
        String reader = TestTokens.client("ops", "backorders:read");
        String body = "{\"supplierCode\":\"HOME\",\"supplierSku\":\"H-1\",\"leadTimeDays\":3,\"minOrderQuantity\":7}";

        assertThat(json.readTree(call("GET", "/api/v1/backorders/supplied-skus/" + sku, reader, null).body())
                .get("supplierCode").asString()).as("the demo range of MUG").isEqualTo("KITCHEN");
        assertThat(call("PUT", "/api/v1/backorders/supplied-skus/" + sku, reader, body).statusCode()).isEqualTo(403);
        HttpResponse<String> unknown = call("PUT", "/api/v1/backorders/supplied-skus/" + sku, writer,
                body.replace("HOME", "NOBODY"));
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(unknown.body()).contains("urn:commerce:problem:unknown-supplier");
        HttpResponse<String> changed = call("PUT", "/api/v1/backorders/supplied-skus/" + sku, writer, body);

        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        JsonNode now = json.readTree(call("GET", "/api/v1/backorders/supplied-skus/" + sku, reader, null).body());
        assertThat(now.get("supplierCode").asString()).isEqualTo("HOME");
        assertThat(now.get("minOrderQuantity").asInt()).isEqualTo(7);
    }

    // --- fixtures

    /** A fresh SKU supplied by this test's supplier with the given minimum order quantity (set over REST). */
    String supplied(int minOrderQuantity) throws Exception {
        String sku = "TST-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> put = call("PUT", "/api/v1/backorders/supplied-skus/" + sku,
                TestTokens.client("ops", "backorders:write"),
                "{\"supplierCode\":\"" + supplierCode + "\",\"supplierSku\":\"S-" + sku + "\",\"leadTimeDays\":2,"
                        + "\"minOrderQuantity\":" + minOrderQuantity + "}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        return sku;
    }

    /**
     * The supplier's purchase orders with a line of {@code sku} (this test's supplier SKU): other test classes' batches
     * may be placed at the same supplier when a test moves the shared clock.
     */
    List<JsonNode> atSupplier(String sku) {
        return supplier.purchaseOrders().stream().filter(order -> {
            for (JsonNode line : order.get("lines")) {
                if (line.get("supplierSku").asString().equals("S-" + sku)) {
                    return true;
                }
            }
            return false;
        }).toList();
    }

    static OrderBackordered event(UUID order, Map<String, Integer> quantities) {
        List<Shortage> shortages = quantities.entrySet().stream()
                .map(e -> new Shortage(e.getKey(), e.getValue(), 0)).toList();
        List<OrderLine> lines = quantities.entrySet().stream()
                .map(e -> new OrderLine(e.getKey(), e.getValue(), new Money(999, "EUR"))).toList();
        return new OrderBackordered(order, shortages, lines, Instant.now());
    }

    /** Feeds an order's OrderBackordered and waits until it is recorded (so orders are backordered in turn). */
    void backorder(UUID order, Map<String, Integer> quantities) {
        feed.publish(event(order, quantities));
        await().atMost(PATIENCE).until(() -> jdbc.queryForObject("SELECT count(*) FROM backorder WHERE order_id = ?",
                Integer.class, order) == quantities.size());
    }

    void closeBatches() {
        BackorderTestContext.CLOCK.advance(Duration.ofHours(1).plusSeconds(1));
    }

    UUID purchaseOrderOf(UUID order) {
        return jdbc.queryForObject("SELECT purchase_order_id FROM backorder WHERE order_id = ? LIMIT 1", UUID.class, order);
    }

    UUID purchaseOrderOf(UUID order, String sku) {
        return jdbc.queryForObject("SELECT purchase_order_id FROM backorder WHERE order_id = ? AND sku = ?", UUID.class,
                order, sku);
    }

    String status(UUID po) {
        return jdbc.queryForObject("SELECT status FROM purchase_order WHERE id = ?", String.class, po);
    }

    String poNumber(UUID po) {
        return jdbc.queryForObject("SELECT po_number FROM purchase_order WHERE id = ?", String.class, po);
    }

    int attempts(UUID po) {
        return jdbc.queryForList("SELECT attempts FROM work_item WHERE kind = 'backorder.place-purchase-order' AND work_key = ?",
                Integer.class, po.toString()).stream().findFirst().orElse(0);
    }

    Map<String, Object> line(UUID po, String sku) {
        return jdbc.queryForMap("SELECT needed, quantity FROM purchase_order_line WHERE purchase_order_id = ? AND sku = ?",
                po, sku);
    }

    Map<String, Object> pool(String sku) {
        return jdbc.queryForMap("SELECT received, allocated, released FROM sku_pool WHERE sku = ?", sku);
    }

    List<String> backorderStatuses(List<UUID> orders) {
        return jdbc.queryForList("SELECT status FROM backorder WHERE order_id = ANY (?)", String.class,
                (Object) orders.toArray(UUID[]::new));
    }

    /** The events of {@code type} the outbox holds for these aggregates, in publication order. */
    List<JsonNode> published(String type, List<UUID> aggregates) {
        return jdbc.queryForList("""
                SELECT convert_from(payload, 'UTF8') FROM outbox_event WHERE event_type = ? AND aggregate_id = ANY (?)
                ORDER BY id""", String.class, type,
                (Object) aggregates.stream().map(UUID::toString).toArray(String[]::new))
                .stream().map(json::readTree).toList();
    }

    HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            request.header(TestTokens.AUTHORIZATION, TestTokens.bearer(token));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
