package com.example.commerce.reporting.reconcile;

import java.util.List;

/**
 * Totals of one period as one side counts them: orders placed per state and currency (count and sum of totals),
 * and succeeded payment operations per kind (order-service's and payment-service's names: AUTHORIZATION, CAPTURE,
 * VOID, REFUND) and currency (count and amount). The owning services answer these from their own tables, reporting
 * from its rollups.
 */
public record Totals(List<OrderRow> orders, List<PaymentRow> payments) {

    public record OrderRow(String state, String currency, long orders, long totalMinor) {
    }

    public record PaymentRow(String kind, String currency, long operations, long amountMinor) {
    }

    public Totals {
        orders = List.copyOf(orders);
        payments = List.copyOf(payments);
    }
}
