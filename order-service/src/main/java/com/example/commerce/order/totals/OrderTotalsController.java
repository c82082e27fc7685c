package com.example.commerce.order.totals;

import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' totals ({@code GET /api/v1/ops/orders/totals?from=&to=}, the operations scope {@code ops:dead-letters}
 * every {@code /api/v1/ops/**} path takes): what reporting-service reconciles its figures with.
 */
@RestController
@PreAuthorize("hasAuthority('SCOPE_ops:dead-letters')")
class OrderTotalsController {

    private final OrderTotals totals;

    OrderTotalsController(OrderTotals totals) {
        this.totals = totals;
    }

    @GetMapping("/api/v1/ops/orders/totals")
    OrderTotals.Totals totals(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                              @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return totals.of(from, to);
    }
}
