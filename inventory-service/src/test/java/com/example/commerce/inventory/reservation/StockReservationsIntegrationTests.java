package com.example.commerce.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.EventTypes;
import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.Topics;
import com.example.commerce.events.inventory.StockCommitted;
import com.example.commerce.events.inventory.StockLevelChanged;
import com.example.commerce.events.inventory.StockReleased;
import com.example.commerce.events.inventory.StockReservationFailed;
import com.example.commerce.events.inventory.StockReserved;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.order.OrderConfirmed;
import com.example.commerce.events.order.OrderEndReasons;
import com.example.commerce.events.order.OrderPlaced;
import com.example.commerce.events.payment.PaymentDeclined;
import com.example.commerce.events.shared.Address;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shared.OrderLine;
import com.example.commerce.events.shared.Shortage;
import com.example.commerce.events.shipping.ShipmentDispatched;
import com.example.commerce.events.shipping.ShipmentFailed;
import com.example.commerce.testing.EventFeed;
import com.example.commerce.testing.Redeliveries.Delivery;
import com.example.commerce.testing.ServiceIntegrationTest;
import com.example.commerce.testing.TestTokens;
import com.example.commerce.testing.TopicRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reservations of the order saga against the real schema and broker: OrderPlaced, OrderCancelled and
 * OrderConfirmed on order.events, PaymentDeclined on payment.events, ShipmentDispatched and ShipmentFailed on
 * shipping.events, fed the way their producers' outboxes send them; in every order of arrival, and twice.
 */
