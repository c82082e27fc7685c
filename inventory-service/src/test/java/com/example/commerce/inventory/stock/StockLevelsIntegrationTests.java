package com.example.commerce.inventory.stock;

import static com.example.commerce.testing.CatalogProductMother.aProduct;
import static com.example.commerce.testing.CatalogProductMother.euros;
import static com.example.commerce.testing.TopicRecords.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.EventTypes;
import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.Topics;
import com.example.commerce.events.catalog.ProductCreated;
import com.example.commerce.events.catalog.ProductUpdated;
import com.example.commerce.events.shared.Money;
import com.example.commerce.testing.CatalogProductMother;
import com.example.commerce.testing.EventFeed;
import com.example.commerce.testing.InboxCounts;
import com.example.commerce.testing.Redeliveries;
import com.example.commerce.testing.Redeliveries.Delivery;
import com.example.commerce.testing.ServiceIntegrationTest;
import com.example.commerce.testing.TestTokens;
import com.example.commerce.testing.TopicRecords;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Products listed by the catalogue (real broker, real PostgreSQL) get a stock item, once. */
@ServiceIntegrationTest
class StockLevelsIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration PATIENCE_FOR_A_STREAM = Duration.ofSeconds(60);
    private static final Instant LISTED_AT = Instant.parse("2026-11-22T10:00:00Z");

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final EventFeed catalog = new EventFeed();

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private MeterRegistry meters;

    @AfterEach
    void closeFeed() {
        catalog.close();
    }

    @Test
    void listedProductHasAStockItemWithNothingOnHand() {
        String sku = uniqueSku();

        catalog.publish(listed(UUID.randomUUID(), sku));

        JsonNode stock = await().atMost(PATIENCE).until(() -> stock(sku), found -> found != null);
        assertThat(stock.get("sku").asString()).isEqualTo(sku);
        assertThat(stock.get("available").asInt()).isZero();
        assertThat(stock.get("reserved").asInt()).isZero();
    }

    @Test
    void redeliveredOrRepeatedListingKeepsOneStockItemAndItsStock() throws Exception {
        UUID productId = UUID.randomUUID();
        String sku = uniqueSku();
        UUID listing = UUID.randomUUID();
        catalog.publish(listing, listed(productId, sku));
        await().atMost(PATIENCE).until(() -> stock(sku), found -> found != null);
        jdbc.update("UPDATE stock_item SET on_hand = 7 WHERE sku = ?", sku);

        catalog.publish(listing, listed(productId, sku));
        catalog.publish(listing, listed(productId, sku));
        catalog.publish(listed(productId, sku));
        awaitProcessed(catalog.publish(new ProductUpdated(productId, sku, "Blue mug, large", null, LISTED_AT)));

        assertThat(jdbc.queryForObject("SELECT count(*) FROM stock_item WHERE sku = ?", Integer.class, sku)).isOne();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox_message WHERE consumer = ? AND event_id = ?",
                Integer.class, CatalogEventsListener.CONSUMER, listing)).isOne();
        assertThat(stock(sku).get("available").asInt()).isEqualTo(7);
    }

    @Test
    void everyEventDeliveredThreeTimesInRandomOrderLeavesOneEmptyStockItemPerProduct() throws Exception {
        long seed = Redeliveries.seed();
        String replay = Redeliveries.replayHint(seed);
        List<CatalogProductMother> products = IntStream.range(0, 15).mapToObj(i -> aProduct()).toList();
        List<IntegrationEvent> stream = IntStream.range(0, products.size())
                .boxed().flatMap(variant -> products.get(variant).history(variant).events().stream()).toList();
        List<Delivery<IntegrationEvent>> deliveries = Redeliveries.shuffled(stream, IntegrationEvent::aggregateId,
                3, new Random(seed));
        InboxCounts before = InboxCounts.of(meters, CatalogEventsListener.CONSUMER);

        catalog.publishAll(deliveries);

        await("all %d deliveries received, %s".formatted(deliveries.size(), replay)).atMost(PATIENCE_FOR_A_STREAM)
                .until(() -> InboxCounts.of(meters, CatalogEventsListener.CONSUMER).since(before).received()
                        >= deliveries.size());
        assertThat(InboxCounts.of(meters, CatalogEventsListener.CONSUMER).since(before))
                .as("processed once, skipped twice; " + replay)
                .isEqualTo(new InboxCounts(stream.size(), 2L * stream.size()));
        for (CatalogProductMother product : products) {
            JsonNode stock = stock(product.sku());
            assertThat(stock).as("stock of %s, %s", product.sku(), replay).isNotNull();
            assertThat(stock.get("available").asInt()).as("on hand of %s, %s", product.sku(), replay).isZero();
            assertThat(stock.get("reserved").asInt()).as("reserved of %s, %s", product.sku(), replay).isZero();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM stock_item WHERE sku = ?", Integer.class,
                    product.sku())).as("stock items of %s, %s", product.sku(), replay).isOne();
        }
        List<UUID> eventIds = deliveries.stream().filter(Delivery::first).map(Delivery::eventId).toList();
        assertThat(jdbc.queryForList("SELECT event_id FROM inbox_message WHERE consumer = ?", UUID.class,
                CatalogEventsListener.CONSUMER)).as("inbox rows of the stream's events, %s", replay)
                .filteredOn(eventIds::contains).containsExactlyInAnyOrderElementsOf(eventIds);
    }

    @Test
    void poisonListingIsDeadLetteredWithItsReasonAndTheListingAfterItIsTaken() throws Exception {
        CatalogProductMother product = aProduct();
        byte[] poisonPayload = product.createdWithoutItsSku();
        String productCreated = EventTypes.typeOf(ProductCreated.class);
        UUID poison = catalog.publishRaw(product.productId().toString(), productCreated, poisonPayload);
        UUID listing = catalog.publish(product.created("Blue mug", euros(1299)));

        ConsumerRecord<String, byte[]> dead = TopicRecords.awaitDeadLetterOf(Topics.CATALOG_EVENTS, poison, PATIENCE);
        assertThat(dead.key()).isEqualTo(product.productId().toString());
        assertThat(dead.value()).isEqualTo(poisonPayload);
        assertThat(header(dead, "ce_type")).isEqualTo(productCreated);
        assertThat(header(dead, "ce_source")).isEqualTo("/tests/event-feed");
        assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo(Topics.CATALOG_EVENTS);
        assertThat(header(dead, "kafka_dlt-exception-message")).as("the reason")
                .contains("not a valid " + productCreated).contains("sku");
        awaitProcessed(listing);
        assertThat(stock(product.sku())).as("stock of %s", product.sku()).isNotNull();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox_message WHERE consumer = ? AND event_id = ?",
                Integer.class, CatalogEventsListener.CONSUMER, poison)).as("inbox rows of the poison record").isZero();
    }

    @Test
    void unknownSkuIsANotFoundProblem() throws Exception {
        HttpResponse<String> response = get("/api/v1/stock/SKU-NEVER-LISTED-" + UUID.randomUUID());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(response.body()).get("type").asString()).isEqualTo("urn:commerce:problem:not-found");
    }

    @Test
    void overlongSkuIsAValidationProblem() throws Exception {
        HttpResponse<String> response = get("/api/v1/stock/" + "X".repeat(65));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).get("type").asString())
                .isEqualTo("urn:commerce:problem:validation-failed");
    }

    private static ProductCreated listed(UUID productId, String sku) {
        return new ProductCreated(productId, sku, "Blue mug", new Money(1299, "EUR"), LISTED_AT);
    }

    private static String uniqueSku() {
        return "SKU-" + UUID.randomUUID().toString().substring(0, 13).toUpperCase();
    }

    private void awaitProcessed(UUID eventId) {
        await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox_message WHERE consumer = ? AND event_id = ?", Integer.class,
                CatalogEventsListener.CONSUMER, eventId) == 1);
    }

    /** The stock shown for {@code sku}, or null while none is kept. */
    private JsonNode stock(String sku) throws Exception {
        HttpResponse<String> response = get("/api/v1/stock/" + sku);
        return response.statusCode() == 200 ? json.readTree(response.body()) : null;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header(TestTokens.AUTHORIZATION, TestTokens.bearer(TestTokens.client("ops-console"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
