package com.example.commerce.payment.totals;

import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What payment-service itself counts for a period, for reporting's reconciliation: the provider operations that
 * succeeded on the days from {@code from} to {@code to} (both included, UTC; by the time the ledger recorded the
 * outcome, which is when the event was published), per kind and currency, with their amounts. Read-only.
 */
@Service
public class PaymentTotals {

    static final int MAX_DAYS = 366;

    /** One kind (AUTHORIZATION, CAPTURE, VOID, REFUND) and currency: how many and how much in minor units. */
    public record Row(String kind, String currency, long operations, long amountMinor) {
    }

    public record Totals(LocalDate from, LocalDate to, List<Row> operations) {
    }

    private final JdbcTemplate jdbc;

    PaymentTotals(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public Totals of(LocalDate from, LocalDate to) {
        if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            throw Problems.problem(HttpStatus.BAD_REQUEST, ProblemTypes.of("invalid-date-range"), "Invalid date range",
                    "from must not be after to, and a period covers at most " + MAX_DAYS + " days",
                    Map.of("from", from.toString(), "to", to.toString()));
        }
        List<Row> rows = jdbc.query("SELECT kind, currency, count(*) AS operations, sum(amount) AS amount"
                        + " FROM payment_operation WHERE status = 'SUCCEEDED' AND updated_at >= ? AND updated_at < ?"
                        + " GROUP BY kind, currency ORDER BY kind, currency",
                (row, n) -> new Row(row.getString("kind"), row.getString("currency").trim(), row.getLong("operations"),
                        row.getLong("amount")),
                Timestamp.from(from.atStartOfDay().toInstant(ZoneOffset.UTC)),
                Timestamp.from(to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
        return new Totals(from, to, rows);
    }
}
