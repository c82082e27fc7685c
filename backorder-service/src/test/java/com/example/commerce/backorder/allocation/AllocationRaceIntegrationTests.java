package com.example.commerce.backorder.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.backorder.backorder.BackorderBook;
import com.example.commerce.backorder.purchasing.PurchaseOrders;
import com.example.commerce.backorder.supplier.SupplierConfirmation;
import com.example.commerce.backorder.supplier.SupplierOrder;
import com.example.commerce.backorder.supplier.SupplierOrderStatus;
import com.example.commerce.events.order.OrderBackordered;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shared.OrderLine;
import com.example.commerce.events.shared.Shortage;
import com.example.commerce.testing.ServiceIntegrationTest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Races around an arrival, through the application services against the real PostgreSQL (the supplier's answers are
 * handed in as the work handlers would, so only the database decides who wins): a customer cancelling while the
 * stock arrives, the same arrival booked twice at once, and a redelivered arrival. Whoever wins, every unit is
 * allocated once or released, and each order is fulfilled at most once.
 */
@ServiceIntegrationTest
class AllocationRaceIntegrationTests {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    BackorderBook book;

    @Autowired
    PurchaseOrders purchaseOrders;

    String supplierCode;

    @BeforeEach
    void supplier() {
        supplierCode = "R" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        jdbc.update("INSERT INTO supplier (code, name) VALUES (?, ?)", supplierCode, "race supplier");
    }

    @RepeatedTest(5)
    void aCancelWhileTheStockArrivesEndsWithTheUnitGivenOnceEitherWay() throws Exception {
        String sku = sku();
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        book.record(backordered(a, sku));
        UUID po = placed(purchaseOrderOf(a), 1);
        book.record(backordered(b, sku));

        List<Object> results = together(
                () -> purchaseOrders.receive(po, shipped(po, 1)),
                () -> book.cancel(new OrderCancelled(a, "CUSTOMER_REQUEST", Instant.now())));

        String statusOfA = statusOf(a);
        String statusOfB = statusOf(b);
        assertThat(results.getFirst()).isEqualTo(true);
        if (statusOfA.equals("ALLOCATED")) {
            // the arrival went first: a was served, its cancel found nothing waiting; b waits for its own batch
            assertThat(statusOfB).isEqualTo("WAITING");
            assertThat(fulfilled(List.of(a, b))).containsExactly(a);
        } else {
            // the cancel went first: a's place in line went to b
            assertThat(statusOfA).isEqualTo("CANCELLED");
            assertThat(statusOfB).isEqualTo("ALLOCATED");
            assertThat(fulfilled(List.of(a, b))).containsExactly(b);
        }
        assertThat(pool(sku)).containsEntry("received", 1).containsEntry("allocated", 1).containsEntry("released", 0);
    }

    @RepeatedTest(3)
    void theSameArrivalBookedTwiceAtOnceIsReceivedOnce() throws Exception {
        String sku = sku();
        UUID a = UUID.randomUUID();
        book.record(backordered(a, sku));
        UUID po = placed(purchaseOrderOf(a), 1);

        List<Object> results = together(
                () -> purchaseOrders.receive(po, shipped(po, 1)),
                () -> purchaseOrders.receive(po, shipped(po, 1)));

        assertThat(results).containsExactlyInAnyOrder(true, false);
        assertThat(count("backorder.SupplierShipmentReceived.v1", po)).isEqualTo(1);
        assertThat(fulfilled(List.of(a))).containsExactly(a);
        assertThat(pool(sku)).containsEntry("received", 1).containsEntry("allocated", 1);
    }

    @Test
    void anArrivalRedeliveredAfterItsEffectAndACancelAfterTheAllocationChangeNothing() {
        String sku = sku();
        UUID a = UUID.randomUUID();
        book.record(backordered(a, sku));
        UUID po = placed(purchaseOrderOf(a), 3);
        assertThat(purchaseOrders.receive(po, shipped(po, 3))).isTrue();

        assertThat(purchaseOrders.receive(po, shipped(po, 3))).isFalse();
        assertThat(book.cancel(new OrderCancelled(a, "CUSTOMER_REQUEST", Instant.now()))).isEmpty();
        assertThat(book.record(backordered(a, sku))).as("the order's backorder, delivered again").isFalse();

        assertThat(statusOf(a)).isEqualTo("ALLOCATED");
        assertThat(pool(sku)).containsEntry("received", 3).containsEntry("allocated", 1).containsEntry("released", 2);
        assertThat(count("backorder.BackorderFulfilled.v1", a)).isEqualTo(1);
    }

