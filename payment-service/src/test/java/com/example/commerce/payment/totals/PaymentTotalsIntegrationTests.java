package com.example.commerce.payment.totals;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.testing.ServiceIntegrationTest;
import com.example.commerce.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The operators' totals reporting reconciles with: the ledger's succeeded operations in a period. */
@ServiceIntegrationTest
class PaymentTotalsIntegrationTests {

    /** A day no other test records an operation on. */
    static final Instant DAY = Instant.parse("2031-01-07T09:00:00Z");

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Test
    void sumsThePeriodsSucceededOperationsPerKindAndCurrency() throws Exception {
        captured("EUR", 1800, 0, DAY);
        captured("EUR", 4000, 1000, DAY.plusSeconds(60));
        captured("USD", 8000, 0, DAY.plusSeconds(120));
        captured("EUR", 999, 0, DAY.plusSeconds(86_400)); // the next day: outside the period
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        UUID failedPayment = payment("EUR", 500, DAY);
        operation(jdbc, failedPayment, "CAPTURE", 500, "EUR", "FAILED", DAY);

        HttpResponse<String> totals = get("/api/v1/ops/payments/totals?from=2031-01-07&to=2031-01-07", operator());
        assertThat(totals.statusCode()).as(totals.body()).isEqualTo(200);
        assertThat(json.readTree(totals.body())).isEqualTo(json.readTree("""
                {"from":"2031-01-07","to":"2031-01-07","operations":[
                 {"kind":"AUTHORIZATION","currency":"EUR","operations":2,"amountMinor":5800},
                 {"kind":"AUTHORIZATION","currency":"USD","operations":1,"amountMinor":8000},
                 {"kind":"CAPTURE","currency":"EUR","operations":2,"amountMinor":5800},
                 {"kind":"CAPTURE","currency":"USD","operations":1,"amountMinor":8000},
                 {"kind":"REFUND","currency":"EUR","operations":1,"amountMinor":1000}]}"""));
    }

    @Test
    void needsThePaymentOperatorsScopeAndAValidPeriod() throws Exception {
        String path = "/api/v1/ops/payments/totals?from=2031-01-07&to=2031-01-07";
        assertThat(get(path, null).statusCode()).isEqualTo(401);
        assertThat(get(path, TestTokens.opsConsole()).statusCode()).isEqualTo(403);
        HttpResponse<String> tooLong = get("/api/v1/ops/payments/totals?from=2030-01-01&to=2031-01-07", operator());
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(json.readTree(tooLong.body()).get("type").asString()).isEqualTo("urn:commerce:problem:invalid-date-range");
    }

    private static String operator() {
        return TestTokens.client("ops-console", "ops:dead-letters", "ops:payments");
    }

    /** A payment authorised and captured (and refunded, when {@code refunded} > 0), as the ledger records it. */
    private void captured(String currency, long amount, long refunded, Instant at) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        UUID paymentId = payment(currency, amount, at);
        operation(jdbc, paymentId, "AUTHORIZATION", amount, currency, "SUCCEEDED", at);
        operation(jdbc, paymentId, "CAPTURE", amount, currency, "SUCCEEDED", at.plusSeconds(10));
        if (refunded > 0) {
            operation(jdbc, paymentId, "REFUND", refunded, currency, "SUCCEEDED", at.plusSeconds(20));
        }
    }

    private UUID payment(String currency, long amount, Instant at) {
        UUID paymentId = UUID.randomUUID();
        new JdbcTemplate(dataSource).update("""
                INSERT INTO payment (id, order_id, status, amount, currency, created_at, updated_at)
                VALUES (?, ?, 'AUTHORIZED', ?, ?, ?, ?)""", paymentId, UUID.randomUUID(), amount, currency,
                Timestamp.from(at), Timestamp.from(at));
        return paymentId;
    }

    private static void operation(JdbcTemplate jdbc, UUID paymentId, String kind, long amount, String currency,
                                  String status, Instant at) {
        jdbc.update("""
                INSERT INTO payment_operation (id, payment_id, order_id, kind, amount, currency, status, idempotency_key,
                created_at, updated_at) SELECT ?, id, order_id, ?, ?, ?, ?, ?, ?, ? FROM payment WHERE id = ?""",
                UUID.randomUUID(), kind, amount, currency, status, paymentId + ":" + kind, Timestamp.from(at),
                Timestamp.from(at), paymentId);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (token != null) {
            request.header(TestTokens.AUTHORIZATION, TestTokens.bearer(token));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
