package com.example.commerce.reporting.ingest;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.backorder.BackorderCreated;
import com.example.commerce.events.backorder.BackorderFailed;
import com.example.commerce.events.backorder.BackorderFulfilled;
import com.example.commerce.events.cart.CartAbandoned;
import com.example.commerce.events.cart.CartCheckedOut;
import com.example.commerce.events.cart.ItemAddedToCart;
import com.example.commerce.events.catalog.PriceChanged;
import com.example.commerce.events.catalog.ProductCreated;
import com.example.commerce.events.catalog.ProductDiscontinued;
import com.example.commerce.events.catalog.ProductUpdated;
import com.example.commerce.events.inventory.StockReleased;
import com.example.commerce.events.inventory.StockReservationFailed;
import com.example.commerce.events.order.OrderBackordered;
import com.example.commerce.events.order.OrderCancellationRequested;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.order.OrderCompleted;
import com.example.commerce.events.order.OrderConfirmed;
import com.example.commerce.events.order.OrderPlaced;
import com.example.commerce.events.order.OrderRejected;
import com.example.commerce.events.payment.PaymentAuthorized;
import com.example.commerce.events.payment.PaymentCaptured;
import com.example.commerce.events.payment.PaymentDeclined;
import com.example.commerce.events.payment.PaymentRefunded;
import com.example.commerce.events.payment.PaymentVoided;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shared.OrderLine;
import com.example.commerce.events.shared.Shortage;
import com.example.commerce.events.shipping.ShipmentCancelled;
import com.example.commerce.events.shipping.ShipmentCreated;
import com.example.commerce.events.shipping.ShipmentDelivered;
import com.example.commerce.events.shipping.ShipmentDispatched;
import com.example.commerce.events.shipping.ShipmentFailed;
import com.example.commerce.starter.inbox.ReceivedEvent;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Folds one event into the analytics model (a set of {@link ModelTables}): facts merged by per-field rules, and
 * the rollups moved in the same transaction ({@link FactSession}). Runs inside the inbox's transaction, so an
 * event is applied exactly once per consumer; an event reporting has no use for (customer registrations, stock
 * levels, purchase orders) is received and changes nothing.
 */
@Service
public class Projection {

    /** The currency column of an operation that carries no amount (a decline, a void): ISO 4217's "no currency". */
    static final String NO_CURRENCY = "XXX";

    private final JdbcTemplate jdbc;

    public Projection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The event types that change an order's fact; their records are keyed by the order id. */
    private static final java.util.Set<String> ORDER_FACT_TYPES = java.util.Set.of("order.OrderPlaced.v1",
            "order.OrderConfirmed.v1", "order.OrderBackordered.v1", "order.OrderCancellationRequested.v1",
            "order.OrderCancelled.v1", "order.OrderRejected.v1", "order.OrderCompleted.v1", "payment.PaymentAuthorized.v1",
            "payment.PaymentCaptured.v1", "payment.PaymentRefunded.v1", "payment.PaymentDeclined.v1",
            "shipping.ShipmentDispatched.v1", "shipping.ShipmentDelivered.v1", "backorder.BackorderCreated.v1",
            "backorder.BackorderFulfilled.v1", "backorder.BackorderFailed.v1");

    /** The order ids of the records in a poll whose events change an order's fact (by their key and type header). */
    public static List<UUID> ordersOf(List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records) {
        List<UUID> orders = new ArrayList<>();
        for (var record : records) {
            var type = record.headers().lastHeader("ce_type");
            if (type == null || record.key() == null
                    || !ORDER_FACT_TYPES.contains(new String(type.value(), java.nio.charset.StandardCharsets.UTF_8))) {
                continue;
            }
            try {
                orders.add(UUID.fromString(record.key()));
            } catch (IllegalArgumentException notAnOrderId) {
                // The inbox rejects what cannot be read; here it only means nothing to lock ahead.
            }
        }
        return orders;
    }

