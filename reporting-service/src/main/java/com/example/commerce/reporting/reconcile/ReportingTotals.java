package com.example.commerce.reporting.reconcile;

import com.example.commerce.reporting.report.DateRange;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reporting's side of a reconciliation, from the rollups, in the owning services' names. */
@Service
public class ReportingTotals {

    /** Reporting's payment kinds (the events' past tense) to payment-service's operation kinds. */
    static final Map<String, String> PAYMENT_KINDS = Map.of("AUTHORIZED", "AUTHORIZATION", "CAPTURED", "CAPTURE",
            "VOIDED", "VOID", "REFUNDED", "REFUND");

    private final JdbcTemplate jdbc;

    ReportingTotals(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public Totals of(DateRange range) {
        Date from = Date.valueOf(range.from());
        Date to = Date.valueOf(range.to());
        List<Totals.OrderRow> orders = jdbc.query("SELECT state, currency, sum(orders) AS orders, sum(total_minor) AS total"
                        + " FROM rollup_orders_day WHERE day BETWEEN ? AND ? GROUP BY state, currency"
                        + " HAVING sum(orders) <> 0 ORDER BY state, currency",
                (row, n) -> new Totals.OrderRow(row.getString("state"), row.getString("currency"), row.getLong("orders"),
                        row.getLong("total")), from, to);
        List<Totals.PaymentRow> payments = jdbc.query("SELECT kind, currency, sum(operations) AS operations,"
                        + " sum(amount_minor) AS amount FROM rollup_payments_day WHERE day BETWEEN ? AND ?"
                        + " AND kind IN ('AUTHORIZED', 'CAPTURED', 'VOIDED', 'REFUNDED') GROUP BY kind, currency"
                        + " ORDER BY kind, currency",
                (row, n) -> new Totals.PaymentRow(PAYMENT_KINDS.get(row.getString("kind")), row.getString("currency"),
                        row.getLong("operations"), row.getLong("amount")), from, to);
        return new Totals(orders, payments);
    }
}
