package com.example.commerce.order.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.payment.PaymentAuthorized;
import com.example.commerce.events.payment.PaymentDeclined;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shipping.ShipmentCancelled;
import com.example.commerce.order.OrderApi;
import com.example.commerce.starter.admission.AdmissionProperties;
import com.example.commerce.testing.ServiceIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Waiting for an order without polling: the long-poll on the order and its Server-Sent Events. */
@ServiceIntegrationTest
class WaitingIntegrationTests {

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private OrderEventStreams streams;

    @Autowired
    private AdmissionProperties admission;

    @Autowired
    private MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private OrderApi api;

    @BeforeEach
    void client() {
        api = new OrderApi(port);
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void aLongPollAnswersAsSoonAsTheOrderIsConfirmed() {
        OrderApi.Customer customer = api.customer();
        UUID id = api.placeOrder(customer);
        CompletableFuture<HttpResponse<String>> poll = longPoll(id, customer.token(), "CONFIRMED", 25);
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> !poll.isDone());

        Instant published = Instant.now();
        api.publish(new PaymentAuthorized(id, UUID.randomUUID(), total(id, customer), "pi_poll", Instant.now()));

        HttpResponse<String> answer = poll.join();
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(api.json(answer).get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(Duration.between(published, Instant.now())).as("long before the 25 s timeout")
                .isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aLongPollForConfirmedAnswersATerminalOrderAtOnceAndATimeoutWithTheStateThen() {
        OrderApi.Customer customer = api.customer();
        UUID cancelled = api.placeOrder(customer);
        api.post("/api/v1/orders/" + cancelled + "/cancel", customer.token());
        Instant asked = Instant.now();
        HttpResponse<String> atOnce = longPoll(cancelled, customer.token(), "CONFIRMED", 20).join();
        assertThat(api.json(atOnce).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(10));

        UUID pending = api.placeOrder(customer);
        Instant start = Instant.now();
        HttpResponse<String> timedOut = longPoll(pending, customer.token(), "CONFIRMED", 1).join();
        assertThat(timedOut.statusCode()).isEqualTo(200);
        assertThat(api.json(timedOut).get("status").asString()).isEqualTo("PENDING");
        assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));

        api.problem(api.get("/api/v1/orders/" + pending + "?waitFor=CONFIRMED&timeout=31", customer.token()), 400,
                "urn:commerce:problem:validation-failed");
        api.problem(api.get("/api/v1/orders/" + pending + "?waitFor=PAID", customer.token()), 400,
                "urn:commerce:problem:validation-failed");
    }

    /**
     * Long polls wait holding nothing, so admission control (service-starter) does not count them: more of them
     * than the instance works on at once all wait, and a placement beside them is still admitted.
     */
    @Test
    void moreLongPollsThanTheInstanceAdmitsAtOnceAllWaitAndAPlacementBesideThemIsAdmitted() {
        OrderApi.Customer customer = api.customer();
        UUID id = api.placeOrder(customer);
        double refusedBefore = meters.get("commerce.admission.requests").tag("result", "refused").counter().count();
        int polls = admission.maxConcurrent() + 8;
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        for (int i = 0; i < polls; i++) {
            waiting.add(longPoll(id, customer.token(), "CONFIRMED", 25));
        }
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
                .until(() -> waiting.stream().noneMatch(CompletableFuture::isDone));

        UUID beside = api.placeOrder(customer);
        assertThat(beside).as("placed while %d long polls wait", polls).isNotNull();
        api.publish(new PaymentAuthorized(id, UUID.randomUUID(), total(id, customer), "pi_many", Instant.now()));

        assertThat(waiting).allSatisfy(poll -> {
            HttpResponse<String> answer = poll.join();
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(api.json(answer).get("status").asString()).isEqualTo("CONFIRMED");
        });
        assertThat(meters.get("commerce.admission.requests").tag("result", "refused").counter().count())
                .isEqualTo(refusedBefore);
    }

    @Test
    void aLongPollSeesAChangeCommittedByAnotherInstance() {
        OrderApi.Customer customer = api.customer();
        UUID id = api.placeOrder(customer);
        CompletableFuture<HttpResponse<String>> poll = longPoll(id, customer.token(), "CONFIRMED", 25);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !poll.isDone());

        // Another instance's commit: no wake-up reaches this one, only its re-read of the database.
        jdbc.update("UPDATE orders SET status = 'CONFIRMED', version = version + 1 WHERE id = ?", id);

