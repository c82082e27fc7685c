package com.example.commerce.reporting.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.reporting.reconcile.Reconciliation.Difference;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconciliationTests {

    @Test
    void namesAFigureOnlyOneSideHasAndComparesVoidsByCountAcrossCurrencies() {
        Totals reporting = new Totals(List.of(new Totals.OrderRow("SHIPPED", "EUR", 2, 300)),
                List.of(new Totals.PaymentRow("VOID", "XXX", 2, 0), new Totals.PaymentRow("CAPTURE", "EUR", 1, 100)));
        Totals owners = new Totals(List.of(new Totals.OrderRow("SHIPPED", "EUR", 2, 300),
                new Totals.OrderRow("DELIVERED", "USD", 1, 50)),
                List.of(new Totals.PaymentRow("VOID", "EUR", 1, 70), new Totals.PaymentRow("VOID", "USD", 1, 30),
                        new Totals.PaymentRow("CAPTURE", "EUR", 1, 100)));
        assertThat(Reconciliation.compare(reporting, owners)).containsExactly(
                new Difference("order-service", "DELIVERED/USD", "orders", 0, 1),
                new Difference("order-service", "DELIVERED/USD", "totalMinor", 0, 50));
    }
}
