package com.example.commerce.catalog.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.Topics;
import com.example.commerce.testing.ServiceIntegrationTest;
import com.example.commerce.testing.SharedInfrastructure;
import com.example.commerce.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The product API end to end: HTTP in, a row and its event committed together, the event on the broker. */
@ServiceIntegrationTest
class ProductCatalogIntegrationTests {

    /** An integrator's token with the scope the catalogue's writes need. */
    private static final String CATALOG_WRITER = TestTokens.bearer(TestTokens.client("catalog-importer", "catalog:write"));

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    private KafkaConsumer<String, byte[]> consumer;

    @BeforeEach
    void subscribe() {
        consumer = SharedInfrastructure.get().kafka().readerOf(Topics.CATALOG_EVENTS);
    }

    @AfterEach
    void close() {
        consumer.close();
    }

    @Test
    void listingAProductPublishesProductCreated() throws Exception {
        String sku = uniqueSku();
        HttpResponse<String> created = send("POST", "/api/v1/products",
                "{\"sku\":\"" + sku + "\",\"name\":\"Blue mug\",\"price\":{\"amountMinor\":1299,\"currency\":\"EUR\"}}");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/products/" + sku);
        ConsumerRecord<String, byte[]> event = awaitEvent(sku, "catalog.ProductCreated.v1");
        String productId = jdbc.queryForObject("SELECT id::text FROM product WHERE sku = ?", String.class, sku);
        assertThat(event.key()).isEqualTo(productId);
        assertThat(new String(event.value(), StandardCharsets.UTF_8))
                .contains("\"sku\":\"" + sku + "\"").contains("\"amountMinor\":1299");
        assertThat(send("GET", "/api/v1/products/" + sku, null).body()).contains("\"name\":\"Blue mug\"");
    }

    @Test
    void changingThePricePublishesPriceChangedOnceForTheSamePrice() throws Exception {
        String sku = uniqueSku();
        send("POST", "/api/v1/products",
                "{\"sku\":\"" + sku + "\",\"name\":\"Teapot\",\"price\":{\"amountMinor\":2500,\"currency\":\"EUR\"}}");
        String body = "{\"price\":{\"amountMinor\":1999,\"currency\":\"EUR\"}}";

        assertThat(send("PUT", "/api/v1/products/" + sku + "/price", body).statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/api/v1/products/" + sku + "/price", body).statusCode()).isEqualTo(200);

        ConsumerRecord<String, byte[]> event = awaitEvent(sku, "catalog.PriceChanged.v1");
        assertThat(new String(event.value(), StandardCharsets.UTF_8))
                .contains("\"oldPrice\":{\"amountMinor\":2500").contains("\"newPrice\":{\"amountMinor\":1999");
        assertThat(outboxRows(sku, "catalog.PriceChanged.v1")).isEqualTo(1);
    }

    @Test
    void theEventContinuesTheTraceOfTheRequestThatCausedIt() throws Exception {
        String sku = uniqueSku();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String callerSpan = "00f067aa0ba902b7";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/products"))
                .header("Content-Type", "application/json")
                .header(TestTokens.AUTHORIZATION, CATALOG_WRITER)
                .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"sku\":\"" + sku + "\",\"name\":\"Traced cup\",\"price\":{\"amountMinor\":700,\"currency\":\"EUR\"}}"))
                .build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(201);

        ConsumerRecord<String, byte[]> event = awaitEvent(sku, "catalog.ProductCreated.v1");
        String traceparent = new String(event.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8);
        // version-traceid-spanid-flags: same trace, a span of its own (the publication), sampled.
        assertThat(traceparent).matches("00-" + traceId + "-[0-9a-f]{16}-01");
        assertThat(traceparent.split("-")[2]).isNotEqualTo(callerSpan);
    }

    @Test
    void aDuplicateSkuIsAConflictAndChangesNothing() throws Exception {
        String sku = uniqueSku();
        String body = "{\"sku\":\"" + sku + "\",\"name\":\"Spoon\",\"price\":{\"amountMinor\":300,\"currency\":\"EUR\"}}";
        send("POST", "/api/v1/products", body);

        HttpResponse<String> duplicate = send("POST", "/api/v1/products", body.replace("Spoon", "Other spoon"));

        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(duplicate.body()).contains("\"type\":\"urn:commerce:problem:duplicate-sku\"");
        assertThat(jdbc.queryForObject("SELECT name FROM product WHERE sku = ?", String.class, sku)).isEqualTo("Spoon");
        assertThat(outboxRows(sku, "catalog.ProductCreated.v1")).isEqualTo(1);
    }

    @Test
    void invalidInputWritesNothing() throws Exception {
        String sku = uniqueSku();
        HttpResponse<String> invalid = send("POST", "/api/v1/products",
                "{\"sku\":\"" + sku + "\",\"name\":\"\",\"price\":{\"amountMinor\":100,\"currency\":\"EUR\"}}");

        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM product WHERE sku = ?", Integer.class, sku)).isZero();
        assertThat(send("PUT", "/api/v1/products/NO-SUCH-SKU/price",
                "{\"price\":{\"amountMinor\":1,\"currency\":\"EUR\"}}").statusCode()).isEqualTo(404);
    }

    @Test
    void writesNeedTheCatalogueScopeAndBrowsingNeedsNoToken() throws Exception {
        String sku = uniqueSku();
        String body = "{\"sku\":\"" + sku + "\",\"name\":\"Fork\",\"price\":{\"amountMinor\":250,\"currency\":\"EUR\"}}";

        HttpResponse<String> anonymous = send("POST", "/api/v1/products", body, null);
        HttpResponse<String> customer = send("POST", "/api/v1/products", body,
                TestTokens.bearer(TestTokens.customer(UUID.randomUUID())));

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("\"type\":\"urn:commerce:problem:unauthorized\"");
        assertThat(customer.statusCode()).isEqualTo(403);
        assertThat(customer.body()).contains("\"type\":\"urn:commerce:problem:forbidden\"");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM product WHERE sku = ?", Integer.class, sku)).isZero();

        assertThat(send("POST", "/api/v1/products", body).statusCode()).isEqualTo(201);
        assertThat(send("PUT", "/api/v1/products/" + sku + "/price",
                "{\"price\":{\"amountMinor\":1,\"currency\":\"EUR\"}}", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/v1/products/" + sku, null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/products?size=5", null, null).statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT price_amount FROM product WHERE sku = ?", Long.class, sku)).isEqualTo(250);
    }

    private int outboxRows(String sku, String type) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM outbox_event o JOIN product p ON o.aggregate_id = p.id::text
                WHERE p.sku = ? AND o.event_type = ?""", Integer.class, sku, type);
    }

    private ConsumerRecord<String, byte[]> awaitEvent(String sku, String type) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            return received.stream().anyMatch(record -> matches(record, sku, type));
        });
        return received.stream().filter(record -> matches(record, sku, type)).findFirst().orElseThrow();
    }

    private static boolean matches(ConsumerRecord<String, byte[]> record, String sku, String type) {
        var header = record.headers().lastHeader("ce_type");
        return header != null && type.equals(new String(header.value(), StandardCharsets.UTF_8))
                && new String(record.value(), StandardCharsets.UTF_8).contains("\"sku\":\"" + sku + "\"");
    }

    private static String uniqueSku() {
        return "SKU-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        return send(method, path, json, CATALOG_WRITER);
    }

    private HttpResponse<String> send(String method, String path, String json, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header(TestTokens.AUTHORIZATION, authorization);
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
