package com.example.commerce.order.totals;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.order.order.Order;
import com.example.commerce.order.order.OrderItem;
import com.example.commerce.order.order.OrderMother;
import com.example.commerce.order.order.Orders;
import com.example.commerce.testing.ServiceIntegrationTest;
import com.example.commerce.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The operators' totals reporting reconciles with: orders placed in a period, per state and currency. */
@ServiceIntegrationTest
class OrderTotalsIntegrationTests {

    /** A day no other test places an order on. */
    static final Instant DAY = Instant.parse("2031-01-07T09:00:00Z");

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    Orders orders;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void countsThePeriodsOrdersPerStateAndCurrencyWithTheirTotals() throws Exception {
        Order pending = place("EUR", DAY);
        Order confirmed = place("EUR", DAY.plusSeconds(60));
        confirmed.on(OrderMother.authorized(confirmed), DAY.plusSeconds(61), OrderMother.DEADLINES);
        Order otherConfirmed = place("EUR", DAY.plusSeconds(120));
        otherConfirmed.on(OrderMother.authorized(otherConfirmed), DAY.plusSeconds(121), OrderMother.DEADLINES);
        Order cancelled = place("USD", DAY.plusSeconds(180));
        cancelled.cancelOnRequest(DAY.plusSeconds(181), OrderMother.DEADLINES);
        Order nextDay = place("EUR", DAY.plusSeconds(86_400));
        transactions.executeWithoutResult(status -> orders.saveAll(List.of(pending, confirmed, otherConfirmed, cancelled,
                nextDay)));

        HttpResponse<String> totals = get("/api/v1/ops/orders/totals?from=2031-01-07&to=2031-01-07",
                TestTokens.opsConsole());
        assertThat(totals.statusCode()).as(totals.body()).isEqualTo(200);
        // Each order: 2 x 1299 + 1 x 2499 - 500 discount = 4597.
        assertThat(json.readTree(totals.body())).isEqualTo(json.readTree("""
                {"from":"2031-01-07","to":"2031-01-07","orders":[
                 {"state":"CANCELLED","currency":"USD","orders":1,"totalMinor":4597},
                 {"state":"CONFIRMED","currency":"EUR","orders":2,"totalMinor":9194},
                 {"state":"PENDING","currency":"EUR","orders":1,"totalMinor":4597}]}"""));
    }

    @Test
    void needsTheOperationsScopeAndAValidPeriod() throws Exception {
        String path = "/api/v1/ops/orders/totals?from=2031-01-07&to=2031-01-07";
        assertThat(get(path, null).statusCode()).isEqualTo(401);
        assertThat(get(path, TestTokens.client("dashboards", "orders:read")).statusCode()).isEqualTo(403);
        HttpResponse<String> backwards = get("/api/v1/ops/orders/totals?from=2031-01-07&to=2031-01-06",
                TestTokens.opsConsole());
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(json.readTree(backwards.body()).get("type").asString()).isEqualTo("urn:commerce:problem:invalid-date-range");
    }

    private static Order place(String currency, Instant at) {
        return Order.place(UUID.randomUUID(), UUID.randomUUID(), List.of(new OrderItem("MUG-1", "Mug", 2, 1299),
                        new OrderItem("TEE-1", "Tee", 1, 2499)), currency, 500, "WINTER", OrderMother.ADDRESS,
                UUID.randomUUID(), false, UUID.randomUUID(), at, OrderMother.DEADLINES).order();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (token != null) {
            request.header(TestTokens.AUTHORIZATION, TestTokens.bearer(token));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
