package com.example.commerce.reporting.reconcile;

import com.example.commerce.reporting.ReportingProperties;
import com.example.commerce.reporting.report.DateRange;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/ops/reports/reconciliation?from=&to=}: reporting's totals for the period beside order-service's
 * and payment-service's, and every difference. The caller's token is relayed to both, so it needs the operations
 * scope ({@code ops:dead-letters}) and payment's {@code ops:payments} (the local stack's {@code ops-console} has both).
 */
@RestController
@PreAuthorize("hasAuthority('SCOPE_ops:dead-letters')")
class ReconciliationController {

    record Report(LocalDate from, LocalDate to, Totals reporting, Totals owners,
                  List<Reconciliation.Difference> differences) {
    }

    private final ReportingTotals reporting;
    private final OwnerTotals owners;
    private final ReportingProperties properties;

    ReconciliationController(ReportingTotals reporting, OwnerTotals owners, ReportingProperties properties) {
        this.reporting = reporting;
        this.owners = owners;
        this.properties = properties;
    }

    @GetMapping("/api/v1/ops/reports/reconciliation")
    Report reconcile(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                     @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                     @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        DateRange range = DateRange.of(from, to, properties.maxRangeDays());
        Totals theirs = owners.of(range, authorization);
        Totals ours = reporting.of(range);
        return new Report(from, to, ours, theirs, Reconciliation.compare(ours, theirs));
    }
}
