package com.example.commerce.partners.supplier;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * The supplier's own book of purchase orders, in memory. A poNumber is the buyer's idempotency key: placing it
 * again answers the order as it was placed and creates nothing (counted in {@link PurchaseOrder#placeRequests}).
 * An accepted order ships by itself {@code shipAfterSeconds} after it was accepted (looked at whenever it is
 * read) or when shipped by hand.
 */
@Component
public class SupplierLedger {

    /** The supplier's status of an order. */
    public enum Status { ACCEPTED, PARTIALLY_ACCEPTED, REJECTED, SHIPPED, CANCELLED }

    /** A line as the buyer asked it and as the supplier answered it. */
    public record Line(int lineNumber, String supplierSku, int requested, int confirmed, String status,
                       LocalDate expectedShipDate, String reason) {
    }

    /** One purchase order of the book, as the admin API shows it. */
    public record PurchaseOrder(String poNumber, String supplierReference, String buyer, Status status,
                                List<Line> lines, Instant placedAt, Instant shipAt, Instant shippedAt,
                                String shipmentId, int placeRequests) {
    }

    /** A line of a new order, as asked. */
    public record Requested(int lineNumber, String supplierSku, int quantity) {
    }

    private final Clock clock;
    private final SupplierProperties properties;
    private final Map<String, PurchaseOrder> orders = new LinkedHashMap<>();
    private final AtomicInteger lostResponses = new AtomicInteger();
    private SupplierBehaviour behaviour;

    SupplierLedger(Clock clock, SupplierProperties properties) {
        this.clock = clock;
        this.properties = properties;
        this.behaviour = properties.defaults();
    }

    /** Places an order, or answers the one placed before under the same poNumber. */
    public synchronized PurchaseOrder place(String poNumber, String buyer, List<Requested> requested) {
        PurchaseOrder known = orders.get(poNumber);
        if (known != null) {
            PurchaseOrder again = new PurchaseOrder(known.poNumber(), known.supplierReference(), known.buyer(),
                    known.status(), known.lines(), known.placedAt(), known.shipAt(), known.shippedAt(),
                    known.shipmentId(), known.placeRequests() + 1);
            orders.put(poNumber, again);
            return current(again);
        }
        Instant now = clock.instant();
        LocalDate eta = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(behaviour.etaDays() + behaviour.delayDays());
        List<Line> lines = new ArrayList<>();
        for (Requested line : requested) {
            lines.add(switch (behaviour.outcome()) {
                case SupplierBehaviour.REJECT -> new Line(line.lineNumber(), line.supplierSku(), line.quantity(), 0,
                        "REJECTED", null, "not available from this supplier");
                case SupplierBehaviour.PARTIAL -> {
                    int confirmed = (int) Math.floor(line.quantity() * behaviour.partialShare());
                    yield confirmed == 0
                            ? new Line(line.lineNumber(), line.supplierSku(), line.quantity(), 0, "REJECTED", null,
                                    "nothing left to allocate")
                            : new Line(line.lineNumber(), line.supplierSku(), line.quantity(), confirmed,
                                    confirmed == line.quantity() ? "CONFIRMED" : "PARTIAL", eta,
                                    confirmed == line.quantity() ? null : "only " + confirmed + " can be supplied");
                }
                default -> new Line(line.lineNumber(), line.supplierSku(), line.quantity(), line.quantity(),
                        "CONFIRMED", eta, null);
            });
        }
        boolean anyConfirmed = lines.stream().anyMatch(line -> line.confirmed() > 0);
        boolean allAsAsked = lines.stream().allMatch(line -> line.confirmed() == line.requested());
        Status status = !anyConfirmed ? Status.REJECTED : allAsAsked ? Status.ACCEPTED : Status.PARTIALLY_ACCEPTED;
        Instant shipAt = anyConfirmed && behaviour.shipAfterSeconds() >= 0
                ? now.plusSeconds(behaviour.shipAfterSeconds()) : null;
        PurchaseOrder order = new PurchaseOrder(poNumber, "SUP-" + UUID.randomUUID().toString().substring(0, 8),
                buyer, status, List.copyOf(lines), now, shipAt, null, null, 1);
        orders.put(poNumber, order);
        return current(order);
    }

    /** The order as it stands now (shipped by itself if its time came), or empty for an unknown poNumber. */
    public synchronized Optional<PurchaseOrder> find(String poNumber) {
        return Optional.ofNullable(orders.get(poNumber)).map(this::current);
    }

    /** Ships an accepted order now; empty when unknown; the order unchanged when it cannot ship. */
    public synchronized Optional<PurchaseOrder> ship(String poNumber) {
        PurchaseOrder order = orders.get(poNumber);
        if (order == null) {
            return Optional.empty();
        }
        return Optional.of(shipped(order, clock.instant()));
    }

    /** Cancels an order not shipped yet; a shipped one stays SHIPPED (too late). */
    public synchronized Optional<PurchaseOrder> cancel(String poNumber) {
        return find(poNumber).map(order -> {
            if (order.status() == Status.SHIPPED || order.status() == Status.CANCELLED
                    || order.status() == Status.REJECTED) {
                return order;
            }
            PurchaseOrder cancelled = new PurchaseOrder(order.poNumber(), order.supplierReference(), order.buyer(),
                    Status.CANCELLED, order.lines(), order.placedAt(), null, null, null, order.placeRequests());
            orders.put(poNumber, cancelled);
            return cancelled;
        });
    }

    /** Every order, oldest first, as it stands now. */
    public synchronized List<PurchaseOrder> all() {
        return orders.values().stream().map(this::current).sorted(Comparator.comparing(PurchaseOrder::placedAt))
                .toList();
    }

    public synchronized SupplierBehaviour behaviour() {
        return behaviour;
    }

    public synchronized SupplierBehaviour changeBehaviour(SupplierBehaviour update) {
        behaviour = behaviour.with(update);
        lostResponses.set(behaviour.loseResponses());
        return behaviour;
    }

    /** Behaviour back to the defaults; with {@code ledger} every order forgotten too. */
    public synchronized void reset(boolean ledger) {
        behaviour = properties.defaults();
        lostResponses.set(0);
        if (ledger) {
            orders.clear();
        }
    }

    /** Whether the answer of the call now being handled is to be lost (counts one of {@code loseResponses} down). */
    boolean loseThisResponse() {
        int left = lostResponses.getAndUpdate(n -> Math.max(0, n - 1));
        if (left > 0) {
            synchronized (this) {
                behaviour = behaviour.with(new SupplierBehaviour(null, null, null, null, null, null, null, left - 1));
            }
            return true;
        }
        return false;
    }

    private PurchaseOrder current(PurchaseOrder order) {
        Instant now = clock.instant();
        if (order.shipAt() != null && order.shippedAt() == null && !now.isBefore(order.shipAt())) {
            return shipped(order, order.shipAt());
        }
        return order;
    }

    private PurchaseOrder shipped(PurchaseOrder order, Instant at) {
        if (order.status() != Status.ACCEPTED && order.status() != Status.PARTIALLY_ACCEPTED) {
            return order;
        }
        PurchaseOrder shipped = new PurchaseOrder(order.poNumber(), order.supplierReference(), order.buyer(),
                Status.SHIPPED, order.lines(), order.placedAt(), order.shipAt(), at,
                "SHP-" + UUID.randomUUID().toString().substring(0, 8), order.placeRequests());
        orders.put(order.poNumber(), shipped);
        return shipped;
    }
}
