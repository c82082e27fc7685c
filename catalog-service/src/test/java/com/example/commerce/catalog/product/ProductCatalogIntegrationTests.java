package com.example.commerce.catalog.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.catalog.CatalogApi;
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
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** The product API end to end: HTTP in, a row and its event committed together, the event on the broker. */
@ServiceIntegrationTest
class ProductCatalogIntegrationTests {

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
                .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .header(TestTokens.AUTHORIZATION, CatalogApi.CATALOG_WRITER)
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
        String customerToken = TestTokens.bearer(TestTokens.customer(UUID.randomUUID()));

        HttpResponse<String> anonymous = send("POST", "/api/v1/products", body, null);
        HttpResponse<String> customer = send("POST", "/api/v1/products", body, customerToken);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("\"type\":\"urn:commerce:problem:unauthorized\"");
        assertThat(customer.statusCode()).isEqualTo(403);
        assertThat(customer.body()).contains("\"type\":\"urn:commerce:problem:forbidden\"");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM product WHERE sku = ?", Integer.class, sku)).isZero();

        assertThat(send("POST", "/api/v1/products", body).statusCode()).isEqualTo(201);
        assertThat(send("PUT", "/api/v1/products/" + sku + "/price",
                "{\"price\":{\"amountMinor\":1,\"currency\":\"EUR\"}}", null).statusCode()).isEqualTo(401);
        assertThat(send("PUT", "/api/v1/products/" + sku, "{\"name\":\"Spork\"}", customerToken).statusCode())
                .isEqualTo(403);
        assertThat(send("POST", "/api/v1/products/" + sku + "/discontinue", null, null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/v1/categories", "{\"slug\":\"forks\",\"name\":\"Forks\"}", customerToken)
                .statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/v1/products/" + sku, null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/products?size=5&q=fork", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/categories", null, null).statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT price_amount FROM product WHERE sku = ?", Long.class, sku)).isEqualTo(250);
        assertThat(jdbc.queryForObject("SELECT name FROM product WHERE sku = ?", String.class, sku)).isEqualTo("Fork");
        assertThat(jdbc.queryForObject("SELECT status FROM product WHERE sku = ?", String.class, sku)).isEqualTo("ACTIVE");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM category WHERE slug = 'forks'", Integer.class)).isZero();
    }

    @Test
    void theOpenApiDocumentNamesTheScopeOfEveryWriteAndLeavesBrowsingOpen() throws Exception {
        JsonNode paths = api().get("/v3/api-docs").json().get("paths");

        for (String[] write : new String[][] {{"/api/v1/products", "post"}, {"/api/v1/products/batch", "post"},
                {"/api/v1/products/{sku}", "put"}, {"/api/v1/products/{sku}/price", "put"},
                {"/api/v1/products/{sku}/discontinue", "post"}, {"/api/v1/categories", "post"}}) {
            JsonNode security = paths.get(write[0]).get(write[1]).get("security");
            assertThat(security.toString()).as("%s %s", write[1], write[0]).contains("catalog:write");
        }
        for (String read : new String[] {"/api/v1/products", "/api/v1/products/{sku}", "/api/v1/categories",
                "/api/v1/categories/{slug}"}) {
            assertThat(paths.get(read).get("get").get("security").size()).as("GET %s", read).isZero();
        }
    }

    @Test
    void aBatchListsTheNewProductsInOneGoAndLeavesExistingOnesAlone() throws Exception {
        String existing = uniqueSku();
        String first = uniqueSku();
        String second = uniqueSku();
        api().product(existing, "Old name", 100, null);

        CatalogApi.Answer batch = api().post("/api/v1/products/batch", "{\"products\":[%s,%s,%s]}".formatted(
                item(existing, "New name"), item(first, "First"), item(second, "Second")));

        assertThat(batch.status()).isEqualTo(200);
        assertThat(batch.json().get("created").asInt()).isEqualTo(2);
        assertThat(batch.json().get("existing").get(0).asString()).isEqualTo(existing);
        assertThat(jdbc.queryForObject("SELECT name FROM product WHERE sku = ?", String.class, existing)).isEqualTo("Old name");
        assertThat(outboxRows(first, "catalog.ProductCreated.v1")).isOne();
        assertThat(outboxRows(second, "catalog.ProductCreated.v1")).isOne();
        assertThat(outboxRows(existing, "catalog.ProductCreated.v1")).isOne();
        assertThat(api().get("/api/v1/products/" + second).json().get("name").asString()).isEqualTo("Second");
    }

    @Test
    void aBatchWithOneBadProductWritesNothing() throws Exception {
        String sku = uniqueSku();
        String other = uniqueSku();
        String unknownCategory = "{\"sku\":\"%s\",\"name\":\"X\",\"category\":\"no-such-shelf\",\"price\":{\"amountMinor\":1,\"currency\":\"EUR\"}}"
                .formatted(other);
        StringBuilder tooMany = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            tooMany.append(i == 0 ? "" : ",").append(item(uniqueSku(), "Many"));
        }

        CatalogApi.Answer badCategory = api().post("/api/v1/products/batch",
                "{\"products\":[%s,%s]}".formatted(item(sku, "Good"), unknownCategory));
        CatalogApi.Answer twice = api().post("/api/v1/products/batch",
                "{\"products\":[%s,%s]}".formatted(item(sku, "Good"), item(sku, "Again")));
        CatalogApi.Answer invalid = api().post("/api/v1/products/batch",
                "{\"products\":[%s,{\"sku\":\"bad sku\",\"name\":\"\"}]}".formatted(item(sku, "Good")));
        CatalogApi.Answer overLimit = api().post("/api/v1/products/batch", "{\"products\":[" + tooMany + "]}");
        CatalogApi.Answer anonymous = new CatalogApi(port, null).post("/api/v1/products/batch",
                "{\"products\":[%s]}".formatted(item(sku, "Good")));

        assertThat(badCategory.status()).isEqualTo(422);
        assertThat(badCategory.problemType()).isEqualTo("urn:commerce:problem:unknown-category");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("invalidParams").findValuesAsString("name"))
                .contains("products[1].sku", "products[1].name", "products[1].price");
        assertThat(overLimit.status()).isEqualTo(400);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM product WHERE sku IN (?, ?)", Integer.class, sku, other))
                .isZero();
    }

    private static String item(String sku, String name) {
        return "{\"sku\":\"%s\",\"name\":\"%s\",\"price\":{\"amountMinor\":500,\"currency\":\"EUR\"}}"
                .formatted(sku, name);
    }

    @Test
    void aProductReadsBackWithItsCategoryAttributesImagesAndAStrongETag() throws Exception {
        String sku = uniqueSku();
        String slug = "mugs-" + sku.toLowerCase();
        api().category(slug, "Mugs", null);
        api().product(sku, "Stoneware mug", 1450, """
                "brand":"Potter & Co","category":"%s","description":"Matt glaze.",
                "attributes":{"colour":"sand","capacityMl":350,"dishwasherSafe":true},
                "images":["https://img.example.com/%s/1.jpg"]""".formatted(slug, sku));

        CatalogApi.Answer read = api().get("/api/v1/products/" + sku);

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo("\"0\"");
        assertThat(read.header("Cache-Control")).contains("public").contains("max-age=60");
        JsonNode product = read.json();
        assertThat(product.get("brand").asString()).isEqualTo("Potter & Co");
        assertThat(product.get("category").get("path").asString()).isEqualTo(slug);
        assertThat(product.get("attributes").get("capacityMl").asInt()).isEqualTo(350);
        assertThat(product.get("attributes").get("dishwasherSafe").asBoolean()).isTrue();
        assertThat(product.get("images").get(0).asString()).endsWith("/1.jpg");
        assertThat(product.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(product.get("version").asLong()).isZero();
    }

    @Test
    void productCreatedAndProductUpdatedCarryTheBrandAndTheCategoryPath() throws Exception {
        String sku = uniqueSku();
        String root = "home-" + sku.toLowerCase();
        String leaf = "lamps-" + sku.toLowerCase();
        api().category(root, "Home", null);
        api().category(leaf, "Lamps", root);
        api().product(sku, "Desk lamp", 3900, "\"brand\":\"Lumen\",\"category\":\"%s\"".formatted(leaf));
        api().put("/api/v1/products/" + sku, "{\"name\":\"Desk lamp\",\"brand\":\"Lumen Pro\",\"category\":\"%s\"}"
                .formatted(root), "If-Match", "\"0\"");

        String created = new String(awaitEvent(sku, "catalog.ProductCreated.v1").value(), StandardCharsets.UTF_8);
        String updated = new String(awaitEvent(sku, "catalog.ProductUpdated.v1").value(), StandardCharsets.UTF_8);

        assertThat(created).contains("\"brand\":\"Lumen\"").contains("\"categoryPath\":\"%s/%s\"".formatted(root, leaf));
        assertThat(updated).contains("\"brand\":\"Lumen Pro\"").contains("\"categoryPath\":\"%s\"".formatted(root));
    }

    @Test
    void ifNoneMatchWithTheCurrentETagIsNotModifiedAndAStaleOneGetsTheBody() throws Exception {
        String sku = uniqueSku();
        api().product(sku, "Cafetiere", 2900, null);
        String etag = api().get("/api/v1/products/" + sku).header("ETag");

        CatalogApi.Answer unchanged = api().get("/api/v1/products/" + sku, "If-None-Match", etag);
        api().put("/api/v1/products/" + sku + "/price", "{\"price\":{\"amountMinor\":2500,\"currency\":\"EUR\"}}");
        CatalogApi.Answer changed = api().get("/api/v1/products/" + sku, "If-None-Match", etag);

        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.raw().body()).isEmpty();
        assertThat(unchanged.header("ETag")).isEqualTo(etag);
        assertThat(unchanged.header("Cache-Control")).contains("public");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.header("ETag")).isNotEqualTo(etag);
        assertThat(changed.json().get("price").get("amountMinor").asLong()).isEqualTo(2500);
    }

    @Test
    void anUpdateNeedsTheCurrentETagAndPublishesProductUpdated() throws Exception {
        String sku = uniqueSku();
        api().product(sku, "Kettle", 3900, "\"brand\":\"Boil\"");
        String update = "{\"name\":\"Kettle, 1.7 l\",\"description\":\"Quiet boil.\",\"brand\":\"Boil\","
                + "\"attributes\":{\"litres\":1.7}}";

        CatalogApi.Answer withoutIfMatch = api().put("/api/v1/products/" + sku, update);
        CatalogApi.Answer stale = api().put("/api/v1/products/" + sku, update, "If-Match", "\"7\"");
        CatalogApi.Answer weak = api().put("/api/v1/products/" + sku, update, "If-Match", "W/\"0\"");
        assertThat(withoutIfMatch.status()).isEqualTo(428);
        assertThat(withoutIfMatch.problemType()).isEqualTo("urn:commerce:problem:precondition-required");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.problemType()).isEqualTo("urn:commerce:problem:precondition-failed");
        assertThat(stale.header("ETag")).isEqualTo("\"0\"");
        assertThat(weak.status()).isEqualTo(412);
        assertThat(outboxRows(sku, "catalog.ProductUpdated.v1")).isZero();
        assertThat(jdbc.queryForObject("SELECT name FROM product WHERE sku = ?", String.class, sku)).isEqualTo("Kettle");

        CatalogApi.Answer updated = api().put("/api/v1/products/" + sku, update, "If-Match", "\"0\"");
        CatalogApi.Answer again = api().put("/api/v1/products/" + sku, update, "If-Match", updated.header("ETag"));

        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.header("ETag")).isEqualTo("\"1\"");
        assertThat(updated.json().get("attributes").get("litres").asDouble()).isEqualTo(1.7);
        assertThat(again.status()).as("the same details again").isEqualTo(200);
        assertThat(again.header("ETag")).as("no change, no new version").isEqualTo("\"1\"");
        ConsumerRecord<String, byte[]> event = awaitEvent(sku, "catalog.ProductUpdated.v1");
        assertThat(new String(event.value(), StandardCharsets.UTF_8))
                .contains("\"name\":\"Kettle, 1.7 l\"").contains("\"description\":\"Quiet boil.\"");
        assertThat(outboxRows(sku, "catalog.ProductUpdated.v1")).isOne();
    }

    @Test
    void ofTwoWritersWithTheSameETagExactlyOneWins() throws Exception {
        String sku = uniqueSku();
        api().product(sku, "Toaster", 4900, null);
        CyclicBarrier together = new CyclicBarrier(2);
        Callable<Integer> writer = () -> {
            together.await(10, TimeUnit.SECONDS);
            return api().put("/api/v1/products/" + sku, "{\"name\":\"Toaster " + UUID.randomUUID() + "\"}",
                    "If-Match", "\"0\"").status();
        };

        List<Integer> statuses;
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<Integer>> answers = pool.invokeAll(List.of(writer, writer));
            statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
        }

        assertThat(statuses).containsExactlyInAnyOrder(200, 412);
        assertThat(outboxRows(sku, "catalog.ProductUpdated.v1")).isOne();
        assertThat(jdbc.queryForObject("SELECT version FROM product WHERE sku = ?", Long.class, sku)).isOne();
    }

    @Test
    void discontinuingPublishesOnceAndFreezesTheProduct() throws Exception {
        String sku = uniqueSku();
        api().product(sku, "Egg timer", 900, null);

        CatalogApi.Answer stale = api().post("/api/v1/products/" + sku + "/discontinue", null, "If-Match", "\"3\"");
        CatalogApi.Answer first = api().post("/api/v1/products/" + sku + "/discontinue", null, "If-Match", "\"0\"");
        CatalogApi.Answer second = api().post("/api/v1/products/" + sku + "/discontinue", null);
        CatalogApi.Answer reprice = api().put("/api/v1/products/" + sku + "/price",
                "{\"price\":{\"amountMinor\":800,\"currency\":\"EUR\"}}");
        CatalogApi.Answer edit = api().put("/api/v1/products/" + sku, "{\"name\":\"Sand timer\"}", "If-Match", "*");

        assertThat(stale.status()).isEqualTo(412);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("status").asString()).isEqualTo("DISCONTINUED");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header("ETag")).isEqualTo(first.header("ETag"));
        assertThat(reprice.status()).isEqualTo(409);
        assertThat(reprice.problemType()).isEqualTo("urn:commerce:problem:product-discontinued");
        assertThat(edit.status()).isEqualTo(409);
        awaitEvent(sku, "catalog.ProductDiscontinued.v1");
        assertThat(outboxRows(sku, "catalog.ProductDiscontinued.v1")).isOne();
        assertThat(outboxRows(sku, "catalog.PriceChanged.v1")).isZero();
        assertThat(jdbc.queryForObject("SELECT price_amount FROM product WHERE sku = ?", Long.class, sku)).isEqualTo(900);
    }

    @Test
    void aStaleIfMatchOnAPriceChangeIsRefusedAndChangesNothing() throws Exception {
        String sku = uniqueSku();
        api().product(sku, "Milk jug", 1200, null);
        String price = "{\"price\":{\"amountMinor\":1000,\"currency\":\"EUR\"}}";

        CatalogApi.Answer stale = api().put("/api/v1/products/" + sku + "/price", price, "If-Match", "\"5\"");
        CatalogApi.Answer current = api().put("/api/v1/products/" + sku + "/price", price, "If-Match", "\"0\"");

        assertThat(stale.status()).isEqualTo(412);
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.json().get("price").get("amountMinor").asLong()).isEqualTo(1000);
        assertThat(outboxRows(sku, "catalog.PriceChanged.v1")).isOne();
    }

    @Test
    void anUnknownCategoryOrABadAttributeIsAProblemAndWritesNothing() throws Exception {
        String sku = uniqueSku();

        CatalogApi.Answer unknownCategory = api().post("/api/v1/products", ("{\"sku\":\"%s\",\"name\":\"Pot\","
                + "\"category\":\"no-such-category\",\"price\":{\"amountMinor\":100,\"currency\":\"EUR\"}}")
                .formatted(sku));
        CatalogApi.Answer badImage = api().post("/api/v1/products", ("{\"sku\":\"%s\",\"name\":\"Pot\","
                + "\"images\":[\"ftp://x\"],\"price\":{\"amountMinor\":100,\"currency\":\"EUR\"}}").formatted(sku));
        CatalogApi.Answer notAnObject = api().post("/api/v1/products", ("{\"sku\":\"%s\",\"name\":\"Pot\","
                + "\"attributes\":[1,2],\"price\":{\"amountMinor\":100,\"currency\":\"EUR\"}}").formatted(sku));

        assertThat(unknownCategory.status()).isEqualTo(422);
        assertThat(unknownCategory.problemType()).isEqualTo("urn:commerce:problem:unknown-category");
        assertThat(badImage.status()).isEqualTo(400);
        assertThat(badImage.problemType()).isEqualTo("urn:commerce:problem:validation-failed");
        assertThat(notAnObject.status()).isEqualTo(400);
        CatalogApi.Answer hugeAttributes = api().post("/api/v1/products", ("{\"sku\":\"%s\",\"name\":\"Pot\","
                + "\"attributes\":{\"story\":\"%s\"},\"price\":{\"amountMinor\":100,\"currency\":\"EUR\"}}")
                .formatted(sku, "x".repeat(20_000)));
        assertThat(hugeAttributes.status()).isEqualTo(400);
        assertThat(hugeAttributes.json().get("invalidParams").get(0).get("name").asString()).isEqualTo("attributes");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM product WHERE sku = ?", Integer.class, sku)).isZero();
        assertThat(api().get("/api/v1/products/" + sku).status()).isEqualTo(404);
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

    private CatalogApi api() {
        return new CatalogApi(port);
    }

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        return send(method, path, json, CatalogApi.CATALOG_WRITER);
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
