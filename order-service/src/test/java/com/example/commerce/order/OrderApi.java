package com.example.commerce.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.EventTypes;
import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.Topics;
import com.example.commerce.events.shared.Address;
import com.example.commerce.events.shared.Money;
import com.example.commerce.testing.CatalogProductMother;
import com.example.commerce.testing.EventFeed;
import com.example.commerce.testing.SharedInfrastructure;
import com.example.commerce.testing.TestTokens;
import com.example.commerce.testing.TopicRecords;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** order-service's HTTP API as a test client sees it, with customers whose peers are the {@link PeerStub}. */
public final class OrderApi implements AutoCloseable {

    public static final Duration PATIENCE = Duration.ofSeconds(30);
    public static final Address HOME = new Address("1 Main St", null, "Berlin", "10115", "DE");
    public static final Address OFFICE = new Address("2 Work Rd", "Floor 3", "Hamburg", "20095", "DE");

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final EventFeed feed = new EventFeed();
    private final int port;

    public OrderApi(int port) {
        this.port = port;
    }

    /** A customer with a token, a saved payment method and an address book with a default (HOME) and OFFICE. */
    public record Customer(UUID id, String token, UUID paymentMethodId, UUID homeId, UUID officeId) {
    }

    public Customer customer() {
        UUID id = UUID.randomUUID();
        UUID method = UUID.randomUUID();
        UUID home = UUID.randomUUID();
        UUID office = UUID.randomUUID();
        PeerStub.get().paymentMethods(id, method);
        PeerStub.get().addresses(id, new PeerStub.SavedAddress(office, OFFICE, false),
                new PeerStub.SavedAddress(home, HOME, true));
        return new Customer(id, TestTokens.customer(id), method, home, office);
    }

    public EventFeed feed() {
        return feed;
    }

    /** Lists a product at {@code price} through catalog.events and waits until the price read model has it. */
    public CatalogProductMother listed(Money price) {
        CatalogProductMother product = CatalogProductMother.aProduct();
        feed.publish(product.created("Mug " + product.sku(), price));
        await("price of " + product.sku()).atMost(PATIENCE).until(() -> send(request("/api/v1/prices/" + product.sku(),
                TestTokens.client("storefront")).GET()).statusCode() == 200);
        return product;
    }

    public HttpResponse<String> place(String token, String idempotencyKey, String body) {
        HttpRequest.Builder request = request("/api/v1/orders", token).POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    /** Places an order of the customer's cart (default address) and returns its id. */
    public UUID checkout(Customer customer) {
        HttpResponse<String> placed = place(customer.token(), UUID.randomUUID().toString(),
                "{\"paymentMethodId\":\"" + customer.paymentMethodId() + "\"}");
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        return UUID.fromString(json(placed).get("id").asString());
    }

    /** Gives the customer a cart of one line and checks it out. */
    public UUID placeOrder(Customer customer) {
        PeerStub.get().cart(customer.id(), new PeerStub.Cart(UUID.randomUUID(),
                List.of(new PeerStub.CartLine("SKU-" + UUID.randomUUID().toString().substring(0, 8), "Mug", 2, 1250,
                        List.of())), null, 0));
        return checkout(customer);
    }

    public HttpResponse<String> get(String path, String token) {
        return send(request(path, token).GET());
    }

    public HttpResponse<String> post(String path, String token) {
        return send(request(path, token).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public JsonNode order(UUID id, String token) {
        HttpResponse<String> response = get("/api/v1/orders/" + id, token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    public String status(UUID id, String token) {
        return order(id, token).get("status").asString();
    }

    /** Waits until the order's status is {@code status}. */
    public JsonNode awaitStatus(UUID id, String token, String status) {
        await("order " + id + " " + status).atMost(PATIENCE).until(() -> status.equals(status(id, token)));
        return order(id, token);
    }

    public JsonNode timeline(UUID id, String token) {
        HttpResponse<String> response = get("/api/v1/orders/" + id + "/timeline", token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    /** The steps of the order's timeline, each "STEP source applied". */
    public List<String> steps(UUID id, String token) {
        List<String> steps = new ArrayList<>();
        timeline(id, token).get("entries").forEach(entry -> steps.add(entry.get("step").asString() + " "
                + entry.get("source").asString() + " " + entry.get("applied").asBoolean()));
        return steps;
    }

    /** Publishes an event of another service onto its topic (with CloudEvents headers), as that service would. */
    public UUID publish(IntegrationEvent event) {
        return feed.publish(event);
    }

    /** Waits for the first record of {@code type} about {@code orderId} on order.events. */
    public <E> E awaitOrderEvent(UUID orderId, Class<E> type) {
        String wanted = EventTypes.typeOf(type.asSubclass(IntegrationEvent.class));
        ConsumerRecord<String, byte[]> record = TopicRecords.awaitRecord(Topics.ORDER_EVENTS,
                r -> orderId.toString().equals(r.key()) && wanted.equals(TopicRecords.header(r, "ce_type")), PATIENCE);
        return json.readValue(record.value(), type);
    }

    /**
     * The types of every record about {@code orderId} on order.events, oldest first, reading the topic to its end
     * as it is now. Call it once the order's outbox rows are all sent, so that nothing of the order is still on
     * its way: then a type missing here was never published.
     */
    public List<String> orderEventTypes(UUID orderId) {
        List<String> types = new ArrayList<>();
        AtomicReference<Map<TopicPartition, Long>> end = new AtomicReference<>();
        try (KafkaConsumer<String, byte[]> reader = SharedInfrastructure.get().kafka().readerOf(Topics.ORDER_EVENTS)) {
            await("the end of " + Topics.ORDER_EVENTS).atMost(PATIENCE).until(() -> {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    if (orderId.toString().equals(record.key())) {
                        types.add(TopicRecords.header(record, "ce_type"));
                    }
                }
                if (reader.assignment().isEmpty()) {
                    return false;
                }
                if (end.get() == null) {
                    end.set(reader.endOffsets(reader.assignment()));
                }
                return end.get().entrySet().stream().allMatch(e -> reader.position(e.getKey()) >= e.getValue());
            });
        }
        return types;
    }

    public JsonNode json(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    /** Asserts a problem response of {@code status} and {@code type} and returns it. */
    public JsonNode problem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                contentType -> assertThat(contentType).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.get("type").asString()).as(response.body()).isEqualTo(type);
        return problem;
    }

    public HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json");
        return token == null ? request : request.header(TestTokens.AUTHORIZATION, TestTokens.bearer(token));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        feed.close();
    }
}