        HttpResponse<String> answer = poll.join();
        assertThat(api.json(answer).get("status").asString()).isEqualTo("CONFIRMED");
    }

    @Test
    void theEventStreamSendsTheStatusThenEveryStepAndClosesWhenTheOrderEnds() {
        OrderApi.Customer customer = api.customer();
        UUID id = api.placeOrder(customer);
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<Void>> stream = events(id, customer.token(), lines);
        await().atMost(OrderApi.PATIENCE).until(() -> lines.stream().anyMatch(line -> line.contains("PLACED")));
        assertThat(stream.isDone()).as("open while the order is PENDING").isFalse();

        api.publish(new PaymentDeclined(id, "card_declined", Instant.now()));

        HttpResponse<Void> closed = stream.join();
        assertThat(closed.statusCode()).isEqualTo(200);
        assertThat(closed.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<JsonNode> events = parse(lines);
        assertThat(events.getFirst().get("event").asString()).isEqualTo("status");
        assertThat(events.getFirst().get("data").get("status").asString()).isEqualTo("PENDING");
        assertThat(events.subList(1, events.size())).extracting(event -> event.get("data").get("step").asString() + " "
                + event.get("data").get("status").asString())
                .containsExactly("PLACED PENDING", "PAYMENT_DECLINED CANCELLED", "CANCELLED CANCELLED");
        assertThat(events.get(2).get("data").get("source").asString()).isEqualTo("payment-service");
        assertThat(events.get(2).get("id").asString()).isNotBlank();
    }

    @Test
    void theStreamOfAnEndedOrderGivesItsHistoryAndClosesAndStreamsAreBounded() {
        OrderApi.Customer customer = api.customer();
        UUID ended = api.placeOrder(customer);
        api.post("/api/v1/orders/" + ended + "/cancel", customer.token());
        List<String> lines = new CopyOnWriteArrayList<>();
        events(ended, customer.token(), lines).join();
        assertThat(parse(lines)).extracting(event -> event.get("event").asString())
                .containsExactly("status", "timeline", "timeline", "timeline");

        UUID open = api.placeOrder(customer);
        List<CompletableFuture<HttpResponse<Void>>> held = new ArrayList<>();
        int before = streams.openStreams();
        for (int i = before; i < 20; i++) {
            held.add(events(open, customer.token(), new CopyOnWriteArrayList<>()));
        }
        await().atMost(OrderApi.PATIENCE).until(() -> streams.openStreams() == 20);
        api.problem(api.get("/api/v1/orders/" + open + "/events", customer.token()), 503,
                "urn:commerce:problem:too-many-streams");

        api.post("/api/v1/orders/" + open + "/cancel", customer.token());
        held.forEach(CompletableFuture::join);
        await().atMost(OrderApi.PATIENCE).until(() -> streams.openStreams() == before);
    }

    @Test
    void aCancellingOrderIsFollowedUntilShippingAnswersAndListedByItsStatus() {
        OrderApi.Customer customer = api.customer();
        UUID id = api.placeOrder(customer);
        api.publish(new PaymentAuthorized(id, UUID.randomUUID(), total(id, customer), "pi_cancelling", Instant.now()));
        api.awaitStatus(id, customer.token(), "CONFIRMED");
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<Void>> stream = events(id, customer.token(), lines);
        await().atMost(OrderApi.PATIENCE).until(() -> lines.stream().anyMatch(line -> line.contains("\"CONFIRMED\"")));

        HttpResponse<String> requested = api.post("/api/v1/orders/" + id + "/cancel", customer.token());
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
        await().atMost(OrderApi.PATIENCE).until(() -> lines.stream().anyMatch(line -> line.contains("\"CANCELLING\"")));
        CompletableFuture<HttpResponse<String>> poll = longPoll(id, customer.token(), "CANCELLED", 25);
        // CANCELLING is not an end: the stream and the long-poll stay open.
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> !stream.isDone() && !poll.isDone());
        String operator = com.example.commerce.testing.TestTokens.client("ops-console", "orders:read");
        JsonNode listed = api.json(api.get("/api/v1/orders?status=CANCELLING&customerId=" + customer.id(), operator));
        assertThat(listed.get("items")).extracting(item -> item.get("id").asString()).containsExactly(id.toString());

        api.publish(new ShipmentCancelled(id, UUID.randomUUID(), "order cancelled", Instant.now()));

        assertThat(api.json(poll.join()).get("status").asString()).isEqualTo("CANCELLED");
        stream.join();
        assertThat(parse(lines).subList(1, parse(lines).size())).extracting(event -> event.get("data").get("step")
                .asString() + " " + event.get("data").get("status").asString()).endsWith("CANCEL_REQUESTED CANCELLING",
                "CANCELLING CANCELLING", "SHIPMENT_CANCELLED CANCELLED", "CANCELLED CANCELLED");
    }

    private CompletableFuture<HttpResponse<String>> longPoll(UUID id, String token, String waitFor, int timeout) {
        return http.sendAsync(api.request("/api/v1/orders/" + id + "?waitFor=" + waitFor + "&timeout=" + timeout, token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<Void>> events(UUID id, String token, List<String> lines) {
        return http.sendAsync(api.request("/api/v1/orders/" + id + "/events", token).header("Accept", "text/event-stream")
                .GET().build(), HttpResponse.BodyHandlers.fromLineSubscriber(new java.util.concurrent.Flow.Subscriber<>() {
                    @Override
                    public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
                        subscription.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onNext(String line) {
                        lines.add(line);
                    }

                    @Override
                    public void onError(Throwable throwable) {
                    }

                    @Override
                    public void onComplete() {
                    }
                }));
    }

    /** The SSE events as {event, id, data} objects. */
    private List<JsonNode> parse(List<String> lines) {
        List<JsonNode> events = new ArrayList<>();
        var current = json.createObjectNode();
        for (String line : lines) {
            if (line.isEmpty()) {
                if (current.has("data")) {
                    events.add(current);
                }
                current = json.createObjectNode();
            } else if (line.startsWith("event:")) {
                current.put("event", line.substring(6).strip());
            } else if (line.startsWith("id:")) {
                current.put("id", line.substring(3).strip());
            } else if (line.startsWith("data:")) {
                current.set("data", json.readTree(line.substring(5).strip()));
            }
        }
        if (current.has("data")) {
            events.add(current);
        }
        return events;
    }

    private Money total(UUID id, OrderApi.Customer customer) {
        return new Money(api.order(id, customer.token()).get("total").get("amountMinor").asLong(), "EUR");
    }
}
