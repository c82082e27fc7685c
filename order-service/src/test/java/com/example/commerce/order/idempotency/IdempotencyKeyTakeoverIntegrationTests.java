package com.example.commerce.order.idempotency;

import com.example.commerce.testing.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.order.OrderApi;
import com.example.commerce.order.OrderProperties;
import com.example.commerce.order.PeerStub;
import com.example.commerce.testing.ServiceIntegrationTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A first request that stalls past its Idempotency-Key's lease, while a second request with the same key takes
 * the key over: whatever the stalled one does when it wakes, the key stays with the request that took it over,
 * a third request gets that request's answer, and the customer has exactly one order. Request A is driven
 * through {@link IdempotencyKeys} as {@code OrderPlacement} drives it (claim, then release or complete in the
 * order's transaction); B and C are real HTTP requests. The lease runs out by moving the clock.
 */
@ServiceIntegrationTest
class IdempotencyKeyTakeoverIntegrationTests {

    private static final String STALLED_HASH = "a".repeat(64);

    @TestConfiguration(proxyBeanMethods = false)
    static class MovableTime {

        @Bean
        MovableClock clock() {
            return new MovableClock();
        }
    }

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private IdempotencyKeys keys;

    @Autowired
    private MovableClock clock;

    @Autowired
    private OrderProperties properties;

    @Autowired
    private TransactionTemplate transactions;

    private OrderApi api;
    private final PeerStub peers = PeerStub.get();

    @BeforeEach
    void client() {
        api = new OrderApi(port);
        peers.reset();
    }

    @AfterEach
    void close() {
        peers.reset();
        api.close();
    }

    @Test
    void aStalledRequestReleasingAfterATakeoverLeavesTheKeyWithTheRequestThatTookItOver() throws Exception {
        OrderApi.Customer customer = cartOwner();
        String caller = customer.id().toString();
        String body = "{\"paymentMethodId\":\"" + customer.paymentMethodId() + "\"}";
        IdempotencyKeys.Claimed a = (IdempotencyKeys.Claimed) keys.claim(caller, "stall", STALLED_HASH); // then stalls
        clock.advance(properties.idempotency().lease().plusSeconds(1));
        peers.behave("cart", PeerStub.Behaviour.DELAYED); // B stays in progress while A wakes

        CompletableFuture<HttpResponse<String>> b = CompletableFuture.supplyAsync(
                () -> api.place(customer.token(), "stall", body));
        awaitTakenOver(caller, "stall");
        assertThat(fence(caller, "stall")).as("the takeover's fence").isGreaterThan(a.fence());
        assertThat(keys.release(a)).as("A fails late and would free \"its\" key").isFalse();

        assertThat(row(caller, "stall")).as("B's claim survives A's release").isNotNull();
        HttpResponse<String> c = api.place(customer.token(), "stall", body);
        HttpResponse<String> answeredB = b.get();

        assertThat(answeredB.statusCode()).as(answeredB.body()).isEqualTo(202);
        assertThat(c.statusCode()).as(c.body()).isEqualTo(202);
        assertThat(c.body()).as("C gets B's answer").isEqualTo(answeredB.body());
        assertThat(ordersOf(customer.id())).as("exactly one order").isOne();
        assertThat(cartReads(customer.id())).as("only B placed an order; C waited for it").isOne();
    }

    @Test
    void aStalledRequestCompletingAfterATakeoverIsRefusedAndStoresNothing() throws Exception {
        OrderApi.Customer customer = cartOwner();
        String caller = customer.id().toString();
        String body = "{\"paymentMethodId\":\"" + customer.paymentMethodId() + "\"}";
        IdempotencyKeys.Claimed a = (IdempotencyKeys.Claimed) keys.claim(caller, "late", STALLED_HASH);
        clock.advance(properties.idempotency().lease().plusSeconds(1));
        peers.behave("cart", PeerStub.Behaviour.DELAYED);

        CompletableFuture<HttpResponse<String>> b = CompletableFuture.supplyAsync(
                () -> api.place(customer.token(), "late", body));
        awaitTakenOver(caller, "late");
        UUID staleOrder = UUID.randomUUID();
        Throwable refused = null;
        try {
            transactions.executeWithoutResult(status -> keys.complete(a, staleOrder,
                    new IdempotencyKeys.Response(202, "/api/v1/orders/" + staleOrder, "{\"from\":\"A\"}")));
        } catch (RuntimeException e) {
            refused = e;
        }
        HttpResponse<String> answeredB = b.get();
        HttpResponse<String> c = api.place(customer.token(), "late", body);

        assertThat(refused).as("A no longer holds the key").isInstanceOf(IdempotencyKeyTakenOverException.class);
        assertThat(answeredB.statusCode()).as(answeredB.body()).isEqualTo(202);
        assertThat(c.body()).as("C gets B's answer").isEqualTo(answeredB.body());
        assertThat(ordersOf(customer.id())).as("exactly one order").isOne();
        assertThat(jdbc.queryForObject("SELECT order_id FROM order_idempotency WHERE caller = ? AND idempotency_key = ?",
                UUID.class, caller, "late")).isNotEqualTo(staleOrder);
    }

    @Test
    void aStalledRequestCannotReleaseOrCompleteTheKeyClaimedAgainAfterTheCleanupDeletedItsRow() {
        String caller = "caller-" + UUID.randomUUID();
        IdempotencyKeys.Claimed a = (IdempotencyKeys.Claimed) keys.claim(caller, "swept", STALLED_HASH);
        clock.advance(properties.idempotency().lease().plusSeconds(1));
        assertThat(keys.deleteExpired()).as("the cleanup removes A's lapsed row").isPositive();
        IdempotencyKeys.Claimed b = (IdempotencyKeys.Claimed) keys.claim(caller, "swept", "b".repeat(64));

        assertThat(b.fence()).as("a new row never reuses a fence").isNotEqualTo(a.fence());
        assertThat(keys.release(a)).isFalse();
        org.assertj.core.api.Assertions.assertThatExceptionOfType(IdempotencyKeyTakenOverException.class)
                .isThrownBy(() -> transactions.executeWithoutResult(status -> keys.complete(a, UUID.randomUUID(),
                        new IdempotencyKeys.Response(202, "/api/v1/orders/a", "{}"))));
        assertThat(row(caller, "swept")).as("B still holds the key").isEqualTo("b".repeat(64));
        assertThat(keys.release(b)).isTrue();
    }

    /** Waits until B's claim replaced A's (another request hash on the key's row). */
    private void awaitTakenOver(String caller, String key) {
        await().atMost(OrderApi.PATIENCE).pollInterval(Duration.ofMillis(5)).until(() -> {
            String hash = row(caller, key);
            return hash != null && !hash.equals(STALLED_HASH);
        });
    }

    private long fence(String caller, String key) {
        return jdbc.queryForObject("SELECT fence FROM order_idempotency WHERE caller = ? AND idempotency_key = ?",
                Long.class, caller, key);
    }

    private String row(String caller, String key) {
        List<String> hashes = jdbc.queryForList(
                "SELECT request_hash FROM order_idempotency WHERE caller = ? AND idempotency_key = ?", String.class,
                caller, key);
        return hashes.isEmpty() ? null : hashes.getFirst();
    }

    private OrderApi.Customer cartOwner() {
        OrderApi.Customer customer = api.customer();
        peers.cart(customer.id(), new PeerStub.Cart(UUID.randomUUID(),
                List.of(new PeerStub.CartLine("SKU-T-" + customer.id().toString().substring(0, 6), "Mug", 1, 900,
                        List.of())), null, 0));
        return customer;
    }

    private long cartReads(UUID customer) {
        return peers.calls().stream().filter(call -> call.startsWith("GET /api/v1/cart/" + customer)).count();
    }

    private int ordersOf(UUID customer) {
        return jdbc.queryForObject("SELECT count(*) FROM orders WHERE customer_id = ?", Integer.class, customer);
    }
}
