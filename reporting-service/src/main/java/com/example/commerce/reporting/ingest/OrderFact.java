package com.example.commerce.reporting.ingest;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One order as reporting knows it: state merged from every event about it, whatever their order. Each field has
 * a rule that makes the merge commutative: a timestamp keeps the earliest value seen, an amount adds up (the inbox
 * drops redelivered events), the end (CANCELLED or REJECTED) is the earliest one with its reason, the placement's
 * fields come from OrderPlaced alone. The state is derived from those fields, never stored as a transition, so
 * an OrderCancelled that arrives before its OrderConfirmed ends in the same row as the other way round.
 *
 * <p>{@link #contribution} is what the row adds to the rollups; a change of the row moves the rollups by the new
 * contribution minus the old one, so figures follow the rows and converge with them.
 */
final class OrderFact {

    final UUID orderId;
    UUID customerId;
    String currency;
    Instant placedAt;
    long grossMinor;
    long discountMinor;
    long totalMinor;
    int units;
    Instant backorderedAt;
    Instant backorderFulfilledAt;
    Instant backorderFailedAt;
    Instant confirmedAt;
    Instant cancelRequestedAt;
    Instant shippedAt;
    Instant deliveredAt;
    Instant endedAt;
    String endState;
    String endReason;
    long authorizedMinor;
    long capturedMinor;
    long refundedMinor;
    Instant declinedAt;
    String declineReason;

    OrderFact(UUID orderId) {
        this.orderId = Objects.requireNonNull(orderId, "orderId");
    }

    OrderFact copy() {
        OrderFact copy = new OrderFact(orderId);
        copy.customerId = customerId;
        copy.currency = currency;
        copy.placedAt = placedAt;
        copy.grossMinor = grossMinor;
        copy.discountMinor = discountMinor;
        copy.totalMinor = totalMinor;
        copy.units = units;
        copy.backorderedAt = backorderedAt;
        copy.backorderFulfilledAt = backorderFulfilledAt;
        copy.backorderFailedAt = backorderFailedAt;
        copy.confirmedAt = confirmedAt;
        copy.cancelRequestedAt = cancelRequestedAt;
        copy.shippedAt = shippedAt;
        copy.deliveredAt = deliveredAt;
        copy.endedAt = endedAt;
        copy.endState = endState;
        copy.endReason = endReason;
        copy.authorizedMinor = authorizedMinor;
        copy.capturedMinor = capturedMinor;
        copy.refundedMinor = refundedMinor;
        copy.declinedAt = declinedAt;
        copy.declineReason = declineReason;
        return copy;
    }

    static Instant earliest(Instant current, Instant seen) {
        if (current == null) {
            return seen;
        }
        return seen == null || !seen.isBefore(current) ? current : seen;
    }

    /** An end (CANCELLED or REJECTED): the earliest wins; at the same instant the smaller name, so ties agree too. */
    void end(String state, String reason, Instant at) {
        boolean earlier = endedAt == null || at.isBefore(endedAt)
                || (at.equals(endedAt) && (state + reason).compareTo(endState + endReason) < 0);
        if (earlier) {
            endedAt = at;
            endState = state;
            endReason = reason;
        }
    }

    void decline(String reason, Instant at) {
        if (declinedAt == null || at.isBefore(declinedAt)) {
            declinedAt = at;
            declineReason = reason;
        }
    }

    /** Where the order is, as order-service names its states. */
    String state() {
        if (endState != null) {
            return endState;
        }
        if (deliveredAt != null) {
            return "DELIVERED";
        }
        if (shippedAt != null) {
            return "SHIPPED";
        }
        if (confirmedAt != null) {
            return cancelRequestedAt != null ? "CANCELLING" : "CONFIRMED";
        }
        if (backorderedAt != null && backorderFulfilledAt == null) {
            return "BACKORDERED";
        }
        return "PENDING";
    }

    boolean placed() {
        return placedAt != null && currency != null;
    }

    /** A sale: confirmed and not ended CANCELLED or REJECTED. */
    boolean sold() {
        return placed() && confirmedAt != null && endState == null;
    }

    boolean backorderOpen() {
        return backorderedAt != null && backorderFulfilledAt == null && backorderFailedAt == null
                && confirmedAt == null && endState == null;
    }

    static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    /** What this row adds to the rollups (nothing until OrderPlaced is known, except the backorder counts). */
    RollupDeltas contribution(List<LineFact> lines) {
        RollupDeltas deltas = new RollupDeltas();
        if (backorderedAt != null) {
            List<Object> key = List.of(day(backorderedAt));
            deltas.add(Rollup.BACKORDERS_DAY, key, "backordered", 1);
            deltas.add(Rollup.BACKORDERS_DAY, key, "fulfilled", backorderFulfilledAt != null ? 1 : 0);
            deltas.add(Rollup.BACKORDERS_DAY, key, "failed", backorderFailedAt != null ? 1 : 0);
            deltas.add(Rollup.BACKORDERS_DAY, key, "still_open", backorderOpen() ? 1 : 0);
        }
        if (!placed()) {
            return deltas;
        }
        LocalDate day = day(placedAt);
        List<Object> stateKey = List.of(day, state(), currency);
        deltas.add(Rollup.ORDERS_DAY, stateKey, "orders", 1);
        deltas.add(Rollup.ORDERS_DAY, stateKey, "total_minor", totalMinor);
        List<Object> revenueKey = List.of(day, currency);
        deltas.add(Rollup.REVENUE_DAY, revenueKey, "refunded_minor", refundedMinor);
        deltas.add(Rollup.REVENUE_DAY, revenueKey, "captured_minor", capturedMinor);
        List<Object> funnelKey = List.of(day);
        deltas.add(Rollup.FUNNEL_DAY, funnelKey, "placed", 1);
        deltas.add(Rollup.FUNNEL_DAY, funnelKey, "confirmed", confirmedAt != null ? 1 : 0);
        deltas.add(Rollup.FUNNEL_DAY, funnelKey, "delivered", deliveredAt != null ? 1 : 0);
        if (confirmedAt != null) {
            deltas.add(Rollup.DURATION_DAY, List.of(day, "CONFIRMED", bucket(placedAt, confirmedAt)), "orders", 1);
        }
        if (deliveredAt != null) {
            deltas.add(Rollup.DURATION_DAY, List.of(day, "DELIVERED", bucket(placedAt, deliveredAt)), "orders", 1);
        }
        if (endState != null) {
            deltas.add(Rollup.ENDINGS_DAY, List.of(day, endState, endReason), "events", 1);
        }
        long[] discountShares = shares(discountMinor, lines);
        long[] refundShares = shares(refundedMinor, lines);
        for (int i = 0; i < lines.size(); i++) {
            LineFact line = lines.get(i);
            List<Object> productKey = List.of(day, line.currency(), line.sku());
            deltas.add(Rollup.PRODUCT_DAY, productKey, "refunded_minor", refundShares[i]);
            if (sold()) {
                deltas.add(Rollup.PRODUCT_DAY, productKey, "units", line.quantity());
                deltas.add(Rollup.PRODUCT_DAY, productKey, "gross_minor", line.gross());
                deltas.add(Rollup.PRODUCT_DAY, productKey, "discount_minor", discountShares[i]);
            }
        }
        if (sold()) {
            deltas.add(Rollup.REVENUE_DAY, revenueKey, "orders", 1);
            deltas.add(Rollup.REVENUE_DAY, revenueKey, "gross_minor", grossMinor);
            deltas.add(Rollup.REVENUE_DAY, revenueKey, "discount_minor", discountMinor);
        }
        return deltas;
    }

    /**
     * The histogram bucket of a step's duration: whole seconds rounded down to three significant digits (at most
     * 1% below the true value), so a year of orders needs a few thousand buckets at most.
     */
    static long bucket(Instant from, Instant to) {
        long seconds = Math.max(0, Duration.between(from, to).getSeconds());
        long scale = 1;
        while (seconds / scale >= 1000) {
            scale *= 10;
        }
        return seconds / scale * scale;
    }

    /**
     * An order-level amount spread over the lines in proportion to their gross, rounded down, the remainder on
     * the last line, so the shares add up to the amount exactly.
     */
    static long[] shares(long amount, List<LineFact> lines) {
        long[] shares = new long[lines.size()];
        if (amount == 0 || lines.isEmpty()) {
            return shares;
        }
        long gross = lines.stream().mapToLong(LineFact::gross).sum();
        long given = 0;
        for (int i = 0; i < lines.size() - 1; i++) {
            shares[i] = gross == 0 ? 0 : Math.multiplyExact(amount, lines.get(i).gross()) / gross;
            given += shares[i];
        }
        shares[lines.size() - 1] = amount - given;
        return shares;
    }

    /** One line of an order as OrderPlaced listed it. */
    record LineFact(int lineNo, String sku, int quantity, long unitPriceMinor, String currency) {
        long gross() {
            return unitPriceMinor * quantity;
        }
    }

    static List<LineFact> none() {
        return new ArrayList<>();
    }
}
