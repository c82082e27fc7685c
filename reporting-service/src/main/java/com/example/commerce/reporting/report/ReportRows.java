package com.example.commerce.reporting.report;

import java.time.LocalDate;

/** The rows and bodies of the reports: money in minor units of the row's currency (ISO 4217). */
public final class ReportRows {

    private ReportRows() {
    }

    public record OrdersByState(LocalDate day, String state, long orders) {
    }

    /** Net = gross - discounts - refunds. Orders: confirmed and not cancelled, placed that day. */
    public record Revenue(LocalDate day, String currency, long orders, long grossMinor, long discountMinor,
                          long refundedMinor, long netMinor) {
    }

    public record CategoryRevenue(String category, String currency, long units, long grossMinor, long discountMinor,
                                  long refundedMinor, long netMinor) {
    }

    public record TopProduct(String sku, String name, String category, String brand, String currency, long units,
                             long grossMinor, long revenueMinor) {
    }

    /** Ratios: each step over the one before it, and delivered over items added (null when the base is 0). */
    public record Funnel(LocalDate from, LocalDate to, long itemsAdded, long checkouts, long confirmed, long delivered,
                         Double checkoutRate, Double confirmationRate, Double deliveryRate, Double overallRate) {
    }

    /** Seconds from placement to the step, nearest-rank percentiles of three significant digits. */
    public record StepDuration(String step, long orders, long p50Seconds, long p95Seconds, long p99Seconds) {
    }

    /** kind: CANCELLED or REJECTED (orders placed in the range) or a compensation (events in the range). */
    public record Ending(String kind, String reason, long events) {
    }

    public record StockOut(String sku, long failures, long unitsMissing) {
    }

    /** Orders backordered in the range and what became of them; openNow counts every open backorder. */
    public record Backorders(LocalDate from, LocalDate to, long backordered, long fulfilled, long failed,
                             long stillOpen, long openNow) {
    }
}
