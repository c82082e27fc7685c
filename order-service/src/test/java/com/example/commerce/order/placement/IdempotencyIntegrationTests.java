package com.example.commerce.order.placement;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.order.OrderApi;
import com.example.commerce.order.PeerStub;
import com.example.commerce.order.idempotency.IdempotencyKeys;
import com.example.commerce.testing.ServiceIntegrationTest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Idempotency-Key: the first response again for the same key and body, 422 for another body, per caller. */
@ServiceIntegrationTest
class IdempotencyIntegrationTests {

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private IdempotencyKeys keys;

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
    void aRepeatAnswersTheFirstResponseAgainEvenAfterTheOrderMovedOn() {
        OrderApi.Customer customer = cartOwner();
        String body = "{\"paymentMethodId\":\"" + customer.paymentMethodId() + "\"}";
        HttpResponse<String> first = api.place(customer.token(), "again", body);
        assertThat(first.statusCode()).isEqualTo(202);
        UUID id = UUID.fromString(api.json(first).get("id").asString());
        assertThat(api.post("/api/v1/orders/" + id + "/cancel", customer.token()).statusCode()).isEqualTo(200);

        HttpResponse<String> repeat = api.place(customer.token(), "again", " { \"paymentMethodId\" : \""
                + customer.paymentMethodId() + "\", \"allowBackorder\": false } ");

        assertThat(repeat.statusCode()).isEqualTo(202);
        assertThat(repeat.body()).isEqualTo(first.body());
        assertThat(repeat.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(api.json(repeat).get("status").asString()).as("the first response, not the order now")
                .isEqualTo("PENDING");
        assertThat(ordersOf(customer.id())).isOne();
    }

    @Test
    void concurrentRepeatsCreateExactlyOneOrderAndAllAnswerTheSame() throws Exception {
        OrderApi.Customer customer = cartOwner();
        String body = "{\"paymentMethodId\":\"" + customer.paymentMethodId() + "\"}";
        // The cart answers after a while, so the first request is still IN_PROGRESS when the others arrive.
        peers.behave("cart", PeerStub.Behaviour.DELAYED);
        int threads = 8;
        CyclicBarrier barrier = new CyclicBarrier(threads);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                answers.add(pool.submit(() -> {
                    barrier.await();
                    return api.place(customer.token(), "together", body);
                }));
            }
        }
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : answers) {
            responses.add(answer.get());
        }

        assertThat(responses).allSatisfy(response -> {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            assertThat(response.body()).isEqualTo(responses.getFirst().body());
            assertThat(response.headers().firstValue("Location"))
                    .isEqualTo(responses.getFirst().headers().firstValue("Location"));
        });
        assertThat(ordersOf(customer.id())).isOne();
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM outbox_event WHERE event_type = 'order.OrderPlaced.v1'
                AND convert_from(payload, 'UTF8') LIKE ?""", Integer.class, "%" + customer.id() + "%")).isOne();
        assertThat(peers.calls().stream().filter(call -> call.startsWith("GET /api/v1/cart/" + customer.id())))
                .as("only the first request asked the cart").hasSize(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefusedAndChangesNothing() {
        OrderApi.Customer customer = cartOwner();
        HttpResponse<String> first = api.place(customer.token(), "mine",
                "{\"paymentMethodId\":\"" + customer.paymentMethodId() + "\"}");
        assertThat(first.statusCode()).isEqualTo(202);

        api.problem(api.place(customer.token(), "mine", "{\"paymentMethodId\":\"" + customer.paymentMethodId()
                + "\",\"allowBackorder\":true}"), 422, "urn:commerce:problem:idempotency-key-reused");
        api.problem(api.place(customer.token(), "mine", "{\"paymentMethodId\":\"" + customer.paymentMethodId()
                + "\",\"shippingAddressId\":\"" + customer.officeId() + "\"}"), 422,
                "urn:commerce:problem:idempotency-key-reused");

        assertThat(ordersOf(customer.id())).isOne();
        HttpResponse<String> repeat = api.place(customer.token(), "mine",
                "{\"paymentMethodId\":\"" + customer.paymentMethodId() + "\"}");
        assertThat(repeat.body()).as("the key still answers its first response").isEqualTo(first.body());
    }

    @Test
    void keysAreScopedPerCaller() {
        OrderApi.Customer one = cartOwner();
        OrderApi.Customer two = cartOwner();

        HttpResponse<String> first = api.place(one.token(), "shared-key", "{\"paymentMethodId\":\"" + one.paymentMethodId() + "\"}");
        HttpResponse<String> second = api.place(two.token(), "shared-key", "{\"paymentMethodId\":\"" + two.paymentMethodId() + "\"}");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(api.json(second).get("id")).isNotEqualTo(api.json(first).get("id"));
        assertThat(ordersOf(one.id())).isOne();
        assertThat(ordersOf(two.id())).isOne();
    }

    @Test
    void expiredKeysAreDeletedAndFreeTheKey() {
        OrderApi.Customer customer = cartOwner();
        String body = "{\"paymentMethodId\":\"" + customer.paymentMethodId() + "\"}";
        assertThat(api.place(customer.token(), "old", body).statusCode()).isEqualTo(202);
        jdbc.update("UPDATE order_idempotency SET expires_at = now() - interval '1 second' WHERE caller = ?",
                customer.id().toString());

        HttpResponse<String> after = api.place(customer.token(), "old", body);

        assertThat(after.statusCode()).isEqualTo(202);
        assertThat(ordersOf(customer.id())).as("a key past its 24 h places a new order").isEqualTo(2);

        jdbc.update("UPDATE order_idempotency SET expires_at = now() - interval '1 second' WHERE caller = ?",
                customer.id().toString());
        assertThat(keys.deleteExpired()).as("what the cleanup job runs").isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM order_idempotency WHERE caller = ?", Integer.class,
                customer.id().toString())).isZero();
    }

    @Test
    void aRepeatWhileTheFirstStillRunsWaitsBoundedThenIsToldToRetry() {
        OrderApi.Customer customer = cartOwner();
        String body = "{\"paymentMethodId\":\"" + customer.paymentMethodId() + "\"}";
        assertThat(api.place(customer.token(), "busy", body).statusCode()).isEqualTo(202);
        // As if the first request were still running: its row IN_PROGRESS, its lease not run out.
        jdbc.update("UPDATE order_idempotency SET status = 'IN_PROGRESS', expires_at = now() + interval '1 minute'"
                + " WHERE caller = ?", customer.id().toString());

        HttpResponse<String> busy = api.place(customer.token(), "busy", body);

        api.problem(busy, 409, "urn:commerce:problem:idempotency-key-in-progress");
        assertThat(busy.headers().firstValue("Retry-After")).contains("1");
        assertThat(ordersOf(customer.id())).isOne();
    }

    @Test
    void aKeyHeldByARequestWhoseInstanceDiedIsTakenOverAfterItsLease() {
        OrderApi.Customer customer = cartOwner();
        String body = "{\"paymentMethodId\":\"" + customer.paymentMethodId() + "\"}";
        assertThat(api.place(customer.token(), "orphan", body).statusCode()).isEqualTo(202);
        jdbc.update("UPDATE order_idempotency SET status = 'IN_PROGRESS', expires_at = now() - interval '1 second'"
                + " WHERE caller = ?", customer.id().toString());

        HttpResponse<String> taken = api.place(customer.token(), "orphan", body);

        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(202);
        assertThat(ordersOf(customer.id())).isEqualTo(2);
    }

    private OrderApi.Customer cartOwner() {
        OrderApi.Customer customer = api.customer();
        peers.cart(customer.id(), new PeerStub.Cart(UUID.randomUUID(),
                List.of(new PeerStub.CartLine("SKU-I-" + customer.id().toString().substring(0, 6), "Mug", 1, 900,
                        List.of())), null, 0));
        return customer;
    }

    private int ordersOf(UUID customer) {
        return jdbc.queryForObject("SELECT count(*) FROM orders WHERE customer_id = ?", Integer.class, customer);
    }
}
