package com.example.commerce.order.order;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.backorder.BackorderCreated;
import com.example.commerce.events.backorder.BackorderFailed;
import com.example.commerce.events.backorder.BackorderFulfilled;
import com.example.commerce.events.inventory.StockCommitted;
import com.example.commerce.events.inventory.StockReleased;
import com.example.commerce.events.inventory.StockReservationFailed;
import com.example.commerce.events.inventory.StockReserved;
import com.example.commerce.events.order.OrderBackordered;
import com.example.commerce.events.order.OrderCancellationRequested;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.order.OrderCompleted;
import com.example.commerce.events.order.OrderConfirmed;
import com.example.commerce.events.order.OrderEndReasons;
import com.example.commerce.events.order.OrderPlaced;
import com.example.commerce.events.order.OrderRejected;
import com.example.commerce.events.payment.PaymentAuthorized;
import com.example.commerce.events.payment.PaymentCaptured;
import com.example.commerce.events.payment.PaymentDeclined;
import com.example.commerce.events.payment.PaymentRefunded;
import com.example.commerce.events.payment.PaymentVoided;
import com.example.commerce.events.shared.Address;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shared.OrderLine;
import com.example.commerce.events.shipping.ShipmentCancelled;
import com.example.commerce.events.shipping.ShipmentCreated;
import com.example.commerce.events.shipping.ShipmentDelivered;
import com.example.commerce.events.shipping.ShipmentDispatched;
import com.example.commerce.events.shipping.ShipmentFailed;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * An order and its state machine (saga.md, issue 13):
 *
 * <pre>
 * from          on                                               to                                 publishes
 * PENDING,      PaymentAuthorized                                CONFIRMED                          OrderConfirmed
 *  BACKORDERED    (BACKORDERED: it overtook BackorderFulfilled)
 * PENDING       StockReservationFailed, no backorder allowed     REJECTED(OUT_OF_STOCK)             OrderRejected
 * PENDING       StockReservationFailed, backorder allowed        BACKORDERED                        OrderBackordered
 * BACKORDERED   BackorderFulfilled (the supplier's stock is      PENDING (the saga continues: inventory
 *                 the order's)                                     reserves it, payment authorises)
 * BACKORDERED   BackorderFailed                                  CANCELLED(BACKORDER_FAILED)        OrderCancelled
 * PENDING,      PaymentDeclined                                  CANCELLED(PAYMENT_DECLINED)        OrderCancelled
 *  BACKORDERED
 * PENDING       ShipmentFailed                                   CANCELLED(SHIPPING_FAILED)         OrderCancelled
 * PENDING,      customer cancel | deadline | StockReleased       CANCELLED(CUSTOMER_REQUEST |       OrderCancelled
 *  BACKORDERED    EXPIRED                                          TIMED_OUT)
 * CONFIRMED     customer cancel | deadline | StockReleased       CANCELLING(CUSTOMER_REQUEST |      OrderCancellationRequested
 *                 EXPIRED                                          TIMED_OUT)
 * CONFIRMED     ShipmentDispatched                               SHIPPED
 * CONFIRMED     ShipmentDelivered (the dispatch not reported)    DELIVERED                          OrderCompleted
 * CONFIRMED     ShipmentFailed (the courier refused the booking) CANCELLED(SHIPPING_FAILED)         OrderCancelled
 * CANCELLING    ShipmentCancelled | ShipmentFailed               CANCELLED(the reason asked)        OrderCancelled
 * CANCELLING    ShipmentDispatched (the cancel is refused)       SHIPPED
 * CANCELLING    ShipmentDelivered (the cancel is refused)        DELIVERED                          OrderCompleted
 * CANCELLING    deadline (shipping has not answered)             CANCELLING, deadline moved on      OrderCancellationRequested
 * SHIPPED       ShipmentDelivered                                DELIVERED                          OrderCompleted
 * SHIPPED       ShipmentFailed (lost in transit)                 CANCELLED(SHIPPING_FAILED)         OrderCancelled
 * SHIPPED       deadline (overdue in transit, recorded)          SHIPPED, deadline moved on
 * </pre>
 *
 * BACKORDERED ends like PENDING (customer cancel, deadline). Nothing is reserved for a BACKORDERED order: inventory
 * reserves an order all or nothing, so a shortage leaves nothing held, and what was in stock of its other lines
 * stays on sale; backorder-service waits for the whole quantity of each short line, and inventory reserves the
 * whole order again on BackorderFulfilled. Before CONFIRMED no OrderConfirmed was
 * published, so no courier booking can exist: a cancel ends the order at once with OrderCancelled, which the
 * other services compensate. Once CONFIRMED the courier may have the parcel before we hear of it, so a cancel
 * (the customer's, or the CONFIRMED deadline's) is a request: CANCELLING, and OrderCancellationRequested asks
 * shipping, whose answer decides. No order becomes CANCELLED while a parcel of it may travel. The CANCELLING
 * deadline asks again; the SHIPPED deadline only records the order overdue in transit (shipping bounds the
 * transit and reports a lost parcel as ShipmentFailed).
 *
 * <p>Each method decides whether what happened still applies, changes the state and returns the events to
 * publish. What no longer applies changes nothing and says so ({@link Outcome#applied()} false); it never
 * throws, so a late or repeated event is a recorded no-op. Events that only report another service's step
 * (StockReserved, PaymentCaptured, ShipmentCreated, the compensations) change no state and are recorded.
 * {@code updatedAt} is when the status last changed; while CANCELLING, {@code reason} is the reason asked.
 */
@Entity(name = "SalesOrder")
@Table(name = "orders")
public class Order {

    /** StockReleased's reason when a reservation outlived its time-to-live. */
    public static final String RESERVATION_EXPIRED = "EXPIRED";

    @Id
    private UUID id;

    @Column(name = "customer_id", nullable = false)
    private UUID customerId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private OrderStatus status;

    @Column(name = "status_reason", length = 40)
    private String reason;

    @Column(name = "subtotal_amount", nullable = false)
    private long subtotalAmount;

    @Column(name = "discount_amount", nullable = false)
    private long discountAmount;

    @Column(name = "promo_code", length = 40)
    private String promoCode;

    @Column(name = "total_amount", nullable = false)
    private long totalAmount;

    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(nullable = false, length = 3)
    private String currency;

    @Embedded
    private ShippingAddress shippingAddress;

    @Column(name = "payment_method_id")
    private UUID paymentMethodId;

    @Column(name = "allow_backorder", nullable = false)
    private boolean allowBackorder;

    @Column(name = "cart_id")
    private UUID cartId;

    @Column(name = "placed_at", nullable = false)
    private Instant placedAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "deadline_at")
    private Instant deadlineAt;

    @Column(name = "confirmed_at")
    private Instant confirmedAt;

    /** Null until first stored (so the repository persists rather than merges a new order). */
    @Version
    private Long version;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "order_line", joinColumns = @JoinColumn(name = "order_id"))
    private List<OrderItem> items = new ArrayList<>();

    protected Order() {
    }

    /** A new order and the OrderPlaced that starts its saga. */
    public record Placed(Order order, OrderPlaced event) {
    }

    /**
     * Places an order: PENDING, with the PENDING deadline.
     *
     * @param discountAmount the promotion's discount (0 without one), at most the lines' sum
     */
    public static Placed place(UUID id, UUID customerId, List<OrderItem> items, String currency, long discountAmount,
                               String promoCode, Address address, UUID paymentMethodId, boolean allowBackorder,
                               UUID cartId, Instant now, Deadlines deadlines) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("an order has at least one line");
        }
        Order order = new Order();
        order.id = Objects.requireNonNull(id);
        order.customerId = Objects.requireNonNull(customerId);
        order.items = new ArrayList<>(items);
        order.currency = Objects.requireNonNull(currency);
        order.subtotalAmount = items.stream().mapToLong(OrderItem::lineTotalAmount).reduce(0, Math::addExact);
        if (discountAmount < 0 || discountAmount > order.subtotalAmount) {
            throw new IllegalArgumentException("discount " + discountAmount + " outside 0.." + order.subtotalAmount);
        }
        order.discountAmount = discountAmount;
        order.promoCode = discountAmount > 0 || promoCode != null ? promoCode : null;
        order.totalAmount = order.subtotalAmount - discountAmount;
        order.shippingAddress = ShippingAddress.of(address);
        order.paymentMethodId = paymentMethodId;
        order.allowBackorder = allowBackorder;
        order.cartId = cartId;
        order.placedAt = now;
        order.moveTo(OrderStatus.PENDING, null, now, deadlines);
        OrderPlaced placed = new OrderPlaced(id, customerId, order.eventLines(), order.total(), address,
                allowBackorder, cartId, paymentMethodId, discountAmount > 0 ? order.discount() : null,
                order.promoCode, now);
        return new Placed(order, placed);
    }

    private static final java.util.Set<Class<? extends IntegrationEvent>> SAGA_EVENTS = java.util.Set.of(
            StockReserved.class, StockReservationFailed.class, StockReleased.class, StockCommitted.class,
            PaymentAuthorized.class, PaymentDeclined.class, PaymentCaptured.class, PaymentVoided.class,
            PaymentRefunded.class, ShipmentCreated.class, ShipmentCancelled.class, ShipmentDispatched.class,
            ShipmentDelivered.class, ShipmentFailed.class, BackorderCreated.class, BackorderFulfilled.class,
            BackorderFailed.class);

    /** Whether {@code event} is one of the other services' saga events that {@link #on} takes. */
    public static boolean handles(IntegrationEvent event) {
        return SAGA_EVENTS.contains(event.getClass());
    }

    /**
     * What an event of another service of the saga does to this order.
     *
     * @throws IllegalArgumentException for an event that is not about this order or not one of the saga's
     */
    public Outcome on(IntegrationEvent event, Instant now, Deadlines deadlines) {
        if (!id.toString().equals(event.aggregateId())) {
            throw new IllegalArgumentException("event of order " + event.aggregateId() + " given to order " + id);
        }
        return switch (event) {
            case StockReserved reserved -> recordedUnlessEnded("stock reserved until " + reserved.expiresAt());
            case StockReservationFailed failed -> stockReservationFailed(failed, now, deadlines);
            case StockReleased released -> stockReleased(released, now, deadlines);
            case StockCommitted committed -> Outcome.recorded("stock left the warehouse");
            case PaymentAuthorized authorized -> paymentAuthorized(authorized, now, deadlines);
            case PaymentDeclined declined -> paymentDeclined(declined, now, deadlines);
            case PaymentCaptured captured -> Outcome.recorded("captured " + captured.amount().amountMinor() + " "
                    + captured.amount().currency());
            case PaymentVoided voided -> Outcome.recorded("authorisation voided");
            case PaymentRefunded refunded -> Outcome.recorded("refunded " + refunded.amount().amountMinor() + " "
                    + refunded.amount().currency());
            case ShipmentCreated created -> recordedUnlessEnded("shipment booked with " + created.courier()
                    + (created.trackingNumber() == null ? "" : ", tracking " + created.trackingNumber()));
            case ShipmentCancelled cancelled -> shipmentCancelled(cancelled, now, deadlines);
            case ShipmentDispatched dispatched -> shipmentDispatched(now, deadlines);
            case ShipmentDelivered delivered -> shipmentDelivered(now, deadlines);
            case ShipmentFailed failed -> shipmentFailed(failed, now, deadlines);
            case BackorderCreated created -> recordedUnlessEnded("backordered at the supplier: " + created.shortages()
                    .stream().map(s -> s.sku() + " x" + s.requested()).reduce((a, b) -> a + ", " + b).orElse(""));
            case BackorderFulfilled fulfilled -> backorderFulfilled(fulfilled, now, deadlines);
            case BackorderFailed failed -> backorderFailed(failed, now, deadlines);
            default -> throw new IllegalArgumentException("not an event of the order saga: " + event.getClass());
        };
    }

    /**
     * The customer (or an integrator) cancels. PENDING or BACKORDERED become CANCELLED(CUSTOMER_REQUEST) at once;
     * CONFIRMED becomes CANCELLING(CUSTOMER_REQUEST) and asks shipping (OrderCancellationRequested). An order
     * already CANCELLING or CANCELLED stays as it is (not applied, nothing published).
     *
     * @throws OrderNotCancellableException for SHIPPED, DELIVERED and REJECTED orders
     */
    public Outcome cancelOnRequest(Instant now, Deadlines deadlines) {
        return switch (status) {
            case PENDING, BACKORDERED -> cancel(OrderEndReasons.CUSTOMER_REQUEST, "cancelled on request", now,
                    deadlines);
            case CONFIRMED -> requestCancellation(OrderEndReasons.CUSTOMER_REQUEST,
                    "cancel requested: shipping is asked to call the courier booking off", now, deadlines);
            case CANCELLING -> Outcome.ignored("cancellation already requested (" + reason + "), waiting for shipping");
            case CANCELLED -> Outcome.ignored("already cancelled (" + reason + ")");
            case SHIPPED, DELIVERED, REJECTED -> throw new OrderNotCancellableException(id, status);
        };
    }

    /**
     * The order's deadline passed. PENDING or BACKORDERED become CANCELLED(TIMED_OUT); CONFIRMED becomes
     * CANCELLING(TIMED_OUT) and asks shipping; CANCELLING asks shipping again (the reason first asked) and
     * never cancels alone; SHIPPED is recorded overdue in transit. Those that stay move their deadline on.
     */
    public Outcome timeOut(Instant now, Deadlines deadlines) {
        if (deadlineAt == null || now.isBefore(deadlineAt)) {
            return Outcome.ignored("deadline " + deadlineAt + " not passed yet (" + status + ")");
        }
        return switch (status) {
            case PENDING, BACKORDERED -> cancel(OrderEndReasons.TIMED_OUT,
                    "no progress since " + updatedAt + " (deadline " + deadlineAt + ")", now, deadlines);
            case CONFIRMED -> requestCancellation(OrderEndReasons.TIMED_OUT,
                    "not dispatched since " + updatedAt + " (deadline " + deadlineAt
                            + "): shipping is asked to call the courier booking off", now, deadlines);
            case CANCELLING -> {
                String detail = "shipping has not answered the cancellation request since " + updatedAt
                        + " (deadline " + deadlineAt + "): asked again";
                deadlineAt = deadlines.deadlineFor(status, now);
                yield Outcome.changed(detail, new OrderCancellationRequested(id, reason, now));
            }
            case SHIPPED -> {
                String detail = "overdue in transit: no delivery report since " + updatedAt + " (deadline "
                        + deadlineAt + "); shipping bounds the transit and reports a lost parcel";
                deadlineAt = deadlines.deadlineFor(status, now);
                yield Outcome.recorded(detail);
            }
            case DELIVERED, CANCELLED, REJECTED -> Outcome.ignored("deadline passed while " + status + ": nothing to do");
        };
    }

    private Outcome stockReservationFailed(StockReservationFailed failed, Instant now, Deadlines deadlines) {
        if (status != OrderStatus.PENDING) {
            return Outcome.ignored("stock reservation failed, but the order is " + status);
        }
        String missing = failed.shortages().stream().map(s -> s.sku() + " " + s.available() + "/" + s.requested())
                .reduce((a, b) -> a + ", " + b).orElse("");
        if (allowBackorder) {
            moveTo(OrderStatus.BACKORDERED, null, now, deadlines);
            return Outcome.changed("backordered, waiting for the supplier: " + missing,
                    new OrderBackordered(id, failed.shortages(), eventLines(), now));
        }
        moveTo(OrderStatus.REJECTED, OrderEndReasons.OUT_OF_STOCK, now, deadlines);
        return Outcome.changed("out of stock: " + missing,
                new OrderRejected(id, OrderEndReasons.OUT_OF_STOCK, now));
    }

    /** BACKORDERED: the supplier's stock is allocated to the order; PENDING again, inventory reserves it. */
    private Outcome backorderFulfilled(BackorderFulfilled fulfilled, Instant now, Deadlines deadlines) {
        if (status != OrderStatus.BACKORDERED) {
            return Outcome.ignored("backorder fulfilled, but the order is " + status);
        }
        moveTo(OrderStatus.PENDING, null, now, deadlines);
        return Outcome.recorded("backorder fulfilled: " + fulfilled.lines().stream()
                .map(line -> line.sku() + " x" + line.quantity()).reduce((a, b) -> a + ", " + b).orElse("")
                + "; the saga continues");
    }

    /** BACKORDERED: the supplier cannot fill it; CANCELLED(BACKORDER_FAILED) and compensated. */
    private Outcome backorderFailed(BackorderFailed failed, Instant now, Deadlines deadlines) {
        if (status != OrderStatus.BACKORDERED) {
            return Outcome.ignored("backorder failed (" + failed.reason() + "), but the order is " + status);
        }
        return cancel(OrderEndReasons.BACKORDER_FAILED, "backorder failed: " + failed.reason(), now, deadlines);
    }

    private Outcome stockReleased(StockReleased released, Instant now, Deadlines deadlines) {
        if (!RESERVATION_EXPIRED.equals(released.reason())) {
            return Outcome.recorded("stock released: " + released.reason());
        }
        return switch (status) {
            case PENDING, BACKORDERED -> cancel(OrderEndReasons.TIMED_OUT, "the stock reservation expired", now,
                    deadlines);
            // Like the CONFIRMED deadline: the courier may have the parcel, so shipping is asked first.
            case CONFIRMED -> requestCancellation(OrderEndReasons.TIMED_OUT,
                    "the stock reservation expired: shipping is asked to call the courier booking off", now, deadlines);
            default -> Outcome.ignored("reservation expired while the order is " + status);
        };
    }

    /**
     * PENDING, or BACKORDERED when the authorisation overtook BackorderFulfilled (they travel on two topics; payment
     * authorises only after inventory reserved the fulfilled backorder): CONFIRMED.
     */
    private Outcome paymentAuthorized(PaymentAuthorized authorized, Instant now, Deadlines deadlines) {
        if (status != OrderStatus.PENDING && status != OrderStatus.BACKORDERED) {
            // After a cancel, payment voids the authorisation itself: it saw OrderCancelled.
            return Outcome.ignored("payment authorised, but the order is " + status);
        }
        moveTo(OrderStatus.CONFIRMED, null, now, deadlines);
        confirmedAt = now;
        return Outcome.changed("authorised " + authorized.amount().amountMinor() + " " + authorized.amount().currency()
                        + " (" + authorized.providerReference() + ")",
                new OrderConfirmed(id, customerId, total(), eventLines(), shippingAddress.toAddress(), now));
    }

    private Outcome paymentDeclined(PaymentDeclined declined, Instant now, Deadlines deadlines) {
        if (status != OrderStatus.PENDING && status != OrderStatus.BACKORDERED) {
            return Outcome.ignored("payment declined (" + declined.reason() + "), but the order is " + status);
        }
        return cancel(OrderEndReasons.PAYMENT_DECLINED, "payment declined: " + declined.reason(), now, deadlines);
    }

    private Outcome shipmentDispatched(Instant now, Deadlines deadlines) {
        return switch (status) {
            case CONFIRMED -> {
                moveTo(OrderStatus.SHIPPED, null, now, deadlines);
                yield Outcome.recorded("shipment dispatched");
            }
            case CANCELLING -> {
                String refused = cancelRefused();
                moveTo(OrderStatus.SHIPPED, null, now, deadlines);
                yield Outcome.recorded("shipment dispatched; " + refused);
            }
            default -> Outcome.ignored("shipment dispatched, but the order is " + status);
        };
    }

    /** SHIPPED: delivered. CONFIRMED or CANCELLING: the dispatch was never reported, so it is both at once. */
    private Outcome shipmentDelivered(Instant now, Deadlines deadlines) {
        String detail = switch (status) {
            case SHIPPED -> "delivered";
            case CONFIRMED -> "delivered (the dispatch was not reported)";
            case CANCELLING -> "delivered (the dispatch was not reported); " + cancelRefused();
            default -> null;
        };
        if (detail == null) {
            return Outcome.ignored("shipment delivered, but the order is " + status);
        }
        moveTo(OrderStatus.DELIVERED, null, now, deadlines);
        return Outcome.changed(detail, new OrderCompleted(id, now));
    }

    private String cancelRefused() {
        return "cancel refused: the courier has the parcel (" + reason + " asked at " + updatedAt + ")";
    }

    /**
     * PENDING or CONFIRMED: the courier refused the booking for good; SHIPPED: lost in transit (shipping's
     * transit bound): CANCELLED(SHIPPING_FAILED). CANCELLING: cancelled too, with the reason asked first (the
     * first end wins its reason, as a decline racing a cancel does).
     */
    private Outcome shipmentFailed(ShipmentFailed failed, Instant now, Deadlines deadlines) {
        return switch (status) {
            case PENDING, CONFIRMED, SHIPPED -> cancel(OrderEndReasons.SHIPPING_FAILED,
                    "shipment failed: " + failed.reason(), now, deadlines);
            case CANCELLING -> cancel(reason, "shipment failed while cancelling: " + failed.reason(), now, deadlines);
            default -> Outcome.ignored("shipment failed (" + failed.reason() + "), but the order is " + status);
        };
    }

    /**
     * CANCELLING: shipping called the booking off (or had none), nothing travels: CANCELLED with the reason asked,
     * and OrderCancelled for the compensations. CANCELLED: shipping's report of the cancel (or its answer to a
     * request asked again), recorded. Otherwise no cancellation was asked: recorded as not applied.
     */
    private Outcome shipmentCancelled(ShipmentCancelled cancelled, Instant now, Deadlines deadlines) {
        return switch (status) {
            case CANCELLING -> cancel(reason, "shipment called off: " + cancelled.reason(), now, deadlines);
            case CANCELLED -> Outcome.recorded("shipment called off: " + cancelled.reason());
            default -> Outcome.ignored("shipment called off (" + cancelled.reason() + "), but the order is " + status
                    + " and asked no cancellation");
        };
    }

    private Outcome recordedUnlessEnded(String detail) {
        return status == OrderStatus.CANCELLED || status == OrderStatus.REJECTED
                ? Outcome.ignored(detail + ", but the order is " + status)
                : Outcome.recorded(detail);
    }

    private Outcome requestCancellation(String reason, String detail, Instant now, Deadlines deadlines) {
        moveTo(OrderStatus.CANCELLING, reason, now, deadlines);
        return Outcome.changed(detail, new OrderCancellationRequested(id, reason, now));
    }

    private Outcome cancel(String reason, String detail, Instant now, Deadlines deadlines) {
        moveTo(OrderStatus.CANCELLED, reason, now, deadlines);
        return Outcome.changed(detail, new OrderCancelled(id, reason, now));
    }

    private void moveTo(OrderStatus next, String reason, Instant now, Deadlines deadlines) {
        this.status = next;
        this.reason = reason;
        this.updatedAt = now;
        this.deadlineAt = deadlines.deadlineFor(next, now);
    }

    private List<OrderLine> eventLines() {
        return items.stream().map(item -> item.toEventLine(currency)).toList();
    }

    public UUID id() {
        return id;
    }

    public UUID customerId() {
        return customerId;
    }

    public OrderStatus status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public List<OrderItem> items() {
        return List.copyOf(items);
    }

    public String currency() {
        return currency;
    }

    public Money subtotal() {
        return new Money(subtotalAmount, currency);
    }

    public Money discount() {
        return new Money(discountAmount, currency);
    }

    public String promoCode() {
        return promoCode;
    }

    public Money total() {
        return new Money(totalAmount, currency);
    }

    public Address shippingAddress() {
        return shippingAddress.toAddress();
    }

    public UUID paymentMethodId() {
        return paymentMethodId;
    }

    public boolean allowBackorder() {
        return allowBackorder;
    }

    public UUID cartId() {
        return cartId;
    }

    public Instant placedAt() {
        return placedAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public Instant deadlineAt() {
        return deadlineAt;
    }

    public Instant confirmedAt() {
        return confirmedAt;
    }

    public long version() {
        return version == null ? 0 : version;
    }
}
