package com.example.commerce.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.EventTypes;
import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.backorder.BackorderFulfilled;
import com.example.commerce.events.backorder.SupplierShipmentReceived;
import com.example.commerce.events.inventory.StockReplenished;
import com.example.commerce.events.inventory.StockReservationFailed;
import com.example.commerce.events.inventory.StockReserved;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.order.OrderPlaced;
import com.example.commerce.events.shared.Address;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shared.OrderLine;
import com.example.commerce.testing.EventFeed;
import com.example.commerce.testing.ServiceIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The backorder side of stock, fed over the real broker as backorder-service's outbox sends it: a supplier's
 * receipt restocks once, a fulfilled backorder reserves the refused order's lines again (all or nothing), and an
 * order that ended before its backorder was fulfilled reserves nothing, whichever event comes first.
 */
@ServiceIntegrationTest
class BackorderStockIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Address ADDRESS = new Address("1 Main Street", null, "Berlin", "10115", "DE");

    private final EventFeed feed = new EventFeed();
    private final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private StockReservations reservations;

    @AfterEach
    void closeFeed() {
        feed.close();
    }

    @Test
    void aSupplierReceiptRestocksOnceWhateverIsRedelivered() {
        String sku = sku(2);
        UUID po = UUID.randomUUID();
        SupplierShipmentReceived received = new SupplierShipmentReceived(po, sku, 12, Instant.now());
        UUID eventId = UUID.randomUUID();

        feed.publish(eventId, received);
        feed.publish(eventId, received);
        feed.publish(received);
        String marker = sku(0);
        feed.publish(new SupplierShipmentReceived(po, marker, 1, Instant.now()));
        await().atMost(PATIENCE).until(() -> onHand(marker) == 1);

        assertThat(onHand(sku)).isEqualTo(14);
        assertThat(jdbc.queryForList("SELECT kind || ' ' || delta FROM stock_movement WHERE sku = ?", String.class, sku))
                .containsExactly("RESTOCK 12");
        assertThat(payloads(sku, StockReplenished.class)).singleElement().satisfies(replenished -> {
            assertThat(replenished.quantity()).isEqualTo(12);
            assertThat(replenished.available()).isEqualTo(14);
        });
    }

    @Test
    void aFulfilledBackorderReservesTheRefusedOrderAndStockReservedCarriesItsPricesAndPayer() {
        String sku = sku(0);
        UUID order = UUID.randomUUID();
        OrderPlaced placed = placed(order, sku, 3);
        feed.publish(placed);
        awaitStatus(order, ReservationStatus.REFUSED);
        feed.publish(new SupplierShipmentReceived(UUID.randomUUID(), sku, 5, Instant.now()));
        await().atMost(PATIENCE).until(() -> onHand(sku) == 5);
        assertThat(published(order, StockReserved.class)).as("nothing before the fulfilment").isZero();

        feed.publish(fulfilled(order, sku, 3));

        awaitStatus(order, ReservationStatus.RESERVED);
        assertThat(jdbc.queryForObject("SELECT reserved FROM stock_item WHERE sku = ?", Integer.class, sku)).isEqualTo(3);
        assertThat(payloads(order, StockReserved.class)).singleElement().satisfies(reserved -> {
            assertThat(reserved.lines()).isEqualTo(placed.lines());
            assertThat(reserved.customerId()).isEqualTo(placed.customerId());
            assertThat(reserved.total()).isEqualTo(placed.total());
            assertThat(reserved.paymentMethodId()).isEqualTo(placed.paymentMethodId());
        });
    }

    @Test
    void aFulfilledBackorderStillShortReservesNothingAndSaysSoAgain() {
        String sku = sku(0);
        UUID order = UUID.randomUUID();
        feed.publish(placed(order, sku, 3));
        awaitStatus(order, ReservationStatus.REFUSED);

        feed.publish(fulfilled(order, sku, 3));

        await().atMost(PATIENCE).until(() -> published(order, StockReservationFailed.class) == 2);
        assertThat(reservations.find(order).orElseThrow().status()).isEqualTo(ReservationStatus.REFUSED);
        assertThat(jdbc.queryForObject("SELECT reserved FROM stock_item WHERE sku = ?", Integer.class, sku)).isZero();
    }

    @Test
    void anOrderCancelledBeforeOrAfterItsFulfilmentHoldsNothing() {
        String sku = sku(10);
        UUID cancelFirst = refusedOrder(sku);
        UUID fulfilledFirst = refusedOrder(sku);

        jdbc.update("UPDATE stock_item SET on_hand = on_hand + 20 WHERE sku = ?", sku);
        SagaPoll none = SagaPoll.of(List.<IntegrationEvent>of());

        reservations.release(cancelFirst, "CUSTOMER_REQUEST");
        reservations.reserveBackorder(fulfilled(cancelFirst, sku, 20), none);
        reservations.reserveBackorder(fulfilled(fulfilledFirst, sku, 20), none);
        reservations.release(fulfilledFirst, "CUSTOMER_REQUEST");
        reservations.reserveBackorder(fulfilled(fulfilledFirst, sku, 20), none);

        assertThat(reservations.find(cancelFirst).orElseThrow().status()).isEqualTo(ReservationStatus.RELEASED);
        assertThat(reservations.find(fulfilledFirst).orElseThrow().status()).isEqualTo(ReservationStatus.RELEASED);
        assertThat(published(cancelFirst, StockReserved.class)).isZero();
        assertThat(published(fulfilledFirst, StockReserved.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT reserved FROM stock_item WHERE sku = ?", Integer.class, sku)).isZero();
        assertThat(onHand(sku)).isEqualTo(30);
    }

    // --- fixtures

    private UUID refusedOrder(String sku) {
        UUID order = UUID.randomUUID();
        reservations.reserve(placed(order, sku, 20));
        assertThat(reservations.find(order).orElseThrow().status()).isEqualTo(ReservationStatus.REFUSED);
        return order;
    }

    private String sku(int onHand) {
        String sku = "BO-" + UUID.randomUUID().toString().substring(0, 13).toUpperCase();
        jdbc.update("INSERT INTO stock_item (sku, on_hand, reserved, shipped, updated_at, version) "
                + "VALUES (?, ?, 0, 0, now(), 0)", sku, onHand);
        return sku;
    }

    private static OrderPlaced placed(UUID order, String sku, int quantity) {
        OrderLine line = new OrderLine(sku, quantity, new Money(1250, "EUR"));
        return new OrderPlaced(order, UUID.randomUUID(), List.of(line), new Money(1250L * quantity, "EUR"), ADDRESS,
                true, null, UUID.randomUUID(), null, null, Instant.now());
    }

    private static BackorderFulfilled fulfilled(UUID order, String sku, int quantity) {
        return new BackorderFulfilled(order, List.of(new OrderLine(sku, quantity, new Money(1250, "EUR"))),
                Instant.now());
    }

    private void awaitStatus(UUID order, ReservationStatus status) {
        await().atMost(PATIENCE).until(() -> reservations.find(order).map(Reservation::status).orElse(null) == status);
    }

    private int onHand(String sku) {
        return jdbc.queryForObject("SELECT on_hand FROM stock_item WHERE sku = ?", Integer.class, sku);
    }

    private int published(Object aggregate, Class<? extends IntegrationEvent> type) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND event_type = ?",
                Integer.class, aggregate.toString(), EventTypes.typeOf(type));
    }

    private <E> List<E> payloads(Object aggregate, Class<E> type) {
        return jdbc.query("SELECT payload FROM outbox_event WHERE aggregate_id = ? AND event_type = ? ORDER BY id",
                (rs, n) -> json.readValue(rs.getBytes(1), type), aggregate.toString(), EventTypes.typeOf(type));
    }
}
