package com.example.commerce.partners.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The simulated courier over real HTTP, with a real callback receiver on a loopback port. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CourierSimulatorTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger refuseNext = new AtomicInteger();
    private HttpServer receiver;

    @LocalServerPort
    private int port;

    record Received(String signature, String body) {
    }

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/callbacks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestHeaders().getFirst("X-Signature"), body));
            int status = refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        send("POST", "/courier/admin/reset?ledger=true", null, null);
        send("PUT", "/courier/admin/behaviour", "{\"autoAdvance\":false}", null);
    }

    @AfterEach
    void stopReceiver() throws Exception {
        send("POST", "/courier/admin/reset?ledger=true", null, null);
        receiver.stop(0);
    }

    @Test
    void theSameIdempotencyKeyGetsTheSameBooking() throws Exception {
        String reference = UUID.randomUUID().toString();
        HttpResponse<String> first = book("key-1", reference, "10115");
        HttpResponse<String> again = book("key-1", reference, "10115");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(201);
        JsonNode booking = json.readTree(first.body());
        assertThat(booking.get("status").asString()).isEqualTo("BOOKED");
        assertThat(booking.get("trackingNumber").asString()).startsWith("SIM");
        assertThat(json.readTree(again.body()).get("bookingId")).isEqualTo(booking.get("bookingId"));
        assertThat(json.readTree(send("GET", "/courier/v1/bookings?reference=" + reference, null, null).body()))
                .hasSize(1);
        HttpResponse<String> other = book("key-2", reference, "10115");
        assertThat(json.readTree(other.body()).get("bookingId")).isNotEqualTo(booking.get("bookingId"));
    }

    @Test
    void concurrentBookingsWithOneKeyMakeOneBooking() throws Exception {
        String reference = UUID.randomUUID().toString();
        int callers = 16;
        CyclicBarrier barrier = new CyclicBarrier(callers);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < callers; i++) {
                answers.add(threads.submit(() -> {
                    barrier.await();
                    return book("key-race", reference, "10115");
                }));
            }
        }
        Set<String> bookingIds = new HashSet<>();
        for (var answer : answers) {
            bookingIds.add(bookingId(answer.get()));
        }

        assertThat(bookingIds).hasSize(1);
        assertThat(json.readTree(send("GET", "/courier/v1/bookings?reference=" + reference, null, null).body()))
                .hasSize(1);
    }

    @Test
    void anUnservedPostalCodeIsRefusedForGoodAndTheRefusalIsRemembered() throws Exception {
        String reference = UUID.randomUUID().toString();
        HttpResponse<String> refused = book("key-r", reference, "00000");
        HttpResponse<String> again = book("key-r", reference, "00000");

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(json.readTree(refused.body()).get("code").asString()).isEqualTo("ADDRESS_NOT_SERVED");
        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(json.readTree(send("GET", "/courier/v1/bookings?reference=" + reference, null, null).body()))
                .isEmpty();
    }

    @Test
    void refuseRateOneRefusesEveryBooking() throws Exception {
        send("PUT", "/courier/admin/behaviour", "{\"refuseRate\":1.0}", null);
        assertThat(book("key-rr", UUID.randomUUID().toString(), "10115").statusCode()).isEqualTo(422);
    }

    @Test
    void anOutageAnswers503AndBooksNothingUntilItEnds() throws Exception {
        String reference = UUID.randomUUID().toString();
        send("PUT", "/courier/admin/behaviour", "{\"outage\":true}", null);
        assertThat(book("key-o", reference, "10115").statusCode()).isEqualTo(503);
        send("PUT", "/courier/admin/behaviour", "{\"outage\":false}", null);
        assertThat(json.readTree(send("GET", "/courier/v1/bookings?reference=" + reference, null, null).body()))
                .isEmpty();
        assertThat(book("key-o", reference, "10115").statusCode()).isEqualTo(201);
    }

    @Test
    void latencyDelaysEveryApiCallButNotTheAdminApi() throws Exception {
        send("PUT", "/courier/admin/behaviour", "{\"latencyMs\":1000}", null);
        long started = System.nanoTime();
        HttpResponse<String> booked = book("key-l", UUID.randomUUID().toString(), "10115");
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        long adminStarted = System.nanoTime();
        send("GET", "/courier/admin/behaviour", null, null);
        long adminTookMs = (System.nanoTime() - adminStarted) / 1_000_000;

        assertThat(booked.statusCode()).isEqualTo(201);
        assertThat(tookMs).isGreaterThanOrEqualTo(1000);
        assertThat(adminTookMs).isLessThan(1000);
    }

    @Test
    void aPartialBehaviourUpdateKeepsTheOtherKnobsAndResetRestoresDefaults() throws Exception {
        send("PUT", "/courier/admin/behaviour", "{\"latencyMs\":5}", null);
        JsonNode behaviour = json.readTree(send("GET", "/courier/admin/behaviour", null, null).body());
        assertThat(behaviour.get("latencyMs").asLong()).isEqualTo(5);
        assertThat(behaviour.get("autoAdvance").asBoolean()).isFalse();
        assertThat(send("PUT", "/courier/admin/behaviour", "{\"refuseRate\":2}", null).statusCode()).isEqualTo(400);

        JsonNode reset = json.readTree(send("POST", "/courier/admin/reset", null, null).body());
        assertThat(reset.get("latencyMs").asLong()).isZero();
        assertThat(reset.get("autoAdvance").asBoolean()).isTrue();
        assertThat(reset.get("dispatchAfterMs").asLong()).isEqualTo(1500);
        assertThat(reset.get("deliverAfterMs").asLong()).isEqualTo(1500);
    }

    @Test
    void aBookingCanBeCancelledBeforeDispatchButNotAfter() throws Exception {
        String before = bookingId(book("key-c1", UUID.randomUUID().toString(), "10115"));
        String after = bookingId(book("key-c2", UUID.randomUUID().toString(), "10115"));
        send("POST", "/courier/admin/bookings/" + after + "/advance", "{\"status\":\"DISPATCHED\"}", null);

        HttpResponse<String> cancelled = send("POST", "/courier/v1/bookings/" + before + "/cancel", null, null);
        HttpResponse<String> tooLate = send("POST", "/courier/v1/bookings/" + after + "/cancel", null, null);

        assertThat(json.readTree(cancelled.body()).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(send("POST", "/courier/v1/bookings/" + before + "/cancel", null, null).statusCode()).isEqualTo(200);
        assertThat(tooLate.statusCode()).isEqualTo(409);
        assertThat(json.readTree(send("GET", "/courier/v1/bookings/" + after, null, null).body()).get("status")
                .asString()).isEqualTo("DISPATCHED");
        assertThat(send("GET", "/courier/v1/bookings/nope", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void autoAdvanceCallsBackEachChangeSignedWithAUniqueId() throws Exception {
        send("PUT", "/courier/admin/behaviour", "{\"autoAdvance\":true,\"dispatchAfterMs\":50,\"deliverAfterMs\":50}",
                null);
        String reference = UUID.randomUUID().toString();
        book("key-a", reference, "10115");

        await().atMost(PATIENCE).until(() -> received.size() >= 2);
        // Callbacks travel on connections of their own: they may arrive in either order.
        JsonNode dispatched = callbackWithStatus("DISPATCHED");
        JsonNode delivered = callbackWithStatus("DELIVERED");
        assertThat(received).hasSize(2);
        assertThat(dispatched.get("reference").asString()).isEqualTo(reference);
        assertThat(dispatched.get("id")).isNotEqualTo(delivered.get("id"));
        for (Received callback : received) {
            assertThat(callback.signature()).isEqualTo(expectedSignature(callback));
        }
    }

    @Test
    void failureRateOneLosesEveryParcelAfterDispatch() throws Exception {
        send("PUT", "/courier/admin/behaviour",
                "{\"autoAdvance\":true,\"dispatchAfterMs\":20,\"deliverAfterMs\":20,\"failureRate\":1}", null);
        String id = bookingId(book("key-f", UUID.randomUUID().toString(), "10115"));

        await().atMost(PATIENCE).until(() -> received.size() >= 2);
        assertThat(callbackWithStatus("FAILED").get("reason").asString()).isEqualTo("LOST_IN_TRANSIT");
        assertThat(json.readTree(send("GET", "/courier/v1/bookings/" + id, null, null).body()).get("status")
                .asString()).isEqualTo("FAILED");
    }

    @Test
    void withCallbacksOffAChangeIsNotCalledBackButReadable() throws Exception {
        send("PUT", "/courier/admin/behaviour", "{\"callbacks\":false}", null);
        String id = bookingId(book("key-quiet", UUID.randomUUID().toString(), "10115"));
        send("POST", "/courier/admin/bookings/" + id + "/advance", "{\"status\":\"DISPATCHED\"}", null);
        send("PUT", "/courier/admin/behaviour", "{\"callbacks\":true}", null);
        send("POST", "/courier/admin/bookings/" + id + "/advance", "{\"status\":\"DELIVERED\"}", null);

        await().atMost(PATIENCE).until(() -> received.size() >= 1);
        assertThat(received).extracting(r -> json.readTree(r.body()).get("status").asString())
                .containsExactly("DELIVERED");
        assertThat(json.readTree(send("GET", "/courier/v1/bookings/" + id, null, null).body()).get("status")
                .asString()).isEqualTo("DELIVERED");
    }

    @Test
    void aCallbackTheReceiverRefusesIsRetriedUnderTheSameId() throws Exception {
        refuseNext.set(2);
        String id = bookingId(book("key-retry", UUID.randomUUID().toString(), "10115"));
        send("POST", "/courier/admin/bookings/" + id + "/advance", "{\"status\":\"DISPATCHED\"}", null);

        await().atMost(PATIENCE).until(() -> received.size() >= 3);
        assertThat(received).extracting(r -> json.readTree(r.body()).get("id").asString()).containsOnly(
                json.readTree(received.get(0).body()).get("id").asString());
        assertThat(send("POST", "/courier/admin/bookings/" + id + "/advance", "{\"status\":\"DISPATCHED\"}", null)
                .statusCode()).isEqualTo(409);
    }

    private JsonNode callbackWithStatus(String status) {
        return received.stream().map(callback -> json.readTree(callback.body()))
                .filter(body -> status.equals(body.get("status").asString())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + status + " callback among " + received));
    }

    private String expectedSignature(Received callback) {
        String t = callback.signature().substring(2, callback.signature().indexOf(','));
        assertThat(Long.parseLong(t)).isCloseTo(Instant.now().getEpochSecond(), offset(60L));
        return "t=" + t + ",v1=" + CourierCallbacks.sign("local-webhook-secret".getBytes(StandardCharsets.UTF_8),
                Long.parseLong(t), callback.body());
    }

    private String bookingId(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body()).get("bookingId").asString();
    }

    private HttpResponse<String> book(String key, String reference, String postalCode) throws Exception {
        String body = """
                {"reference":"%s","orderReference":"%s","address":{"line1":"1 Main St","city":"Berlin",
                "postalCode":"%s","country":"DE"},"parcels":[{"sku":"SKU-1","quantity":2}],
                "callbackUrl":"http://127.0.0.1:%d/callbacks"}""".formatted(reference, UUID.randomUUID(), postalCode,
                receiver.getAddress().getPort());
        return send("POST", "/courier/v1/bookings", body, key);
    }

    private HttpResponse<String> send(String method, String path, String body, String idempotencyKey)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