    // --- fixtures

    String sku() {
        String sku = "RACE-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.update("""
                INSERT INTO supplied_sku (sku, supplier_code, supplier_sku, lead_time_days, min_order_quantity,
                                          updated_at, updated_by) VALUES (?, ?, ?, 1, 1, now(), 'test')""",
                sku, supplierCode, "S-" + sku);
        return sku;
    }

    static OrderBackordered backordered(UUID order, String sku) {
        return new OrderBackordered(order, List.of(new Shortage(sku, 1, 0)),
                List.of(new OrderLine(sku, 1, new Money(500, "EUR"))), Instant.now());
    }

    /** Closes the batch and records the supplier's confirmation of every line, as the place work does. */
    UUID placed(UUID po, int confirmed) {
        SupplierOrder order = purchaseOrders.close(po).orElseThrow();
        List<SupplierConfirmation.Line> lines = order.lines().stream()
                .map(line -> new SupplierConfirmation.Line(line.lineNumber(), line.supplierSku(), line.quantity(),
                        Math.min(confirmed, line.quantity()), SupplierConfirmation.Outcome.CONFIRMED,
                        LocalDate.now().plusDays(1), null)).toList();
        // a confirmation of more than ordered is capped at what was ordered; the tests order exactly what they ship
        jdbc.update("UPDATE purchase_order_line SET quantity = ? WHERE purchase_order_id = ?", confirmed, po);
        assertThat(purchaseOrders.recordConfirmation(po, new SupplierConfirmation(order.poNumber(), "SUP-R", lines)))
                .isTrue();
        // the tests hand in the supplier's shipment themselves: the poll work must not ask the simulator meanwhile
        jdbc.update("UPDATE work_item SET due_at = now() + interval '1 day' WHERE kind = ? AND work_key = ?",
                "backorder.poll-purchase-order", po.toString());
        return po;
    }

    SupplierOrderStatus shipped(UUID po, int quantity) {
        String supplierSku = jdbc.queryForObject("SELECT supplier_sku FROM purchase_order_line WHERE purchase_order_id = ?",
                String.class, po);
        return new SupplierOrderStatus("PO", SupplierOrderStatus.State.SHIPPED, "SHP-1", Instant.now(),
                List.of(new SupplierOrderStatus.ShippedLine(1, supplierSku, quantity)));
    }

    /** Runs both at once from a barrier and returns their results in argument order. */
    static List<Object> together(Callable<?> first, Callable<?> second) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(2);
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            List<Future<?>> futures = new ArrayList<>();
            for (Callable<?> task : List.of(first, second)) {
                futures.add(threads.submit(() -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    return task.call();
                }));
            }
            List<Object> results = new ArrayList<>();
            for (Future<?> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        }
    }

    UUID purchaseOrderOf(UUID order) {
        return jdbc.queryForObject("SELECT purchase_order_id FROM backorder WHERE order_id = ?", UUID.class, order);
    }

    String statusOf(UUID order) {
        return jdbc.queryForObject("SELECT status FROM backorder WHERE order_id = ?", String.class, order);
    }

    Map<String, Object> pool(String sku) {
        return jdbc.queryForMap("SELECT received, allocated, released FROM sku_pool WHERE sku = ?", sku);
    }

    List<UUID> fulfilled(List<UUID> orders) {
        return jdbc.queryForList("""
                SELECT aggregate_id FROM outbox_event WHERE event_type = 'backorder.BackorderFulfilled.v1'
                AND aggregate_id = ANY (?) ORDER BY id""", String.class,
                (Object) orders.stream().map(UUID::toString).toArray(String[]::new)).stream().map(UUID::fromString).toList();
    }

    int count(String type, UUID aggregate) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE event_type = ? AND aggregate_id = ?",
                Integer.class, type, aggregate.toString());
    }
}
