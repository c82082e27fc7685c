package com.example.commerce.payment.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.EventTypes;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.order.OrderEndReasons;
import com.example.commerce.events.shipping.ShipmentDispatched;
import com.example.commerce.payment.PaymentIntegrationTest;
import com.example.commerce.testing.Redeliveries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Many orders whose StockReserved, ShipmentDispatched and (for half of them) OrderCancelled arrive in any order
 * across their three topics, each twice: whatever the order, every cancelled one ends compensated with nothing
 * left charged, every other one is captured exactly once for its amount, and no operation is asked twice.
 */
class PaymentSagaArrivalOrderIntegrationTests extends PaymentIntegrationTest {

    private static final int ORDERS = 12;

    @Test
    void everyArrivalOrderEndsCapturedOnceOrCompensatedWithNothingCharged() throws Exception {
        long seed = Redeliveries.seed();
        UUID customer = UUID.randomUUID();
        UUID card = savedCard(customer, GOOD_CARD);
        List<UUID> orders = new ArrayList<>();
        List<UUID> shipped = new ArrayList<>();
        List<IntegrationEvent> stream = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            UUID orderId = UUID.randomUUID();
            orders.add(orderId);
            stream.add(new ShipmentDispatched(orderId, UUID.randomUUID(), Instant.now()));
            if (i % 2 == 0) {
                stream.add(stockReserved(orderId, customer, card, 1_000 + i));
                stream.add(new OrderCancelled(orderId, OrderEndReasons.SHIPPING_FAILED, Instant.now()));
            } else {
                // Dispatched and never cancelled: the capture path. Its StockReserved goes first, because in the saga
                // a parcel is booked only after the payment was authorised; its dispatch still arrives shuffled among
                // the other orders' events, twice, before or after its authorisation's answer.
                shipped.add(orderId);
                awaitConsumed(publish(stockReserved(orderId, customer, card, 1_000 + i)));
            }
        }
        // Keyed by topic and order: the broker keeps nothing in order between one order's three topics.
        List<Redeliveries.Delivery<IntegrationEvent>> deliveries = Redeliveries.shuffled(stream,
                event -> EventTypes.topicOf(EventTypes.typeOf(event.getClass())) + "/" + event.aggregateId(), 2,
                new Random(seed));
        feed.publishAll(deliveries);
        String hint = Redeliveries.replayHint(seed);
        deliveries.stream().filter(Redeliveries.Delivery::first).forEach(delivery -> awaitConsumed(delivery.eventId()));
        await(hint).atMost(PATIENCE).until(() -> jdbc().queryForObject("""
                SELECT count(*) FROM payment_operation WHERE order_id = ANY(?) AND status IN ('PENDING', 'UNKNOWN')""",
                Integer.class, (Object) orders.toArray(new UUID[0])) == 0);

        for (int i = 0; i < ORDERS; i++) {
            UUID orderId = orders.get(i);
            if (!shipped.contains(orderId)) {
                continue;
            }
            assertThat(statusOf(orderId)).as(hint + ": " + orderId).isEqualTo("CAPTURED");
            assertThat(providerLedger(orderId)).as(hint + ": " + orderId)
                    .containsExactly("AUTHORIZATION:" + (1_000 + i), "CAPTURE:" + (1_000 + i));
            assertThat(ourLedger(orderId)).as(hint + ": " + orderId).containsExactly(
                    "AUTHORIZATION:SUCCEEDED:" + (1_000 + i), "CAPTURE:SUCCEEDED:" + (1_000 + i));
            assertThat(jdbc().queryForObject("SELECT captured_amount FROM payment WHERE order_id = ?", Long.class, orderId))
                    .as(hint).isEqualTo(1_000 + i);
            assertThat(published(orderId, "payment.PaymentCaptured.v1")).as(hint).isEqualTo(1);
        }
        for (UUID orderId : orders) {
            if (shipped.contains(orderId)) {
                continue;
            }
            String status = statusOf(orderId);
            assertThat(status).as(hint + ": " + orderId).isIn("CANCELLED", "VOIDED", "REFUNDED");
            Map<String, Long> atProvider = providerLedger(orderId).stream()
                    .collect(Collectors.groupingBy(entry -> entry.substring(0, entry.indexOf(':')), Collectors.counting()));
            assertThat(atProvider.values()).as(hint + ": each kind at most once for " + orderId).allMatch(n -> n == 1);
            boolean authorised = atProvider.containsKey("AUTHORIZATION");
            boolean captured = atProvider.containsKey("CAPTURE");
            assertThat(atProvider.containsKey("VOID") || atProvider.containsKey("REFUND") || !authorised)
                    .as(hint + ": an authorisation is voided or refunded for " + orderId).isTrue();
            assertThat(atProvider.containsKey("REFUND")).as(hint + ": a capture is refunded for " + orderId).isEqualTo(captured);
            assertThat(jdbc().queryForObject("SELECT captured_amount - refunded_amount FROM payment WHERE order_id = ?",
                    Long.class, orderId)).as(hint).isZero();
        }
    }
}
