package com.example.commerce.catalogprices;

import static com.example.commerce.testing.CatalogProductMother.aProduct;
import static com.example.commerce.testing.CatalogProductMother.euros;
import static com.example.commerce.testing.TopicRecords.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.testing.CatalogProductMother.ProductHistory;
import com.example.commerce.events.EventTypes;
import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.Topics;
import com.example.commerce.events.catalog.PriceChanged;
import com.example.commerce.events.catalog.ProductCreated;
import com.example.commerce.events.catalog.ProductUpdated;
import com.example.commerce.stack.PrometheusScrape;
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
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Catalogue events on the real broker keep a service's price book right, whatever their order or
 * repetition. Each service that keeps the read model runs these checks against its own schema:
 * {@code class CatalogPricesIntegrationTests extends CatalogPricesChecks {}}.
 */
@ServiceIntegrationTest
public abstract class CatalogPricesChecks {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration PATIENCE_FOR_A_STREAM = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final EventFeed catalog = new EventFeed();

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private MeterRegistry meters;

    @Value(CatalogEventsListener.CONSUMER_PROPERTY)
    private String consumer;

    @Value("${spring.kafka.consumer.group-id}")
    private String consumerGroup;

    @AfterEach
    void closeFeed() {
        catalog.close();
    }

    @Test
    void listedProductShowsItsNameAndPrice() {
        CatalogProductMother product = aProduct();

        catalog.publish(product.created("Blue mug", euros(1299)));

        JsonNode price = awaitPrice(product.sku(), 1299);
        assertThat(price.get("sku").asString()).isEqualTo(product.sku());
        assertThat(price.get("name").asString()).isEqualTo("Blue mug");
        assertThat(price.get("price").get("currency").asString()).isEqualTo("EUR");
        assertThat(price.get("discontinued").asBoolean()).isFalse();
    }

    @Test
    void newerPriceChangeShowsTheNewPrice() {
        CatalogProductMother product = aProduct();
        catalog.publish(product.created("Blue mug", euros(1000)));

        catalog.publish(product.priceChanged(euros(1000), euros(1200), 5));

        assertThat(awaitPrice(product.sku(), 1200).get("name").asString()).isEqualTo("Blue mug");
    }

    @Test
    void olderPriceChangeDeliveredAfterANewerOneLeavesTheNewerPrice() throws Exception {
        CatalogProductMother product = aProduct();
        catalog.publish(product.created("Blue mug", euros(1000)));
        catalog.publish(product.priceChanged(euros(1000), euros(1500), 10));

        UUID late = catalog.publish(product.priceChanged(euros(1000), euros(1200), 5));

        awaitProcessed(late);
        assertThat(price(product.sku()).get("price").get("amountMinor").asLong()).isEqualTo(1500);
    }