    public void apply(ModelTables tables, ReceivedEvent received) {
        FactSession session = FactSession.current(jdbc, tables);
        IntegrationEvent event = received.payload();
        switch (event) {
            case OrderPlaced placed -> placed(session, placed);
            case OrderConfirmed confirmed -> {
                OrderFact fact = session.order(confirmed.orderId());
                fact.confirmedAt = OrderFact.earliest(fact.confirmedAt, confirmed.occurredAt());
            }
            case OrderBackordered backordered -> backordered(session, backordered.orderId(), backordered.occurredAt());
            case OrderCancellationRequested requested -> {
                OrderFact fact = session.order(requested.orderId());
                fact.cancelRequestedAt = OrderFact.earliest(fact.cancelRequestedAt, requested.occurredAt());
            }
            case OrderCancelled cancelled -> session.order(cancelled.orderId())
                    .end("CANCELLED", cancelled.reason(), cancelled.occurredAt());
            case OrderRejected rejected -> session.order(rejected.orderId())
                    .end("REJECTED", rejected.reason(), rejected.occurredAt());
            case OrderCompleted completed -> delivered(session, completed.orderId(), completed.occurredAt());
            case PaymentAuthorized authorized -> {
                OrderFact fact = session.order(authorized.orderId());
                fact.authorizedMinor += authorized.amount().amountMinor();
                payment(tables, session, received, authorized.orderId(), authorized.paymentId(), "AUTHORIZED",
                        authorized.amount(), null, authorized.occurredAt());
            }
            case PaymentCaptured captured -> {
                session.order(captured.orderId()).capturedMinor += captured.amount().amountMinor();
                payment(tables, session, received, captured.orderId(), captured.paymentId(), "CAPTURED",
                        captured.amount(), null, captured.occurredAt());
            }
            case PaymentRefunded refunded -> {
                session.order(refunded.orderId()).refundedMinor += refunded.amount().amountMinor();
                payment(tables, session, received, refunded.orderId(), refunded.paymentId(), "REFUNDED",
                        refunded.amount(), null, refunded.occurredAt());
                compensation(session, "PAYMENT_REFUNDED", "REFUND", refunded.occurredAt());
            }
            case PaymentDeclined declined -> {
                session.order(declined.orderId()).decline(declined.reason(), declined.occurredAt());
                payment(tables, session, received, declined.orderId(), null, "DECLINED", null, declined.reason(),
                        declined.occurredAt());
                compensation(session, "PAYMENT_DECLINED", declined.reason(), declined.occurredAt());
            }
            case PaymentVoided voided -> {
                payment(tables, session, received, voided.orderId(), voided.paymentId(), "VOIDED", null, null,
                        voided.occurredAt());
                compensation(session, "PAYMENT_VOIDED", "VOID", voided.occurredAt());
            }
            case ShipmentCreated created -> shipment(tables, session, created.shipmentId(), created.orderId(), created.courier(),
                    "created_at", created.occurredAt(), null);
            case ShipmentDispatched dispatched -> {
                OrderFact fact = session.order(dispatched.orderId());
                fact.shippedAt = OrderFact.earliest(fact.shippedAt, dispatched.occurredAt());
                shipment(tables, session, dispatched.shipmentId(), dispatched.orderId(), null, "dispatched_at",
                        dispatched.occurredAt(), null);
            }
            case ShipmentDelivered shipmentDelivered -> {
                delivered(session, shipmentDelivered.orderId(), shipmentDelivered.occurredAt());
                shipment(tables, session, shipmentDelivered.shipmentId(), shipmentDelivered.orderId(), null, "delivered_at",
                        shipmentDelivered.occurredAt(), null);
            }
            case ShipmentFailed failed -> {
                shipment(tables, session, failed.shipmentId(), failed.orderId(), null, "failed_at", failed.occurredAt(),
                        failed.reason());
                compensation(session, "SHIPMENT_FAILED", failed.reason(), failed.occurredAt());
            }
            case ShipmentCancelled cancelled -> {
                shipment(tables, session, cancelled.shipmentId(), cancelled.orderId(), null, "cancelled_at",
                        cancelled.occurredAt(), cancelled.reason());
                compensation(session, "SHIPMENT_CANCELLED", cancelled.reason(), cancelled.occurredAt());
            }
            case StockReleased released -> compensation(session, "STOCK_RELEASED", released.reason(),
                    released.occurredAt());
            case StockReservationFailed failed -> stockOut(tables, session, received.eventId(), failed.orderId(),
                    failed.shortages(), failed.occurredAt());
            case BackorderCreated created -> backordered(session, created.orderId(), created.occurredAt());
            case BackorderFulfilled fulfilled -> {
                OrderFact fact = session.order(fulfilled.orderId());
                fact.backorderFulfilledAt = OrderFact.earliest(fact.backorderFulfilledAt, fulfilled.occurredAt());
            }
            case BackorderFailed failed -> {
                OrderFact fact = session.order(failed.orderId());
                fact.backorderFailedAt = OrderFact.earliest(fact.backorderFailedAt, failed.occurredAt());
            }
            case ItemAddedToCart added -> {
                Day day = Day.of(added.occurredAt());
                session.direct().add(Rollup.FUNNEL_DAY, day.key(), "items_added", 1);
                session.direct().add(Rollup.FUNNEL_DAY, day.key(), "units_added", added.quantity());
                session.later("INSERT INTO " + tables.table("cart_fact") + " AS c (cart_id, customer_id, items_added,"
                        + " units_added, first_added_at) VALUES (?, ?, 1, ?, ?) ON CONFLICT (cart_id) DO UPDATE SET"
                        + " items_added = c.items_added + 1, units_added = c.units_added + EXCLUDED.units_added,"
                        + " first_added_at = LEAST(c.first_added_at, EXCLUDED.first_added_at),"
                        + " customer_id = EXCLUDED.customer_id", added.cartId(), added.customerId(), added.quantity(),
                        Timestamp.from(added.occurredAt()));
            }
            case CartCheckedOut checkedOut -> {
                session.direct().add(Rollup.FUNNEL_DAY, Day.of(checkedOut.occurredAt()).key(), "checkouts", 1);
                session.later("INSERT INTO " + tables.table("cart_fact") + " AS c (cart_id, customer_id, checked_out_at,"
                        + " order_id) VALUES (?, ?, ?, ?) ON CONFLICT (cart_id) DO UPDATE SET checked_out_at ="
                        + " LEAST(c.checked_out_at, EXCLUDED.checked_out_at), order_id = COALESCE(c.order_id,"
                        + " EXCLUDED.order_id)", checkedOut.cartId(), checkedOut.customerId(),
                        Timestamp.from(checkedOut.occurredAt()), checkedOut.orderId());
            }
            case CartAbandoned abandoned -> {
                session.direct().add(Rollup.FUNNEL_DAY, Day.of(abandoned.occurredAt()).key(), "abandoned", 1);
                session.later("INSERT INTO " + tables.table("cart_fact") + " AS c (cart_id, customer_id, abandoned_at)"
                        + " VALUES (?, ?, ?) ON CONFLICT (cart_id) DO UPDATE SET abandoned_at ="
                        + " LEAST(c.abandoned_at, EXCLUDED.abandoned_at)", abandoned.cartId(), abandoned.customerId(),
                        Timestamp.from(abandoned.occurredAt()));
            }
            case ProductCreated created -> {
                described(tables, session, created.sku(), created.productId(), created.name(), created.brand(),
                        created.categoryPath(), created.occurredAt());
                priced(tables, session, created.sku(), created.productId(), created.price(), created.occurredAt());
            }
            case ProductUpdated updated -> described(tables, session, updated.sku(), updated.productId(), updated.name(),
                    updated.brand(), updated.categoryPath(), updated.occurredAt());
            case PriceChanged changed -> priced(tables, session, changed.sku(), changed.productId(), changed.newPrice(),
                    changed.occurredAt());
            case ProductDiscontinued discontinued -> session.later("INSERT INTO " + tables.table("product_dim")
                    + " AS p (sku, product_id, discontinued_at) VALUES (?, ?, ?) ON CONFLICT (sku) DO UPDATE SET"
                    + " discontinued_at = LEAST(p.discontinued_at, EXCLUDED.discontinued_at)", discontinued.sku(),
                    discontinued.productId(), Timestamp.from(discontinued.occurredAt()));
            default -> {
                // Customer events, stock levels, reservations and commits, purchase orders: nothing to report yet.
            }
        }
    }

