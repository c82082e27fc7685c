package com.example.commerce.inventory.reservation;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.inventory.StockCommitted;
import com.example.commerce.events.inventory.StockReleased;
import com.example.commerce.events.inventory.StockReservationFailed;
import com.example.commerce.events.inventory.StockReserved;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.order.OrderConfirmed;
import com.example.commerce.events.backorder.BackorderFulfilled;
import com.example.commerce.events.backorder.SupplierShipmentReceived;
import com.example.commerce.events.order.OrderPlaced;
import com.example.commerce.events.payment.PaymentDeclined;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shared.OrderLine;
import com.example.commerce.events.shared.Shortage;
import com.example.commerce.events.shipping.ShipmentDispatched;
import com.example.commerce.events.shipping.ShipmentFailed;
import com.example.commerce.inventory.stock.StockLedger;
import com.example.commerce.starter.outbox.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The stock an order holds, from its OrderPlaced to its dispatch or its end.
 *
 * <ul>
 *   <li>{@link #reserve}: every line or none, in one transaction, under the stock rows' locks taken in SKU
 *       order; a shortage (an unknown SKU is one, with nothing available) refuses the whole order with every
 *       shortage named. StockReserved or StockReservationFailed, and StockLevelChanged per SKU changed.</li>
 *   <li>{@link #release}: a RESERVED reservation gives its units back once (StockReleased with the reason);
 *       before any OrderPlaced it leaves a tombstone so that the late OrderPlaced reserves nothing.</li>
 *   <li>{@link #commit}: on dispatch the reserved units leave on-hand stock once (StockCommitted). A committed
 *       reservation is never released: the goods left the warehouse, so a later OrderCancelled or ShipmentFailed
 *       (a parcel lost in transit) changes nothing.</li>
 *   <li>{@link #pin}: a confirmed order's reservation no longer expires; {@link #expireDue} releases the
 *       others past their time with reason EXPIRED.</li>
 * </ul>
 *
 * Whatever arrives late or twice is a no-op: logged at debug and counted in
 * {@code commerce.inventory.reservation.ignored} (tags {@code event}, {@code status}). A dispatch of a released
 * reservation (a cancel raced the dispatch) commits nothing and is counted in
 * {@code commerce.inventory.dispatch.after.release} and logged at WARN, since goods may have left anyway.
 *
 * <p>Locks, always in this order: the stock rows (sorted by SKU, all of a poll's up front: {@link SagaPoll}),
 * then reservation rows. The expiry job keeps the same order.
 */
@Service
public class StockReservations {

    private static final Logger log = LoggerFactory.getLogger(StockReservations.class);

    public static final String EXPIRED = "EXPIRED";
    static final String PAYMENT_DECLINED = "PAYMENT_DECLINED";
    static final String SHIPPING_FAILED = "SHIPPING_FAILED";

    private final ReservationBook book;
    private final StockLedger ledger;
    private final Outbox outbox;
    private final ReservationProperties properties;
    private final MeterRegistry meters;
    private final Counter dispatchAfterRelease;
    private final Clock clock;

    StockReservations(ReservationBook book, StockLedger ledger, Outbox outbox, ReservationProperties properties,
                      MeterRegistry meters, Clock clock) {
        this.clock = clock;
        this.book = book;
        this.ledger = ledger;
        this.outbox = outbox;
        this.properties = properties;
        this.meters = meters;
        this.dispatchAfterRelease = Counter.builder("commerce.inventory.dispatch.after.release")
                .description("ShipmentDispatched for a reservation already released (a cancel raced the dispatch)")
                .register(meters);
    }

    /** The order id of a saga event this service reacts to. */
    static Optional<UUID> orderIdOf(IntegrationEvent event) {
        return switch (event) {
            case OrderPlaced e -> Optional.of(e.orderId());
            case OrderCancelled e -> Optional.of(e.orderId());
            case OrderConfirmed e -> Optional.of(e.orderId());
            case PaymentDeclined e -> Optional.of(e.orderId());
            case ShipmentFailed e -> Optional.of(e.orderId());
            case ShipmentDispatched e -> Optional.of(e.orderId());
            case BackorderFulfilled e -> Optional.of(e.orderId());
            default -> Optional.empty();
        };
    }

    @Transactional
    public void reserve(OrderPlaced placed) {
        reserve(placed, SagaPoll.of(placed));
    }

    /** Reserves every line of {@code placed}, or none (see the class comment). */
    @Transactional
    public void reserve(OrderPlaced placed, SagaPoll poll) {
        lockUpFront(poll);
        UUID orderId = placed.orderId();
        Instant now = now();
        Instant expiresAt = now.plus(properties.reservationTtl());
        if (!book.createReserved(orderId, expiresAt, placed.customerId(), placed.total(), placed.paymentMethodId(),
                now)) {
            ignored("OrderPlaced", orderId, book.lock(orderId).map(Reservation::status).orElse(null));
            return;
        }
        Map<String, Integer> wanted = new TreeMap<>();
        for (OrderLine line : placed.lines()) {
            wanted.merge(line.sku(), line.quantity(), Integer::sum);
        }
        Map<String, StockLedger.Level> levels = ledger.lockInOrder(wanted.keySet());
        List<Shortage> shortages = new ArrayList<>();
        wanted.forEach((sku, quantity) -> {
            StockLedger.Level level = levels.get(sku);
            int available = level == null ? 0 : Math.max(0, level.available());
            if (available < quantity) {
                shortages.add(new Shortage(sku, quantity, available));
            }
        });
        Map<String, Money> prices = new TreeMap<>();
        for (OrderLine line : placed.lines()) {
            prices.putIfAbsent(line.sku(), line.unitPrice());
        }
        book.addLines(orderId, wanted, prices);
        if (!shortages.isEmpty()) {
            Counter.builder("commerce.inventory.reservation.refused")
                    .description("Orders refused for a shortage (backorderAllowed: whether the customer accepts a "
                            + "backorder; the order and backorder services act on that, inventory reserves nothing)")
                    .tag("backorderAllowed", Boolean.toString(placed.backorderAllowed()))
                    .register(meters).increment();
            book.end(orderId, ReservationStatus.REFUSED, "OUT_OF_STOCK", now);
            outbox.publish(new StockReservationFailed(orderId, shortages, now));
            log.info("Order {} refused: {}", orderId, shortages);
            return;
        }
        wanted.forEach((sku, quantity) -> {
            if (!ledger.reserve(sku, quantity, orderId, now)) {
                // Cannot happen under the locks just taken; rolling back keeps all-or-nothing if it ever does.
                throw new IllegalStateException("Stock of " + sku + " changed under its lock for order " + orderId);
            }
        });
        outbox.publish(new StockReserved(orderId, placed.lines(), expiresAt, placed.customerId(), placed.total(),
                placed.paymentMethodId(), now));
        log.debug("Order {} reserved {} until {}", orderId, wanted, expiresAt);
    }

    @Transactional
    public void release(UUID orderId, String reason) {
        release(orderId, reason, SagaPoll.of(List.of()));
    }

    /**
     * Gives the units of {@code orderId}'s reservation back, once, with {@code reason}; leaves a tombstone when
     * the order has no reservation yet.
     */
    @Transactional
    public void release(UUID orderId, String reason, SagaPoll poll) {
        Set<String> locked = lockUpFront(poll);
        Instant now = now();
        if (book.createTombstone(orderId, reason, now)) {
            log.info("Order {} ended ({}) before its OrderPlaced arrived: kept a tombstone, it will reserve nothing",
                    orderId, reason);
            return;
        }
        Reservation reservation = book.lock(orderId).orElseThrow();
        if (reservation.status() == ReservationStatus.REFUSED) {
            // A refused (perhaps backordered) order ended: nothing was held, but a BackorderFulfilled after this
            // must reserve nothing for it either.
            book.end(orderId, ReservationStatus.RELEASED, reason, now);
            log.debug("Order {} ended ({}) while refused: nothing held, nothing to release", orderId, reason);
            return;
        }
        if (reservation.status() != ReservationStatus.RESERVED) {
            ignored("release:" + reason, orderId, reservation.status());
            return;
        }
        releaseLocked(reservation, reason, locked, now);
    }

    /**
     * A supplier's delivery arrived (backorder-service's SupplierShipmentReceived): on hand grows, StockReplenished.
     * The same receipt again, under any event id, changes nothing.
     */
    @Transactional
    public void restock(SupplierShipmentReceived received, SagaPoll poll) {
        lockUpFront(poll);
        if (!ledger.restock(received.sku(), received.quantity(), received.purchaseOrderId(), now())) {
            log.debug("Receipt of {} for purchase order {} booked before", received.sku(), received.purchaseOrderId());
        }
    }

    /**
     * A backordered order's stock is its own now (backorder-service's BackorderFulfilled): its refused reservation
     * reserves its lines again, all or nothing, and the saga goes on with StockReserved (lines priced as the order
     * placed them). Still short (the units were sold meanwhile): StockReservationFailed again, nothing reserved.
     * A reservation that is not REFUSED (the order ended: RELEASED; or it is reserved already) changes nothing.
     */
    @Transactional
    public void reserveBackorder(BackorderFulfilled fulfilled, SagaPoll poll) {
        Set<String> locked = lockUpFront(poll);
        UUID orderId = fulfilled.orderId();
        Optional<Reservation> found = book.lock(orderId);
        if (found.isEmpty() || found.get().status() != ReservationStatus.REFUSED) {
            ignored("BackorderFulfilled", orderId, found.map(Reservation::status).orElse(null));
            return;
        }
        Reservation reservation = found.get();
        lockMissing(reservation, locked);
        Instant now = now();
        Map<String, StockLedger.Level> levels = ledger.lockInOrder(
                reservation.lines().stream().map(Reservation.Line::sku).toList());
        List<Shortage> shortages = new ArrayList<>();
        for (Reservation.Line line : reservation.lines()) {
            StockLedger.Level level = levels.get(line.sku());
            int available = level == null ? 0 : Math.max(0, level.available());
            if (available < line.quantity()) {
                shortages.add(new Shortage(line.sku(), line.quantity(), available));
            }
        }
        if (!shortages.isEmpty()) {
            outbox.publish(new StockReservationFailed(orderId, shortages, now));
            log.warn("Order {} fulfilled from a backorder is short again: {}", orderId, shortages);
            return;
        }
        for (Reservation.Line line : reservation.lines()) {
            if (!ledger.reserve(line.sku(), line.quantity(), orderId, now)) {
                throw new IllegalStateException("Stock of " + line.sku() + " changed under its lock for order " + orderId);
            }
        }
        Instant expiresAt = now.plus(properties.reservationTtl());
        ReservationBook.Payer payer = book.reserveAgain(orderId, expiresAt, now);
        Map<String, Money> fulfilledPrices = new TreeMap<>();
        fulfilled.lines().forEach(line -> fulfilledPrices.putIfAbsent(line.sku(), line.unitPrice()));
        List<OrderLine> lines = book.pricedLines(orderId).stream()
                .map(line -> new OrderLine(line.sku(), line.quantity(), line.unitPrice() != null ? line.unitPrice()
                        : fulfilledPrices.getOrDefault(line.sku(),
                                new Money(0, payer.total() == null ? "EUR" : payer.total().currency()))))
                .toList();
        outbox.publish(new StockReserved(orderId, lines, expiresAt, payer.customerId(), payer.total(),
                payer.paymentMethodId(), now));
    }

    @Transactional
    public void pin(UUID orderId) {
        pin(orderId, SagaPoll.of(List.of()));
    }

    /** The confirmed order holds its stock now: its reservation no longer expires. */
    @Transactional
    public void pin(UUID orderId, SagaPoll poll) {
        lockUpFront(poll);
        if (!book.pin(orderId, now())) {
            ignored("OrderConfirmed", orderId, book.find(orderId).map(Reservation::status).orElse(null));
        }
    }

    @Transactional
    public void commit(UUID orderId) {
        commit(orderId, SagaPoll.of(List.of()));
    }

    /** The order's parcel left: its reserved units leave on-hand stock, once. */
    @Transactional
    public void commit(UUID orderId, SagaPoll poll) {
        Set<String> locked = lockUpFront(poll);
        Instant now = now();
        Optional<Reservation> found = book.lock(orderId);
        if (found.isEmpty() || found.get().status() != ReservationStatus.RESERVED) {
            ReservationStatus status = found.map(Reservation::status).orElse(null);
            if (status == ReservationStatus.RELEASED) {
                dispatchAfterRelease.increment();
                log.warn("Order {} was dispatched after its reservation was released ({}): nothing committed; "
                        + "check the stock of what left", orderId, found.get().reason());
            } else if (status == null) {
                log.warn("Order {} was dispatched but no reservation of it is known: nothing committed", orderId);
            }
            ignored("ShipmentDispatched", orderId, status);
            return;
        }
        Reservation reservation = found.get();
        lockMissing(reservation, locked);
        for (Reservation.Line line : reservation.lines()) {
            ledger.commit(line.sku(), line.quantity(), orderId, now);
        }
        book.end(orderId, ReservationStatus.COMMITTED, null, now);
        outbox.publish(new StockCommitted(orderId, now));
        log.debug("Order {} committed {}", orderId, reservation.lines());
    }

    /**
     * Releases up to a batch of unpinned reservations past their time, reason EXPIRED, in one transaction: the
     * candidates' stock rows are locked first (SKU order), then the reservations still due, skipping those
     * another transaction holds (another instance, or an event changing them right now).
     *
     * @return how many were released
     */
    @Transactional
    public int expireDue() {
        Instant now = now();
        List<UUID> due = book.due(now, properties.expiryBatch());
        if (due.isEmpty()) {
            return 0;
        }
        TreeSet<String> locked = new TreeSet<>(ledger.lockInOrder(book.skusOf(due)).keySet());
        int released = 0;
        for (UUID orderId : book.lockDue(due, now)) {
            Reservation reservation = book.lock(orderId).orElseThrow();
            releaseLocked(reservation, EXPIRED, locked, now);
            released++;
        }
        if (released > 0) {
            log.info("Released {} reservation(s) past their time", released);
        }
        return released;
    }

    @Transactional(readOnly = true)
    public Optional<Reservation> find(UUID orderId) {
        return book.find(orderId);
    }

    private void releaseLocked(Reservation reservation, String reason, Set<String> locked, Instant now) {
        lockMissing(reservation, locked);
        for (Reservation.Line line : reservation.lines()) {
            ledger.release(line.sku(), line.quantity(), reservation.orderId(), reason, now);
        }
        book.end(reservation.orderId(), ReservationStatus.RELEASED, reason, now);
        outbox.publish(new StockReleased(reservation.orderId(), reason, now));
        log.debug("Order {} released {} ({})", reservation.orderId(), reservation.lines(), reason);
    }

    /**
     * Locks the stock rows of the whole poll once per transaction, in SKU order: those its OrderPlaced events ask
     * for and those the reservations of its orders hold.
     *
     * @return the SKUs this transaction holds locked
     */
    private Set<String> lockUpFront(SagaPoll poll) {
        @SuppressWarnings("unchecked")
        Set<String> held = (Set<String>) TransactionSynchronizationManager.getResource(poll);
        if (held != null) {
            return held;
        }
        TreeSet<String> skus = new TreeSet<>(poll.placedSkus());
        skus.addAll(book.skusOf(poll.orderIds()));
        ledger.lockInOrder(skus);
        TreeSet<String> locked = new TreeSet<>(skus);
        TransactionSynchronizationManager.bindResource(poll, locked);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(poll);
            }
        });
        return locked;
    }

    /**
     * A reservation whose SKUs were not locked up front (it was created by another listener after the poll's
     * locks were taken): lock them now. Out of order, so it may deadlock; PostgreSQL then aborts one side and
     * the inbox retries it.
     */
    private void lockMissing(Reservation reservation, Set<String> locked) {
        List<String> missing = reservation.lines().stream().map(Reservation.Line::sku)
                .filter(sku -> !locked.contains(sku)).toList();
        if (!missing.isEmpty()) {
            locked.addAll(ledger.lockInOrder(missing).keySet());
        }
    }

    private void ignored(String event, UUID orderId, ReservationStatus status) {
        String state = status == null ? "NONE" : status.name();
        Counter.builder("commerce.inventory.reservation.ignored")
                .description("Saga events that changed no reservation (late, repeated or out of order)")
                .tag("event", event.startsWith("release:") ? "release" : event).tag("status", state)
                .register(meters).increment();
        log.debug("{} for order {} changes nothing: its reservation is {}", event, orderId, state);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
