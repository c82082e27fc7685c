package com.example.commerce.payment.totals;

import com.example.commerce.payment.access.Scopes;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' totals ({@code GET /api/v1/ops/payments/totals?from=&to=}, {@value Scopes#OPS_PAYMENTS} beside the
 * operations scope every {@code /api/v1/ops/**} path takes): what reporting-service reconciles its figures with.
 */
@RestController
@PreAuthorize("hasAuthority('SCOPE_" + Scopes.OPS_PAYMENTS + "')")
class PaymentTotalsController {

    private final PaymentTotals totals;

    PaymentTotalsController(PaymentTotals totals) {
        this.totals = totals;
    }

    @GetMapping("/api/v1/ops/payments/totals")
    PaymentTotals.Totals totals(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return totals.of(from, to);
    }
}