    @Test
    void redeliveredPriceChangeChangesNothing() throws Exception {
        CatalogProductMother product = aProduct();
        catalog.publish(product.created("Blue mug", euros(1000)));
        UUID change = UUID.randomUUID();
        catalog.publish(change, product.priceChanged(euros(1000), euros(1200), 5));
        awaitPrice(product.sku(), 1200);
        Timestamp updatedOnce = updatedAt(product.sku());

        catalog.publish(change, product.priceChanged(euros(1000), euros(1200), 5));
        catalog.publish(change, product.priceChanged(euros(1000), euros(1200), 5));
        // A change older than the price shown: on the same partition after the copies, and changes nothing.
        awaitProcessed(catalog.publish(product.priceChanged(euros(1000), euros(1100), 1)));

        assertThat(updatedAt(product.sku())).isEqualTo(updatedOnce);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox_message WHERE consumer = ? AND event_id = ?",
                Integer.class, consumer, change)).isOne();
        assertThat(price(product.sku()).get("price").get("amountMinor").asLong()).isEqualTo(1200);
    }

    @Test
    void everyEventDeliveredThreeTimesInRandomOrderHasExactlyOneEffect() throws Exception {
        long seed = Redeliveries.seed();
        String replay = Redeliveries.replayHint(seed);
        List<ProductHistory> products = IntStream.range(0, 15).mapToObj(variant -> aProduct().history(variant))
                .toList();
        List<IntegrationEvent> stream = products.stream().flatMap(product -> product.events().stream()).toList();
        List<Delivery<IntegrationEvent>> deliveries = Redeliveries.shuffled(stream, IntegrationEvent::aggregateId,
                3, new Random(seed));
        InboxCounts before = InboxCounts.of(meters, consumer);

        catalog.publishAll(deliveries);

        await("all %d deliveries received, %s".formatted(deliveries.size(), replay)).atMost(PATIENCE_FOR_A_STREAM)
                .until(() -> InboxCounts.of(meters, consumer).since(before).received() >= deliveries.size());
        assertThat(InboxCounts.of(meters, consumer).since(before)).as("processed once, skipped twice; " + replay)
                .isEqualTo(new InboxCounts(stream.size(), 2L * stream.size()));
        for (ProductHistory product : products) {
            JsonNode shown = price(product.sku());
            assertThat(shown).as("price of %s, %s", product.sku(), replay).isNotNull();
            assertThat(shown.get("name").asString()).as("name of %s, %s", product.sku(), replay)
                    .isEqualTo(product.name());
            assertThat(shown.get("price").get("amountMinor").asLong()).as("price of %s, %s", product.sku(), replay)
                    .isEqualTo(product.price().amountMinor());
            assertThat(shown.get("discontinued").asBoolean()).as("discontinued %s, %s", product.sku(), replay)
                    .isEqualTo(product.discontinued());
        }
        List<UUID> eventIds = deliveries.stream().filter(Delivery::first).map(Delivery::eventId).toList();
        assertThat(jdbc.queryForList("SELECT event_id FROM inbox_message WHERE consumer = ?", UUID.class, consumer))
                .as("inbox rows of the stream's events, %s", replay)
                .filteredOn(eventIds::contains).containsExactlyInAnyOrderElementsOf(eventIds);
    }

    @Test
    void poisonRecordIsDeadLetteredWithItsReasonAndTheChangesAfterItAreApplied() throws Exception {
        CatalogProductMother product = aProduct();
        catalog.publish(product.created("Blue mug", euros(1000)));
        byte[] poisonPayload = product.priceChangedWithoutItsNewPrice(euros(1000), 3);
        String priceChanged = EventTypes.typeOf(PriceChanged.class);
        UUID poison = catalog.publishRaw(product.productId().toString(), priceChanged, poisonPayload);
        UUID firstAfter = catalog.publish(product.priceChanged(euros(1000), euros(1100), 5));
        UUID lastAfter = catalog.publish(product.priceChanged(euros(1100), euros(1250), 10));

        ConsumerRecord<String, byte[]> dead = TopicRecords.awaitDeadLetterOf(Topics.CATALOG_EVENTS, poison, PATIENCE);
        assertThat(dead.key()).isEqualTo(product.productId().toString());
        assertThat(dead.value()).isEqualTo(poisonPayload);
        assertThat(header(dead, "ce_type")).isEqualTo(priceChanged);
        assertThat(header(dead, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(dead, "ce_source")).isEqualTo("/tests/event-feed");
        assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo(Topics.CATALOG_EVENTS);
        assertThat(header(dead, "kafka_dlt-original-consumer-group")).isEqualTo(consumerGroup);
        assertThat(header(dead, "kafka_dlt-exception-message")).as("the reason")
                .contains("not a valid " + priceChanged).contains("newPrice");
        awaitProcessed(firstAfter);
        awaitProcessed(lastAfter);
        assertThat(price(product.sku()).get("price").get("amountMinor").asLong()).isEqualTo(1250);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox_message WHERE consumer = ? AND event_id = ?",
                Integer.class, consumer, poison)).as("inbox rows of the poison record").isZero();
    }

    @Test
    void scrapeShowsDeadLettersPerTopicAndConsumerLag() throws Exception {
        CatalogProductMother product = aProduct();
        UUID poison = catalog.publishRaw(product.productId().toString(), EventTypes.typeOf(PriceChanged.class),
                product.priceChangedWithoutItsNewPrice(euros(1000), 3));
        TopicRecords.awaitDeadLetterOf(Topics.CATALOG_EVENTS, poison, PATIENCE);

        // The client's lag per partition is bound when the starter next looks for new client metrics (5 s).
        PrometheusScrape scrape = await("dead letters per topic and consumer lag per partition on the scrape")
                .atMost(PATIENCE)
                .until(() -> new PrometheusScrape(get("/actuator/prometheus").body()),
                        shown -> shown.value("commerce_kafka_dead_letters_total", "topic", Topics.CATALOG_EVENTS).isPresent()
                                && shown.value("kafka_consumer_fetch_manager_records_lag", "topic", Topics.CATALOG_EVENTS)
                                        .isPresent());

        assertThat(scrape.value("commerce_kafka_dead_letters_total", "topic", Topics.CATALOG_EVENTS).orElseThrow())
                .isPositive();
    }

    @Test
    void listedProductShowsItsCategoryAndALateOlderUpdateKeepsTheNewerOne() throws Exception {
        CatalogProductMother product = aProduct();
        catalog.publish(new ProductCreated(product.productId(), product.sku(), "Pan", euros(4000), "Acme",
                "garden/tools", product.listedAt()));
        catalog.publish(new ProductUpdated(product.productId(), product.sku(), "Pan", null, "Acme",
                "kitchen/cookware/pans", product.listedAt().plusSeconds(120)));

        UUID late = catalog.publish(new ProductUpdated(product.productId(), product.sku(), "Pan", null, "Acme",
                "kitchen", product.listedAt().plusSeconds(60)));

        awaitProcessed(late);
        assertThat(price(product.sku()).get("categoryPath").asString()).isEqualTo("kitchen/cookware/pans");
    }

    @Test
    void renamedProductShowsItsNewNameAndALateOlderRenameChangesNothing() throws Exception {
        CatalogProductMother product = aProduct();
        catalog.publish(product.created("Blue mug", euros(1000)));
        catalog.publish(product.updated("Blue mug, large", 120));

        UUID late = catalog.publish(product.updated("Blue mug, small", 60));

        awaitProcessed(late);
        JsonNode shown = price(product.sku());
        assertThat(shown.get("name").asString()).isEqualTo("Blue mug, large");
        assertThat(shown.get("price").get("amountMinor").asLong()).isEqualTo(1000);
    }

    @Test
    void discontinuedProductKeepsItsPriceAndSaysSo() throws Exception {
        CatalogProductMother product = aProduct();
        catalog.publish(product.created("Blue mug", euros(1000)));

        catalog.publish(product.discontinued());

        JsonNode price = awaitPrice(product.sku(), shown -> shown.get("discontinued").asBoolean());
        assertThat(price.get("price").get("amountMinor").asLong()).isEqualTo(1000);
    }

    @Test
    void unknownSkuIsANotFoundProblem() throws Exception {
        HttpResponse<String> response = get("/api/v1/prices/SKU-NEVER-LISTED-" + UUID.randomUUID());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(response.body()).get("type").asString()).isEqualTo("urn:commerce:problem:not-found");
    }

    @Test
    void overlongSkuIsAValidationProblem() throws Exception {
        HttpResponse<String> response = get("/api/v1/prices/" + "X".repeat(65));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).get("type").asString())
                .isEqualTo("urn:commerce:problem:validation-failed");
    }

    private JsonNode awaitPrice(String sku, long amountMinor) {
        return awaitPrice(sku, shown -> shown.get("price").get("amountMinor").asLong() == amountMinor);
    }

    private JsonNode awaitPrice(String sku, Predicate<JsonNode> expected) {
        return await().atMost(PATIENCE).until(() -> price(sku), shown -> shown != null && expected.test(shown));
    }

    private void awaitProcessed(UUID eventId) {
        await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox_message WHERE consumer = ? AND event_id = ?", Integer.class,
                consumer, eventId) == 1);
    }

    /** The price shown for {@code sku}, or null while it is unknown. */
    private JsonNode price(String sku) throws Exception {
        HttpResponse<String> response = get("/api/v1/prices/" + sku);
        return response.statusCode() == 200 ? json.readTree(response.body()) : null;
    }

    private Timestamp updatedAt(String sku) {
        return jdbc.queryForObject("SELECT updated_at FROM catalog_price WHERE sku = ?", Timestamp.class, sku);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header(TestTokens.AUTHORIZATION, TestTokens.bearer(TestTokens.client("ops-console"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