    private void placed(FactSession session, OrderPlaced placed) {
        OrderFact fact = session.order(placed.orderId());
        if (fact.placedAt != null) {
            return;
        }
        List<OrderFact.LineFact> lines = new ArrayList<>();
        long gross = 0;
        int units = 0;
        for (int i = 0; i < placed.lines().size(); i++) {
            OrderLine line = placed.lines().get(i);
            lines.add(new OrderFact.LineFact(i + 1, line.sku(), line.quantity(), line.unitPrice().amountMinor(),
                    line.unitPrice().currency()));
            gross += line.lineTotal().amountMinor();
            units += line.quantity();
        }
        fact.customerId = placed.customerId();
        fact.currency = placed.total().currency();
        fact.placedAt = placed.occurredAt();
        fact.grossMinor = gross;
        fact.units = units;
        fact.totalMinor = placed.total().amountMinor();
        fact.discountMinor = placed.discount() != null ? placed.discount().amountMinor() : Math.max(0, gross - fact.totalMinor);
        session.lines(placed.orderId(), lines);
    }

    private static void backordered(FactSession session, UUID orderId, Instant at) {
        OrderFact fact = session.order(orderId);
        fact.backorderedAt = OrderFact.earliest(fact.backorderedAt, at);
    }

    private static void delivered(FactSession session, UUID orderId, Instant at) {
        OrderFact fact = session.order(orderId);
        fact.deliveredAt = OrderFact.earliest(fact.deliveredAt, at);
    }