@ServiceIntegrationTest
class StockReservationsIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration PATIENCE_FOR_A_STREAM = Duration.ofSeconds(120);
    private static final Address ADDRESS = new Address("1 Main Street", null, "Berlin", "10115", "DE");

    private final EventFeed feed = new EventFeed();
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private StockReservations reservations;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private PlatformTransactionManager transactionManager;

    @AfterEach
    void closeFeed() {
        feed.close();
    }

    // --- reserving -------------------------------------------------------------------------------------------

    @Test
    void orderPlacedReservesEveryLineAndStockReservedCarriesWhatPaymentNeeds() throws Exception {
        String mug = sku(10);
        String cup = sku(4);
        UUID orderId = UUID.randomUUID();
        OrderPlaced placed = placed(orderId, line(mug, 3), line(cup, 4));
        Instant before = Instant.now();

        feed.publish(placed);

        Reservation reservation = awaitStatus(orderId, ReservationStatus.RESERVED);
        assertThat(reservation.lines()).containsExactlyInAnyOrder(new Reservation.Line(mug, 3),
                new Reservation.Line(cup, 4));
        assertThat(reservation.pinned()).isFalse();
        assertThat(reservation.expiresAt()).isBetween(before.plus(Duration.ofMinutes(15)),
                Instant.now().plus(Duration.ofMinutes(15)));
        assertThat(level(mug)).isEqualTo(new Level(10, 3, 7, 0));
        assertThat(level(cup)).isEqualTo(new Level(4, 4, 0, 0));

        ConsumerRecord<String, byte[]> record = TopicRecords.awaitRecord(Topics.INVENTORY_EVENTS,
                candidate -> orderId.toString().equals(candidate.key()), PATIENCE);
        assertThat(TopicRecords.header(record, "ce_type")).isEqualTo(EventTypes.typeOf(StockReserved.class));
        StockReserved reserved = json.readValue(record.value(), StockReserved.class);
        assertThat(reserved.lines()).isEqualTo(placed.lines());
        assertThat(reserved.customerId()).isEqualTo(placed.customerId());
        assertThat(reserved.total()).isEqualTo(placed.total());
        assertThat(reserved.paymentMethodId()).isEqualTo(placed.paymentMethodId());
        assertThat(reserved.expiresAt()).isEqualTo(reservation.expiresAt());

        StockLevelChanged cupLevel = lastLevelPublished(cup);
        assertThat(cupLevel.available()).isZero();
        assertThat(cupLevel.reserved()).isEqualTo(4);
        assertThat(cupLevel.availability()).isEqualTo("OUT_OF_STOCK");
        assertThat(jdbc.queryForList("SELECT kind || ' ' || delta FROM stock_movement WHERE order_id = ? ORDER BY sku",
                String.class, orderId)).hasSize(2).allMatch(movement -> movement.startsWith("RESERVE "));
    }

    @Test
    void aShortageInTheSecondLineReservesNothingAndNamesTheShortage() {
        String mug = sku(5);
        String cup = sku(1);
        UUID orderId = UUID.randomUUID();
        int mugLevelsBefore = published(mug, StockLevelChanged.class);

        feed.publish(placed(orderId, line(mug, 2), line(cup, 3)));

        Reservation refused = awaitStatus(orderId, ReservationStatus.REFUSED);
        assertThat(refused.reason()).isEqualTo("OUT_OF_STOCK");
        assertThat(refused.expiresAt()).as("nothing held, nothing to expire").isNull();
        assertThat(refused.lines()).as("what was asked").containsExactlyInAnyOrder(new Reservation.Line(mug, 2),
                new Reservation.Line(cup, 3));
        assertThat(level(mug)).isEqualTo(new Level(5, 0, 5, 0));
        assertThat(level(cup)).isEqualTo(new Level(1, 0, 1, 0));
        assertThat(failure(orderId).shortages()).containsExactly(new Shortage(cup, 3, 1));
        assertThat(published(orderId, StockReserved.class)).isZero();
        assertThat(published(mug, StockLevelChanged.class)).isEqualTo(mugLevelsBefore);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM stock_movement WHERE order_id = ?", Integer.class,
                orderId)).isZero();
    }

    @Test
    void aShortageOfAnOrderThatAllowsABackorderIsRefusedWithItsShortagesAndReservesNothing() {
        String mug = sku(1);
        UUID orderId = UUID.randomUUID();
        double refusedWithBackorder = refused(true);
        double refusedWithoutBackorder = refused(false);
        OrderPlaced placed = placed(orderId, line(mug, 3));
        OrderPlaced allowingBackorder = new OrderPlaced(orderId, placed.customerId(), placed.lines(), placed.total(),
                ADDRESS, true, null, placed.paymentMethodId(), null, null, Instant.now());

        feed.publish(allowingBackorder);

        Reservation refused = awaitStatus(orderId, ReservationStatus.REFUSED);
        assertThat(refused.reason()).isEqualTo("OUT_OF_STOCK");
        assertThat(failure(orderId).shortages()).as("what backorder-service will order")
                .containsExactly(new Shortage(mug, 3, 1));
        assertThat(level(mug)).as("nothing reserved").isEqualTo(new Level(1, 0, 1, 0));
        assertThat(published(orderId, StockReserved.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM stock_movement WHERE order_id = ?", Integer.class,
                orderId)).isZero();
        assertThat(refused(true)).isEqualTo(refusedWithBackorder + 1);
        assertThat(refused(false)).isEqualTo(refusedWithoutBackorder);
    }

    @Test
    void anUnknownSkuIsAShortageWithNothingAvailableAndEveryShortageIsNamed() {
        String mug = sku(1);
        String unknown = "SKU-NEVER-LISTED-" + UUID.randomUUID().toString().substring(0, 8);
        UUID orderId = UUID.randomUUID();

        feed.publish(placed(orderId, line(mug, 2), line(unknown, 1)));

        awaitStatus(orderId, ReservationStatus.REFUSED);
        assertThat(failure(orderId).shortages()).containsExactlyInAnyOrder(new Shortage(mug, 2, 1),
                new Shortage(unknown, 1, 0));
        assertThat(level(mug)).isEqualTo(new Level(1, 0, 1, 0));
    }

    @Test
    void linesOfOneSkuAreReservedTogether() {
        String mug = sku(5);
        UUID orderId = UUID.randomUUID();

        reservations.reserve(placed(orderId, line(mug, 2), line(mug, 3)));

        assertThat(reservations.find(orderId).orElseThrow().lines()).containsExactly(new Reservation.Line(mug, 5));
        assertThat(level(mug)).isEqualTo(new Level(5, 5, 0, 0));
    }

    @Test
    void aThousandOrdersOfOneSkuOverEveryPartitionReserveExactlyTheHundredInStock() {
        String sku = sku(100);
        List<UUID> orders = IntStream.range(0, 1000).mapToObj(i -> UUID.randomUUID()).toList();
        List<Delivery<IntegrationEvent>> deliveries = orders.stream()
                .map(orderId -> new Delivery<IntegrationEvent>(UUID.randomUUID(), placed(orderId, line(sku, 1)), 0))
                .toList();

        feed.publishAll(deliveries);

        await("all 1000 orders decided").atMost(PATIENCE_FOR_A_STREAM).until(() -> decided(orders) == 1000);
        assertThat(countWithStatus(orders, ReservationStatus.RESERVED)).isEqualTo(100);
        assertThat(countWithStatus(orders, ReservationStatus.REFUSED)).isEqualTo(900);
        assertThat(level(sku)).isEqualTo(new Level(100, 100, 0, 0));
        List<StockLevelChanged> levels = levelsPublished(sku);
        assertThat(levels).as("one level per unit reserved").hasSize(100);
        assertThat(levels).extracting(StockLevelChanged::available).as("available never negative")
                .allMatch(available -> available >= 0).contains(0);
        assertThatThrownBy(() -> jdbc.update("UPDATE stock_item SET reserved = reserved + 1 WHERE sku = ?", sku))
                .as("PostgreSQL itself refuses a negative available").hasMessageContaining("stock_item");
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT aggregate_id) FROM outbox_event WHERE event_type = ? "
                + "AND aggregate_id = ANY(?)", Integer.class, EventTypes.typeOf(StockReservationFailed.class),
                orders.stream().map(UUID::toString).toArray(String[]::new))).isEqualTo(900);

        List<UUID> reserved = jdbc.queryForList("SELECT order_id FROM reservation WHERE order_id = ANY(?::uuid[]) "
                + "AND status = 'RESERVED' ORDER BY order_id", UUID.class,
                (Object) orders.stream().map(UUID::toString).toArray(String[]::new));
        List<UUID> cancelled = reserved.subList(0, 30);
        List<UUID> dispatched = reserved.subList(30, 80);
        cancelled.forEach(orderId -> feed.publish(new OrderCancelled(orderId, OrderEndReasons.CUSTOMER_REQUEST,
                Instant.now())));
        dispatched.forEach(orderId -> feed.publish(new ShipmentDispatched(orderId, UUID.randomUUID(), Instant.now())));

        await("30 released, 50 committed").atMost(PATIENCE_FOR_A_STREAM)
                .until(() -> countWithStatus(cancelled, ReservationStatus.RELEASED) == 30
                        && countWithStatus(dispatched, ReservationStatus.COMMITTED) == 50);
        Level after = level(sku);
        assertThat(after).isEqualTo(new Level(50, 20, 30, 50));
        assertThat(after.available() + after.reserved() + after.shipped()).as("I2: stock conserved").isEqualTo(100);
    }

    @Test
    void aThousandDirectReservationsFromEightThreadsReserveExactlyTheHundredInStock() throws Exception {
        String sku = sku(100);
        List<UUID> orders = IntStream.range(0, 1000).mapToObj(i -> UUID.randomUUID()).toList();
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    for (int i = first; i < orders.size(); i += threads) {
                        reservations.reserve(placed(orders.get(i), line(sku, 1)));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(countWithStatus(orders, ReservationStatus.RESERVED)).isEqualTo(100);
        assertThat(countWithStatus(orders, ReservationStatus.REFUSED)).isEqualTo(900);
        Level level = level(sku);
        assertThat(level).isEqualTo(new Level(100, 100, 0, 0));
        assertThat(level.reserved() + level.available()).isEqualTo(100);
    }

    @Test
    void twoOrdersOverTheSameTwoSkusInOppositeOrderAtOnceNeverDeadlock() throws Exception {
        String mug = sku(1000);
        String cup = sku(1000);
        int rounds = 100;
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> forward = pool.submit(() -> {
                for (int i = 0; i < rounds; i++) {
                    together.await(30, TimeUnit.SECONDS);
                    reservations.reserve(placed(UUID.randomUUID(), line(mug, 1), line(cup, 1)));
                }
                return null;
            });
            Future<?> backward = pool.submit(() -> {
                for (int i = 0; i < rounds; i++) {
                    together.await(30, TimeUnit.SECONDS);
                    reservations.reserve(placed(UUID.randomUUID(), line(cup, 1), line(mug, 1)));
                }
                return null;
            });
            forward.get();
            backward.get();
        } finally {
            pool.shutdownNow();
        }

        assertThat(level(mug)).isEqualTo(new Level(1000, 2 * rounds, 1000 - 2 * rounds, 0));
        assertThat(level(cup)).isEqualTo(new Level(1000, 2 * rounds, 1000 - 2 * rounds, 0));
    }

    @Test
    void twoPollsOfSeveralOrdersOverTheSameSkusInOneTransactionEachNeverDeadlock() throws Exception {
        String mug = sku(1000);
        String cup = sku(1000);
        TransactionTemplate poll = new TransactionTemplate(transactionManager);
        int rounds = 30;
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // Each poll serves two orders in one transaction, the first over one SKU, the second over the other;
            // the two polls take them in opposite order. Locking order by order would deadlock here.
            Future<?> first = pool.submit(() -> {
                for (int i = 0; i < rounds; i++) {
                    together.await(30, TimeUnit.SECONDS);
                    servePoll(poll, placed(UUID.randomUUID(), line(cup, 1)), placed(UUID.randomUUID(), line(mug, 1)));
                }
                return null;
            });
            Future<?> second = pool.submit(() -> {
                for (int i = 0; i < rounds; i++) {
                    together.await(30, TimeUnit.SECONDS);
                    servePoll(poll, placed(UUID.randomUUID(), line(mug, 1)), placed(UUID.randomUUID(), line(cup, 1)));
                }
                return null;
            });
            first.get();
            second.get();
        } finally {
            pool.shutdownNow();
        }

        assertThat(level(mug)).isEqualTo(new Level(1000, 2 * rounds, 1000 - 2 * rounds, 0));
        assertThat(level(cup)).isEqualTo(new Level(1000, 2 * rounds, 1000 - 2 * rounds, 0));
    }

    /** What a batch listener does with a poll: every order's effect in one transaction, with the poll's locks. */
    private void servePoll(TransactionTemplate transaction, OrderPlaced... orders) {
        SagaPoll poll = SagaPoll.of(List.of(orders));
        transaction.executeWithoutResult(status -> {
            for (OrderPlaced order : orders) {
                reservations.reserve(order, poll);
            }
        });
    }

    // --- releasing, committing, pinning, expiring ------------------------------------------------------------

    @Test
    void paymentDeclinedReleasesTheStockOnce() {
        String sku = sku(5);
        UUID orderId = reservedOrder(sku, 2);

        UUID declined = UUID.randomUUID();
        feed.publish(declined, new PaymentDeclined(orderId, "card declined", Instant.now()));
        feed.publish(declined, new PaymentDeclined(orderId, "card declined", Instant.now()));
        UUID declinedAgain = feed.publish(new PaymentDeclined(orderId, "card declined", Instant.now()));

        awaitInbox(PaymentEventsListener.CONSUMER, declinedAgain);
        assertThat(reservations.find(orderId).orElseThrow().reason()).isEqualTo("PAYMENT_DECLINED");
        assertThat(level(sku)).isEqualTo(new Level(5, 0, 5, 0));
        assertThat(released(orderId)).extracting(StockReleased::reason).containsExactly("PAYMENT_DECLINED");
        assertThat(lastLevelPublished(sku).available()).isEqualTo(5);
    }

    @Test
    void orderCancelledReleasesTheStockOnceWithTheOrdersReason() {
        String sku = sku(5);
        UUID orderId = reservedOrder(sku, 2);

        UUID cancel = feed.publish(new OrderCancelled(orderId, OrderEndReasons.TIMED_OUT, Instant.now()));
        feed.publish(cancel, new OrderCancelled(orderId, OrderEndReasons.TIMED_OUT, Instant.now()));
        UUID again = feed.publish(new OrderCancelled(orderId, OrderEndReasons.CUSTOMER_REQUEST, Instant.now()));

        awaitInbox(OrderEventsListener.CONSUMER, again);
        assertThat(reservations.find(orderId).orElseThrow().reason()).isEqualTo("TIMED_OUT");
        assertThat(level(sku)).isEqualTo(new Level(5, 0, 5, 0));
        assertThat(released(orderId)).extracting(StockReleased::reason).containsExactly("TIMED_OUT");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM stock_movement WHERE order_id = ? AND kind = 'RELEASE'",
                Integer.class, orderId)).isOne();
    }

    @Test
    void shipmentFailedReleasesTheStockOnce() {
        String sku = sku(5);
        UUID orderId = reservedOrder(sku, 2);

        UUID failed = feed.publish(new ShipmentFailed(orderId, UUID.randomUUID(), "refused", Instant.now()));
        feed.publish(failed, new ShipmentFailed(orderId, UUID.randomUUID(), "refused", Instant.now()));
        UUID failedAgain = feed.publish(new ShipmentFailed(orderId, UUID.randomUUID(), "refused", Instant.now()));

        awaitInbox(ShippingEventsListener.CONSUMER, failedAgain);
        assertThat(reservations.find(orderId).orElseThrow().reason()).isEqualTo("SHIPPING_FAILED");
        assertThat(level(sku)).isEqualTo(new Level(5, 0, 5, 0));
        assertThat(released(orderId)).hasSize(1);
    }

    @Test
    void shipmentDispatchedCommitsOnceAndALaterReleaseChangesNothing() {
        String sku = sku(5);
        UUID orderId = reservedOrder(sku, 2);
        int levelsBefore = published(sku, StockLevelChanged.class);

        UUID dispatched = feed.publish(new ShipmentDispatched(orderId, UUID.randomUUID(), Instant.now()));
        feed.publish(dispatched, new ShipmentDispatched(orderId, UUID.randomUUID(), Instant.now()));
        awaitStatus(orderId, ReservationStatus.COMMITTED);
        UUID lateCancel = feed.publish(new OrderCancelled(orderId, OrderEndReasons.CUSTOMER_REQUEST, Instant.now()));
        // A parcel lost in transit: the goods are gone, nothing comes back to stock.
        UUID lateFailure = feed.publish(new ShipmentFailed(orderId, UUID.randomUUID(), "LOST_IN_TRANSIT",
                Instant.now()));

        awaitInbox(OrderEventsListener.CONSUMER, lateCancel);
        awaitInbox(ShippingEventsListener.CONSUMER, lateFailure);
        assertThat(reservations.find(orderId).orElseThrow().status()).isEqualTo(ReservationStatus.COMMITTED);
        assertThat(level(sku)).isEqualTo(new Level(3, 0, 3, 2));
        assertThat(published(orderId, StockCommitted.class)).isOne();
        assertThat(published(orderId, StockReleased.class)).isZero();
        assertThat(published(sku, StockLevelChanged.class)).as("on hand changed, available did not: published")
                .isEqualTo(levelsBefore + 1);
        StockLevelChanged level = lastLevelPublished(sku);
        assertThat(level.onHand()).isEqualTo(3);
        assertThat(level.available()).isEqualTo(3);
    }

    @Test
    void anExpiredReservationIsReleasedAndAPinnedOneIsNot() {
        String sku = sku(10);
        UUID expiring = reservedOrder(sku, 2);
        UUID confirmed = reservedOrder(sku, 3);
        UUID confirmation = feed.publish(new OrderConfirmed(confirmed, UUID.randomUUID(), new Money(300, "EUR"),
                Instant.now()));
        await().atMost(PATIENCE).until(() -> reservations.find(confirmed).orElseThrow().pinned());
        feed.publish(confirmation, new OrderConfirmed(confirmed, UUID.randomUUID(), new Money(300, "EUR"),
                Instant.now()));

        jdbc.update("UPDATE reservation SET expires_at = now() - interval '1 minute' WHERE order_id = ANY(?::uuid[])",
                (Object) new String[] {expiring.toString(), confirmed.toString()});

        assertThat(awaitStatus(expiring, ReservationStatus.RELEASED).reason()).isEqualTo("EXPIRED");
        assertThat(released(expiring)).extracting(StockReleased::reason).containsExactly("EXPIRED");
        reservations.expireDue();
        Reservation pinned = reservations.find(confirmed).orElseThrow();
        assertThat(pinned.status()).isEqualTo(ReservationStatus.RESERVED);
        assertThat(pinned.pinned()).isTrue();
        assertThat(level(sku)).isEqualTo(new Level(10, 3, 7, 0));
    }

    @Test
    void twoExpiryPassesAtOnceReleaseEachReservationOnce() throws Exception {
        String sku = sku(100);
        List<UUID> orders = IntStream.range(0, 40).mapToObj(i -> UUID.randomUUID()).toList();
        orders.forEach(orderId -> reservations.reserve(placed(orderId, line(sku, 1))));
        jdbc.update("UPDATE reservation SET expires_at = now() - interval '1 minute' WHERE order_id = ANY(?::uuid[])",
                (Object) orders.stream().map(UUID::toString).toArray(String[]::new));

        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> passes = List.of(pool.submit(() -> {
                together.await(30, TimeUnit.SECONDS);
                return reservations.expireDue();
            }), pool.submit(() -> {
                together.await(30, TimeUnit.SECONDS);
                return reservations.expireDue();
            }));
            for (Future<Integer> pass : passes) {
                pass.get();
            }
        } finally {
            pool.shutdownNow();
        }

        await().atMost(PATIENCE).until(() -> countWithStatus(orders, ReservationStatus.RELEASED) == 40);
        assertThat(level(sku)).isEqualTo(new Level(100, 0, 100, 0));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE event_type = ? AND aggregate_id = ANY(?)",
                Integer.class, EventTypes.typeOf(StockReleased.class),
                orders.stream().map(UUID::toString).toArray(String[]::new))).isEqualTo(40);
    }

    // --- races and redeliveries ------------------------------------------------------------------------------

    @Test
    void orderCancelledBeforeOrderPlacedLeavesATombstoneAndTheOrderReservesNothing() {
        String sku = sku(5);
        UUID orderId = UUID.randomUUID();

        feed.publish(new OrderCancelled(orderId, OrderEndReasons.CUSTOMER_REQUEST, Instant.now()));
        UUID placed = feed.publish(placed(orderId, line(sku, 2)));

        awaitInbox(OrderEventsListener.CONSUMER, placed);
        Reservation tombstone = reservations.find(orderId).orElseThrow();
        assertThat(tombstone.status()).isEqualTo(ReservationStatus.RELEASED);
        assertThat(tombstone.reason()).isEqualTo("CUSTOMER_REQUEST");
        assertThat(tombstone.lines()).isEmpty();
        assertThat(level(sku)).isEqualTo(new Level(5, 0, 5, 0));
        assertThat(publishedForOrder(orderId)).as("nothing published for the order").isZero();
    }

    @Test
    void paymentDeclinedBeforeOrderPlacedLeavesATombstoneToo() {
        String sku = sku(5);
        UUID orderId = UUID.randomUUID();
        UUID declined = feed.publish(new PaymentDeclined(orderId, "declined", Instant.now()));
        awaitInbox(PaymentEventsListener.CONSUMER, declined);

        UUID placed = feed.publish(placed(orderId, line(sku, 2)));

        awaitInbox(OrderEventsListener.CONSUMER, placed);
        assertThat(reservations.find(orderId).orElseThrow().reason()).isEqualTo("PAYMENT_DECLINED");
        assertThat(level(sku)).isEqualTo(new Level(5, 0, 5, 0));
        assertThat(publishedForOrder(orderId)).isZero();
    }

    @Test
    void paymentDeclinedThenOrderCancelledReleasesOnceForThePayment() {
        String sku = sku(5);
        UUID orderId = reservedOrder(sku, 2);
        UUID declined = feed.publish(new PaymentDeclined(orderId, "declined", Instant.now()));
        awaitInbox(PaymentEventsListener.CONSUMER, declined);

        UUID cancelled = feed.publish(new OrderCancelled(orderId, OrderEndReasons.PAYMENT_DECLINED, Instant.now()));

        awaitInbox(OrderEventsListener.CONSUMER, cancelled);
        assertThat(released(orderId)).extracting(StockReleased::reason).containsExactly("PAYMENT_DECLINED");
        assertThat(level(sku)).isEqualTo(new Level(5, 0, 5, 0));
    }

    @Test
    void orderCancelledThenPaymentDeclinedReleasesOnceForTheCancel() {
        String sku = sku(5);
        UUID orderId = reservedOrder(sku, 2);
        UUID cancelled = feed.publish(new OrderCancelled(orderId, OrderEndReasons.CUSTOMER_REQUEST, Instant.now()));
        awaitInbox(OrderEventsListener.CONSUMER, cancelled);

        double ignoredBefore = ignored("release", "RELEASED");
        UUID declined = feed.publish(new PaymentDeclined(orderId, "declined", Instant.now()));

        awaitInbox(PaymentEventsListener.CONSUMER, declined);
        assertThat(released(orderId)).extracting(StockReleased::reason).containsExactly("CUSTOMER_REQUEST");
        assertThat(ignored("release", "RELEASED")).as("the late release is counted").isEqualTo(ignoredBefore + 1);
        assertThat(level(sku)).isEqualTo(new Level(5, 0, 5, 0));
    }

    // The saga no longer sends OrderCancelled for an order whose parcel was dispatched: a CONFIRMED order's cancel
    // is a request that shipping answers with ShipmentDispatched when the courier has the parcel, and the order
    // then ships. The two events still meet here from two topics, so both arrival orders are checked, each
    // event twice.

    @Test
    void shipmentDispatchedThenOrderCancelledEachTwiceCommitsOnceAndNeverReleasesWhatLeft() {
        String sku = sku(5);
        UUID orderId = reservedOrder(sku, 2);
        double ignoredBefore = ignored("release", "COMMITTED");

        UUID dispatched = feed.publish(new ShipmentDispatched(orderId, UUID.randomUUID(), Instant.now()));
        feed.publish(dispatched, new ShipmentDispatched(orderId, UUID.randomUUID(), Instant.now()));
        UUID dispatchedAgain = feed.publish(new ShipmentDispatched(orderId, UUID.randomUUID(), Instant.now()));
        awaitInbox(ShippingEventsListener.CONSUMER, dispatchedAgain);
        UUID cancelled = feed.publish(new OrderCancelled(orderId, OrderEndReasons.CUSTOMER_REQUEST, Instant.now()));
        feed.publish(cancelled, new OrderCancelled(orderId, OrderEndReasons.CUSTOMER_REQUEST, Instant.now()));
        UUID cancelledAgain = feed.publish(new OrderCancelled(orderId, OrderEndReasons.TIMED_OUT, Instant.now()));

        awaitInbox(OrderEventsListener.CONSUMER, cancelledAgain);
        assertThat(reservations.find(orderId).orElseThrow().status()).isEqualTo(ReservationStatus.COMMITTED);
        assertThat(level(sku)).isEqualTo(new Level(3, 0, 3, 2));
        assertThat(published(orderId, StockCommitted.class)).isOne();
        assertThat(published(orderId, StockReleased.class)).isZero();
        assertThat(ignored("release", "COMMITTED")).as("each cancel a recorded no-op").isEqualTo(ignoredBefore + 2);
        assertThat(jdbc.queryForList("SELECT kind FROM stock_movement WHERE order_id = ? ORDER BY occurred_at, id",
                String.class, orderId)).containsExactly("RESERVE", "COMMIT");
    }

    @Test
    void orderCancelledThenShipmentDispatchedEachTwiceReleasesOnceAndCommitsNothingButCountsIt() throws Exception {
        String sku = sku(5);
        UUID orderId = reservedOrder(sku, 2);
        double before = dispatchesAfterRelease();

        UUID cancelled = feed.publish(new OrderCancelled(orderId, OrderEndReasons.CUSTOMER_REQUEST, Instant.now()));
        feed.publish(cancelled, new OrderCancelled(orderId, OrderEndReasons.CUSTOMER_REQUEST, Instant.now()));
        UUID cancelledAgain = feed.publish(new OrderCancelled(orderId, OrderEndReasons.TIMED_OUT, Instant.now()));
        awaitInbox(OrderEventsListener.CONSUMER, cancelledAgain);
        // Only a producer outside the protocol (an old shipping-service) still dispatches after the cancel.
        UUID dispatched = feed.publish(new ShipmentDispatched(orderId, UUID.randomUUID(), Instant.now()));
        feed.publish(dispatched, new ShipmentDispatched(orderId, UUID.randomUUID(), Instant.now()));
        UUID dispatchedAgain = feed.publish(new ShipmentDispatched(orderId, UUID.randomUUID(), Instant.now()));

        awaitInbox(ShippingEventsListener.CONSUMER, dispatchedAgain);
        assertThat(reservations.find(orderId).orElseThrow().status()).isEqualTo(ReservationStatus.RELEASED);
        assertThat(released(orderId)).extracting(StockReleased::reason).containsExactly("CUSTOMER_REQUEST");
        assertThat(published(orderId, StockCommitted.class)).isZero();
        assertThat(level(sku)).isEqualTo(new Level(5, 0, 5, 0));
        assertThat(dispatchesAfterRelease()).as("someone must look at what left").isEqualTo(before + 2);
        assertThat(get("/actuator/prometheus", null).body()).contains("commerce_inventory_dispatch_after_release_total");
    }

    @Test
    void everyEventOfAnOrderDeliveredTwiceChangesEverythingOnce() {
        String sku = sku(5);
        UUID orderId = UUID.randomUUID();
        OrderPlaced placed = placed(orderId, line(sku, 2));

        UUID placedId = feed.publish(placed);
        feed.publish(placedId, placed);
        feed.publish(placed);
        awaitStatus(orderId, ReservationStatus.RESERVED);
        OrderConfirmed confirmed = new OrderConfirmed(orderId, placed.customerId(), placed.total(), Instant.now());
        UUID confirmedId = feed.publish(confirmed);
        feed.publish(confirmedId, confirmed);
        // The dispatch comes from another topic: only once the confirmation is taken does it follow it here.
        await("pinned").atMost(PATIENCE).until(() -> reservations.find(orderId).orElseThrow().pinned());
        ShipmentDispatched dispatched = new ShipmentDispatched(orderId, UUID.randomUUID(), Instant.now());
        UUID dispatchedId = feed.publish(dispatched);
        feed.publish(dispatchedId, dispatched);
        // The late cancel below comes on order.events, which the dispatch on shipping.events does not precede: it
        // could be taken first and release the pinned stock, which no real order allows (nothing cancels an order
        // once its parcel left). So the dispatch is taken before the late events are sent.
        awaitInbox(ShippingEventsListener.CONSUMER, dispatchedId);

        // Later events of the same keys on the same topics: once they are taken, every copy before them was too.
        UUID lateFailure = feed.publish(new ShipmentFailed(orderId, UUID.randomUUID(), "lost", Instant.now()));
        UUID lateCancel = feed.publish(new OrderCancelled(orderId, OrderEndReasons.CUSTOMER_REQUEST, Instant.now()));

        awaitInbox(ShippingEventsListener.CONSUMER, lateFailure);
        awaitInbox(OrderEventsListener.CONSUMER, lateCancel);
        Reservation reservation = reservations.find(orderId).orElseThrow();
        assertThat(reservation.status()).isEqualTo(ReservationStatus.COMMITTED);
        assertThat(reservation.pinned()).isTrue();
        assertThat(level(sku)).isEqualTo(new Level(3, 0, 3, 2));
        assertThat(published(orderId, StockReserved.class)).isOne();
        assertThat(published(orderId, StockCommitted.class)).isOne();
        assertThat(published(orderId, StockReleased.class)).isZero();
        assertThat(jdbc.queryForList("SELECT kind FROM stock_movement WHERE order_id = ? ORDER BY occurred_at, id",
                String.class, orderId)).containsExactly("RESERVE", "COMMIT");
    }

    // --- reading a reservation -------------------------------------------------------------------------------

    @Test
    void operatorsReadAReservationWithInventoryReadOrOrdersRead() throws Exception {
        String sku = sku(5);
        UUID orderId = reservedOrder(sku, 2);

        HttpResponse<String> forInventory = get("/api/v1/inventory/reservations/" + orderId,
                TestTokens.client("ops-console", "inventory:read"));
        assertThat(forInventory.statusCode()).isEqualTo(200);
        JsonNode view = json.readTree(forInventory.body());
        assertThat(view.get("orderId").asString()).isEqualTo(orderId.toString());
        assertThat(view.get("status").asString()).isEqualTo("RESERVED");
        assertThat(view.get("reason").isNull()).isTrue();
        assertThat(view.get("lines").get(0).get("sku").asString()).isEqualTo(sku);
        assertThat(view.get("lines").get(0).get("quantity").asInt()).isEqualTo(2);
        assertThat(view.get("pinned").asBoolean()).isFalse();
        assertThat(Instant.parse(view.get("expiresAt").asString())).isAfter(Instant.now());
        assertThat(view.has("createdAt")).isTrue();
        assertThat(view.has("updatedAt")).isTrue();
        assertThat(get("/api/v1/inventory/reservations/" + orderId, TestTokens.client("order-ops", "orders:read"))
                .statusCode()).isEqualTo(200);

        assertThat(get("/api/v1/inventory/reservations/" + orderId, TestTokens.client("shop", "catalog:write"))
                .statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/inventory/reservations/" + orderId, TestTokens.customer(UUID.randomUUID()))
                .statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/inventory/reservations/" + orderId, null).statusCode()).isEqualTo(401);
        HttpResponse<String> unknown = get("/api/v1/inventory/reservations/" + UUID.randomUUID(),
                TestTokens.client("ops-console", "inventory:read"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json.readTree(unknown.body()).get("type").asString()).isEqualTo("urn:commerce:problem:not-found");
        assertThat(get("/api/v1/inventory/reservations/not-a-uuid", TestTokens.client("ops-console", "inventory:read"))
                .statusCode()).isEqualTo(400);

        JsonNode stock = json.readTree(get("/api/v1/inventory/" + sku,
                TestTokens.client("ops-console", "inventory:read")).body());
        assertThat(stock.get("onHand").asInt()).isEqualTo(5);
        assertThat(stock.get("reserved").asInt()).isEqualTo(2);
        assertThat(stock.get("available").asInt()).isEqualTo(3);
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    record Level(int onHand, int reserved, int available, int shipped) {
    }

    private String sku(int onHand) {
        String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 13).toUpperCase();
        jdbc.update("INSERT INTO stock_item (sku, on_hand, reserved, shipped, updated_at, version) "
                + "VALUES (?, ?, 0, 0, now(), 0)", sku, onHand);
        return sku;
    }

    private static OrderLine line(String sku, int quantity) {
        return new OrderLine(sku, quantity, new Money(100, "EUR"));
    }

    private static OrderPlaced placed(UUID orderId, OrderLine... lines) {
        Money total = new Money(List.of(lines).stream().mapToLong(line -> line.lineTotal().amountMinor()).sum(), "EUR");
        return new OrderPlaced(orderId, UUID.randomUUID(), List.of(lines), total, ADDRESS, false, null,
                UUID.randomUUID(), null, null, Instant.now());
    }

    /** An order whose OrderPlaced (over the broker) reserved {@code quantity} of {@code sku}. */
    private UUID reservedOrder(String sku, int quantity) {
        UUID orderId = UUID.randomUUID();
        feed.publish(placed(orderId, line(sku, quantity)));
        awaitStatus(orderId, ReservationStatus.RESERVED);
        return orderId;
    }

    private Reservation awaitStatus(UUID orderId, ReservationStatus status) {
        return await("reservation of %s %s".formatted(orderId, status)).atMost(PATIENCE)
                .until(() -> reservations.find(orderId).orElse(null),
                        found -> found != null && found.status() == status);
    }

    private void awaitInbox(String consumer, UUID eventId) {
        await("%s processed %s".formatted(consumer, eventId)).atMost(PATIENCE).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox_message WHERE consumer = ? AND event_id = ?", Integer.class, consumer,
                eventId) == 1);
    }

    private Level level(String sku) {
        return jdbc.queryForObject("SELECT on_hand, reserved, available, shipped FROM stock_item WHERE sku = ?",
                (rs, n) -> new Level(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)), sku);
    }

    private int decided(List<UUID> orders) {
        return jdbc.queryForObject("SELECT count(*) FROM reservation WHERE order_id = ANY(?::uuid[]) "
                + "AND status IN ('RESERVED', 'REFUSED')", Integer.class, (Object) ids(orders));
    }

    private int countWithStatus(List<UUID> orders, ReservationStatus status) {
        return jdbc.queryForObject("SELECT count(*) FROM reservation WHERE order_id = ANY(?::uuid[]) AND status = ?",
                Integer.class, ids(orders), status.name());
    }

    private static String[] ids(List<UUID> orders) {
        return orders.stream().map(UUID::toString).toArray(String[]::new);
    }

    /** How many events of {@code type} the outbox holds for {@code aggregateId} (the order id, or a SKU). */
    private int published(Object aggregateId, Class<? extends IntegrationEvent> type) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND event_type = ?",
                Integer.class, aggregateId.toString(), EventTypes.typeOf(type));
    }

    private int publishedForOrder(UUID orderId) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE aggregate_id = ?", Integer.class,
                orderId.toString());
    }

    private List<StockReleased> released(UUID orderId) {
        return jdbc.query("SELECT payload FROM outbox_event WHERE aggregate_id = ? AND event_type = ? ORDER BY id",
                (rs, n) -> json.readValue(rs.getBytes(1), StockReleased.class), orderId.toString(),
                EventTypes.typeOf(StockReleased.class));
    }

    private StockReservationFailed failure(UUID orderId) {
        return jdbc.queryForObject("SELECT payload FROM outbox_event WHERE aggregate_id = ? AND event_type = ?",
                (rs, n) -> json.readValue(rs.getBytes(1), StockReservationFailed.class), orderId.toString(),
                EventTypes.typeOf(StockReservationFailed.class));
    }

    private List<StockLevelChanged> levelsPublished(String sku) {
        return jdbc.query("SELECT payload FROM outbox_event WHERE aggregate_id = ? AND event_type = ? ORDER BY id",
                (rs, n) -> json.readValue(rs.getBytes(1), StockLevelChanged.class), sku,
                EventTypes.typeOf(StockLevelChanged.class));
    }

    private StockLevelChanged lastLevelPublished(String sku) {
        return jdbc.queryForObject("SELECT payload FROM outbox_event WHERE aggregate_id = ? AND event_type = ? "
                        + "ORDER BY id DESC LIMIT 1", (rs, n) -> json.readValue(rs.getBytes(1), StockLevelChanged.class),
                sku, EventTypes.typeOf(StockLevelChanged.class));
    }

    private double ignored(String event, String status) {
        Counter counter = meters.find("commerce.inventory.reservation.ignored").tag("event", event).tag("status", status)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private double refused(boolean backorderAllowed) {
        Counter counter = meters.find("commerce.inventory.reservation.refused")
                .tag("backorderAllowed", Boolean.toString(backorderAllowed)).counter();
        return counter == null ? 0 : counter.count();
    }

    private double dispatchesAfterRelease() {
        Counter counter = meters.find("commerce.inventory.dispatch.after.release").counter();
        return counter == null ? 0 : counter.count();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (token != null) {
            request.header(TestTokens.AUTHORIZATION, TestTokens.bearer(token));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
