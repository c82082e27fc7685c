package com.example.commerce.order.placement;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.order.OrderApi;
import com.example.commerce.order.PeerStub;
import com.example.commerce.testing.ServiceIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Back-pressure on placement: with at most three orders waiting for the saga, a fourth placement is refused at once
 * (503 saga-busy, Retry-After) and stores nothing, a replay of a placed order is still answered, and once one of the
 * three ended the refused request, asked again with its key, is placed.
 */
@ServiceIntegrationTest
@TestPropertySource(properties = {"commerce.order.admission.max-pending=3", "commerce.order.admission.recount=0s"})
class SagaBacklogIntegrationTests {

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private MeterRegistry meters;

    private OrderApi api;

    @BeforeEach
    void client() {
        api = new OrderApi(port);
        // The orders earlier test classes left waiting (they share the database) are ended: this class counts its own.
        jdbc.update("UPDATE orders SET status = 'REJECTED' WHERE status = 'PENDING'");
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void aPlacementBeyondTheOrdersWaitingForTheSagaIsRefusedAtOnceAndStoresNothingUntilOneEnds() {
        OrderApi.Customer customer = api.customer();
        double refusedBefore = meters.get("commerce.orders.placements.refused").tag("reason", "saga-busy").counter().count();
        String firstKey = UUID.randomUUID().toString();
        String firstBody = cartOf(customer);
        HttpResponse<String> first = api.place(customer.token(), firstKey, firstBody);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        UUID firstId = UUID.fromString(api.json(first).get("id").asString());
        api.placeOrder(customer);
        api.placeOrder(customer);

        String refusedKey = UUID.randomUUID().toString();
        String refusedBody = cartOf(customer);
        HttpResponse<String> refused = api.place(customer.token(), refusedKey, refusedBody);
        api.problem(refused, 503, "urn:commerce:problem:saga-busy");
        assertThat(refused.headers().firstValue("Retry-After")).contains("2");
        assertThat(ordersOf(customer)).as("nothing stored for the refused placement").isEqualTo(3);
        assertThat(meters.get("commerce.orders.placements.refused").tag("reason", "saga-busy").counter().count())
                .isEqualTo(refusedBefore + 1);

        HttpResponse<String> replay = api.place(customer.token(), firstKey, firstBody);
        assertThat(replay.statusCode()).as("a placed order's replay is answered: %s", replay.body()).isEqualTo(202);
        assertThat(api.json(replay).get("id").asString()).isEqualTo(firstId.toString());

        HttpResponse<String> cancelled = api.post("/api/v1/orders/" + firstId + "/cancel", customer.token());
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);

        HttpResponse<String> again = api.place(customer.token(), refusedKey, refusedBody);
        assertThat(again.statusCode()).as("the same key once an order ended: %s", again.body()).isEqualTo(202);
        assertThat(ordersOf(customer)).isEqualTo(4);
    }

    private String cartOf(OrderApi.Customer customer) {
        PeerStub.get().cart(customer.id(), new PeerStub.Cart(UUID.randomUUID(),
                List.of(new PeerStub.CartLine("SKU-" + UUID.randomUUID().toString().substring(0, 8), "Mug", 1, 990,
                        List.of())), null, 0));
        return "{\"paymentMethodId\":\"" + customer.paymentMethodId() + "\"}";
    }

    private int ordersOf(OrderApi.Customer customer) {
        return jdbc.queryForObject("SELECT count(*) FROM orders WHERE customer_id = ?", Integer.class, customer.id());
    }
}
