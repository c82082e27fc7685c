package com.example.commerce.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.inventory.StockReserved;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shared.OrderLine;
import com.example.commerce.testing.EventFeed;
import com.example.commerce.testing.ServiceIntegrationTest;
import com.example.commerce.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the payment tests share: the running service, the simulated provider, an event feed, a few mothers. */
@ServiceIntegrationTest
public abstract class PaymentIntegrationTest {

    protected static final String GOOD_CARD = "4242424242424242";
    protected static final String DECLINING_CARD = "4000000000000002";
    protected static final Duration PATIENCE = Duration.ofSeconds(30);

    protected static EventFeed feed;

    protected final HttpClient http = HttpClient.newHttpClient();
    protected final JsonMapper json = JsonMapper.builder().build();
    protected final ProviderSimulator provider = ProviderSimulator.get();

    @Autowired
    protected DataSource dataSource;

    protected JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource);
    }

    @BeforeAll
    static void openFeed() {
        feed = new EventFeed();
    }

    @AfterAll
    static void closeFeed() {
        feed.close();
    }

    @AfterEach
    void resetProvider() {
        provider.reset();
        TokenisationSpy.declineWith(null);
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + ProviderSimulatorContextCustomizerFactory.SERVICE_PORT;
    }

    /** Saves a card in {@code customerId}'s wallet through the API and returns its id. */
    protected UUID savedCard(UUID customerId, String number) throws Exception {
        HttpResponse<String> saved = post("/api/v1/payment-methods", TestTokens.customer(customerId), card(number, "123"));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        return UUID.fromString(json.readTree(saved.body()).get("id").asString());
    }

    protected static String card(String number, String cvc) {
        return """
                {"cardNumber":"%s","expiryMonth":12,"expiryYear":%d,"cvc":"%s","holderName":"Ada Lovelace"}"""
                .formatted(number, YearMonth.now().getYear() + 3, cvc);
    }

    protected static StockReserved stockReserved(UUID orderId, UUID customerId, UUID methodId, long amount) {
        // The total is what the order owes after its discount; the line's price does not matter to payment.
        return new StockReserved(orderId, List.of(new OrderLine("SKU-1", 1, new Money(1_000, "EUR"))),
                Instant.now().plusSeconds(900), customerId, new Money(amount, "EUR"), methodId, Instant.now());
    }

    /** Publishes {@code event} under a new id and returns the id. */
    protected UUID publish(IntegrationEvent event) {
        return feed.publish(event);
    }

    /** Waits until the service's inbox has taken event {@code eventId} (and so every event before it on its partition). */
    protected void awaitConsumed(UUID eventId) {
        await("event " + eventId + " consumed").atMost(PATIENCE).until(() -> jdbc().queryForObject(
                "SELECT count(*) FROM inbox_message WHERE event_id = ?", Integer.class, eventId) > 0);
    }

    protected String statusOf(UUID orderId) {
        List<String> status = jdbc().queryForList("SELECT status FROM payment WHERE order_id = ?", String.class, orderId);
        return status.isEmpty() ? null : status.getFirst();
    }

    protected void awaitStatus(UUID orderId, String status) {
        await("payment of " + orderId + " " + status).atMost(PATIENCE).until(() -> status.equals(statusOf(orderId)));
    }

    /** The kinds of the provider's ledger entries for the order, in order. */
    protected List<String> providerLedger(UUID orderId) {
        JsonNode entries = json.readTree(provider.ledger(orderId.toString()));
        return entries.valueStream().map(entry -> entry.get("kind").asString() + ":" + entry.get("amountMinor").asLong())
                .toList();
    }

    /**
     * Authorises {@code amount} for the order at the provider directly, under our key {@code <orderId>:authorize}
     * and without a callback: as if our request had reached it and its answer had been lost. Returns the intent id.
     */
    protected String authoriseAtTheProvider(UUID orderId, long amount) throws Exception {
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(provider.baseUrl() + "/provider/v1/tokens"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(card(GOOD_CARD, "123")))
                .build(), HttpResponse.BodyHandlers.ofString());
        String body = """
                {"amountMinor":%d,"currency":"EUR","token":"%s","reference":"%s"}"""
                .formatted(amount, json.readTree(token.body()).get("token").asString(), orderId);
        HttpResponse<String> intent = http.send(HttpRequest.newBuilder(URI.create(provider.baseUrl() + "/provider/v1/payment-intents"))
                .header("Content-Type", "application/json").header("Idempotency-Key", orderId + ":authorize")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(intent.statusCode()).as(intent.body()).isEqualTo(200);
        return json.readTree(intent.body()).get("id").asString();
    }

    /**
     * Writes the work row of operation {@code operationId} as a test's starting point: {@code status} DUE (due at
     * {@code dueAt}) or LEASED (its lease ending at {@code dueAt}), after {@code attempts} claims, the fence as
     * many. Returns the row's id.
     */
    protected long insertWork(UUID operationId, String status, Instant dueAt, int attempts, int maxAttempts) {
        Timestamp at = Timestamp.from(dueAt);
        Timestamp now = Timestamp.from(Instant.now());
        return jdbc().queryForObject("""
                INSERT INTO work_item (kind, work_key, payload, status, due_at, lease_until, fence, attempts, max_attempts,
                created_at, updated_at) VALUES ('payment.operation', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
                Long.class, operationId.toString(), "{\"operationId\":\"" + operationId + "\"}", status, at,
                status.equals("LEASED") ? at : null, attempts, attempts, maxAttempts, now, now);
    }

    /** The work row of the order's operation of {@code kind} (its first attempt): "status attempts fence", or null. */
    protected String workOf(UUID orderId, String kind) {
        List<String> rows = jdbc().queryForList("""
                SELECT w.status || ' ' || w.attempts || ' ' || w.fence FROM work_item w JOIN payment_operation o
                ON w.kind = 'payment.operation' AND w.work_key = o.id::text
                WHERE o.order_id = ? AND o.kind = ? AND o.attempt = 1""", String.class, orderId, kind);
        return rows.isEmpty() ? null : rows.getFirst();
    }

    /** Our ledger of the order: kind:status:amount, oldest first. */
    protected List<String> ourLedger(UUID orderId) {
        return jdbc().queryForList("""
                SELECT kind || ':' || status || ':' || amount FROM payment_operation WHERE order_id = ?
                ORDER BY created_at, id""", String.class, orderId);
    }

    /** How many events of {@code type} (e.g. {@code payment.PaymentAuthorized.v1}) the service published for the order. */
    protected int published(UUID orderId, String type) {
        return jdbc().queryForObject("SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND event_type = ?",
                Integer.class, orderId.toString(), type);
    }

    protected HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header(TestTokens.AUTHORIZATION, TestTokens.bearer(token));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path));
        if (token != null) {
            request.header(TestTokens.AUTHORIZATION, TestTokens.bearer(token));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> delete(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).DELETE()
                .header(TestTokens.AUTHORIZATION, TestTokens.bearer(token)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