    private void payment(ModelTables tables, FactSession session, ReceivedEvent received, UUID orderId,
                         UUID paymentId, String kind, Money amount, String reason, Instant at) {
        String currency = amount == null ? NO_CURRENCY : amount.currency();
        long minor = amount == null ? 0 : amount.amountMinor();
        session.later("INSERT INTO " + tables.table("payment_fact") + " (event_id, order_id, payment_id, kind, amount_minor,"
                + " currency, reason, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                received.eventId(), orderId, paymentId, kind, minor, currency, reason, Timestamp.from(at));
        List<Object> key = List.of(OrderFact.day(at), currency, kind);
        session.direct().add(Rollup.PAYMENTS_DAY, key, "operations", 1);
        session.direct().add(Rollup.PAYMENTS_DAY, key, "amount_minor", minor);
    }

    private static void compensation(FactSession session, String kind, String reason, Instant at) {
        session.direct().add(Rollup.ENDINGS_DAY, List.of(OrderFact.day(at), kind, reason), "events", 1);
    }

    private void shipment(ModelTables tables, FactSession session, UUID shipmentId, UUID orderId, String courier, String column, Instant at,
                          String reason) {
        session.later("INSERT INTO " + tables.table("shipment_fact") + " AS s (shipment_id, order_id, courier, " + column
                + ", reason) VALUES (?, ?, ?, ?, ?) ON CONFLICT (shipment_id) DO UPDATE SET " + column + " = LEAST(s."
                + column + ", EXCLUDED." + column + "), courier = COALESCE(s.courier, EXCLUDED.courier),"
                + " reason = COALESCE(s.reason, EXCLUDED.reason)", shipmentId, orderId, courier, Timestamp.from(at), reason);
    }

    private void stockOut(ModelTables tables, FactSession session, UUID eventId, UUID orderId, List<Shortage> shortages,
                          Instant at) {
        for (Shortage shortage : shortages) {
            session.later("INSERT INTO " + tables.table("stockout_fact") + " (event_id, sku, order_id, requested, available,"
                    + " occurred_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", eventId, shortage.sku(), orderId,
                    shortage.requested(), shortage.available(), Timestamp.from(at));
            List<Object> key = List.of(OrderFact.day(at), shortage.sku());
            session.direct().add(Rollup.STOCKOUTS_DAY, key, "failures", 1);
            session.direct().add(Rollup.STOCKOUTS_DAY, key, "units_missing", shortage.missing());
        }
    }

    private void described(ModelTables tables, FactSession session, String sku, UUID productId, String name, String brand, String category,
                           Instant at) {
        session.later("INSERT INTO " + tables.table("product_dim") + " AS p (sku, product_id, name, brand, category_path,"
                + " described_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sku) DO UPDATE SET product_id ="
                + " EXCLUDED.product_id, name = EXCLUDED.name, brand = EXCLUDED.brand, category_path ="
                + " EXCLUDED.category_path, described_at = EXCLUDED.described_at"
                + " WHERE p.described_at IS NULL OR p.described_at <= EXCLUDED.described_at",
                sku, productId, name, brand, category, Timestamp.from(at));
    }

    private void priced(ModelTables tables, FactSession session, String sku, UUID productId, Money price, Instant at) {
        session.later("INSERT INTO " + tables.table("product_dim") + " AS p (sku, product_id, price_minor, currency,"
                + " priced_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sku) DO UPDATE SET price_minor ="
                + " EXCLUDED.price_minor, currency = EXCLUDED.currency, priced_at = EXCLUDED.priced_at"
                + " WHERE p.priced_at IS NULL OR p.priced_at <= EXCLUDED.priced_at",
                sku, productId, price.amountMinor(), price.currency(), Timestamp.from(at));
    }

    private record Day(java.time.LocalDate day) {
        static Day of(Instant at) {
            return new Day(OrderFact.day(at));
        }

        List<Object> key() {
            return List.of(day);
        }
    }
}
