package com.example.commerce.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.order.OrderCancellationRequested;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.order.OrderConfirmed;
import com.example.commerce.events.shared.Address;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shared.OrderLine;
import com.example.commerce.testing.EventFeed;
import com.example.commerce.testing.ServiceIntegrationTest;
import com.example.commerce.starter.work.WorkItem;
import com.example.commerce.starter.work.WorkQueue;
import com.example.commerce.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipping-service against real PostgreSQL and Kafka and the real simulated courier over loopback HTTP
 * (its callbacks come back to this service's random port), through {@link CourierGate}, which counts the calls
 * and can hold one at the door. The service's clock is a {@link TestClock}. Every subclass shares one
 * application context.
 */
@ServiceIntegrationTest
@Import(TestClock.Config.class)
public abstract class ShippingSagaTest {

    public static final Duration PATIENCE = Duration.ofSeconds(30);
    public static final String SECRET = "local-webhook-secret";

    @DynamicPropertySource
    static void courier(DynamicPropertyRegistry registry) {
        registry.add("commerce.shipping.courier.base-url", () -> CourierGate.get().baseUrl());
        // The tracking sweep.
        registry.add("commerce.shipping.courier.sweep-interval", () -> "300ms");
        registry.add("commerce.shipping.courier.retry-after", () -> "300ms");
        // The starter's workers: work the service did not wake them for (a row written by a test, a lease run
        // out) is looked for this often; a stopped instance gives its running handlers this long.
        registry.add("commerce.work.sweep-interval", () -> "500ms");
        registry.add("commerce.work.shutdown-grace", () -> "1s");
        // Long enough for a test to hold a call at the gate while an event is consumed; the lost-answer tests
        // make the courier slower than this.
        registry.add("commerce.shipping.courier.timeout", () -> "3s");
        registry.add("commerce.shipping.courier.retry.wait-duration", () -> "50ms");
        registry.add("commerce.shipping.courier.circuit-breaker.wait-in-open-state", () -> "1500ms");
        registry.add("commerce.shipping.courier.track-after", () -> "2s");
    }

    protected final HttpClient http = HttpClient.newHttpClient();
    protected final JsonMapper json = JsonMapper.builder().build();
    protected final EventFeed orders = new EventFeed();
    protected final CourierSimulator courier = CourierSimulator.get();
    protected final CourierGate gate = CourierGate.get();

    @Autowired
    protected TestClock clock;

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected WorkQueue work;

    @BeforeEach
    void quietCourier() {
        courier.reset();
        courier.behave("{\"autoAdvance\":false}");
    }

    @AfterEach
    void closeFeed() {
        gate.openUp();
        orders.close();
        courier.reset();
        clock.reset();
    }

    // ---- events in

    protected static OrderConfirmed confirmed(UUID orderId, UUID customerId, String postalCode) {
        return new OrderConfirmed(orderId, customerId, new Money(2_500, "EUR"),
                List.of(new OrderLine("SKU-MUG", 2, new Money(1_250, "EUR"))),
                new Address("1 Main Street", null, "Berlin", postalCode, "DE"), Instant.now());
    }

    protected static OrderConfirmed confirmed(UUID orderId) {
        return confirmed(orderId, UUID.randomUUID(), "10115");
    }

    protected static OrderCancellationRequested cancellationRequested(UUID orderId) {
        return new OrderCancellationRequested(orderId, "CUSTOMER_REQUEST", Instant.now());
    }

    protected static OrderCancelled cancelled(UUID orderId) {
        return new OrderCancelled(orderId, "CUSTOMER_REQUEST", Instant.now());
    }

    // ---- our state

    /** The order's shipment as an operator sees it, or null while there is none. */
    protected JsonNode shipmentOf(UUID orderId) {
        HttpResponse<String> response = get("/api/v1/shipments?orderId=" + orderId,
                TestTokens.client("ops", "shipments:read"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode items = json.readTree(response.body()).get("items");
        return items.isEmpty() ? null : items.get(0);
    }

    protected String statusOf(UUID orderId) {
        JsonNode shipment = shipmentOf(orderId);
        return shipment == null ? null : shipment.get("status").asString();
    }

    protected JsonNode awaitStatus(UUID orderId, String status) {
        await("shipment of " + orderId + " " + status).atMost(PATIENCE).until(() -> status.equals(statusOf(orderId)));
        return shipmentOf(orderId);
    }

    /** The shipment's history statuses, oldest first. */
    protected static List<String> statuses(JsonNode shipment) {
        List<String> statuses = new ArrayList<>();
        shipment.get("history").forEach(entry -> statuses.add(entry.get("status").asString()));
        return statuses;
    }

    /** The courier work row of {@code step} (its first request) of the order's shipment, if any. */
    protected Optional<WorkItem> courierWork(UUID orderId, String step) {
        UUID shipmentId = jdbc.queryForObject("SELECT id FROM shipment WHERE order_id = ?", UUID.class, orderId);
        return work.find("shipping.courier", shipmentId + ":" + step + ":1");
    }

    /** The event types the outbox holds for the order, in publication order. */
    protected List<String> publishedFor(UUID orderId) {
        return jdbc.queryForList("SELECT event_type FROM outbox_event WHERE aggregate_id = ? ORDER BY id",
                String.class, orderId.toString());
    }

    protected void awaitConsumed(UUID... eventIds) {
        await("order events consumed").atMost(PATIENCE).until(() -> {
            for (UUID eventId : eventIds) {
                Integer rows = jdbc.queryForObject(
                        "SELECT count(*) FROM inbox_message WHERE consumer = 'shipping.orders' AND event_id = ?",
                        Integer.class, eventId);
                if (rows == null || rows == 0) {
                    return false;
                }
            }
            return true;
        });
    }

    // ---- HTTP

    protected HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (token != null) {
            request.header(TestTokens.AUTHORIZATION, TestTokens.bearer(token));
        }
        return send(request.build());
    }

    /** A courier callback signed as the courier signs it, at {@code signedAt}, with {@code secret}. */
    protected HttpResponse<String> callback(String body, String secret, Instant signedAt) {
        long t = signedAt.getEpochSecond();
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/shipments/callbacks/courier"))
                .header("Content-Type", "application/json")
                .header("X-Signature", "t=" + t + ",v1=" + hmac(secret, t + "." + body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    protected HttpResponse<String> callback(String body) {
        return callback(body, SECRET, Instant.now());
    }

    protected static String callbackBody(String eventId, JsonNode shipment, String status) {
        return """
                {"id":"%s","bookingId":"b-%s","trackingNumber":"%s","reference":"%s","orderReference":"%s",\
                "status":"%s","reason":null,"occurredAt":"%s"}""".formatted(eventId, shipment.get("id").asString(),
                shipment.get("trackingNumber").asString(), shipment.get("id").asString(),
                shipment.get("orderId").asString(), status, Instant.now());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
