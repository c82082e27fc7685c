package com.example.commerce.order.totals;

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
 * What order-service itself counts for a period, for reporting's reconciliation: orders placed on the days from
 * {@code from} to {@code to} (both included, UTC), per state and currency, with the sum of their totals. Read-only.
 */
@Service
public class OrderTotals {

    /** The longest period one call covers, in days. */
    static final int MAX_DAYS = 366;

    /** One state and currency: how many orders and the sum of their totals in minor units. */
    public record Row(String state, String currency, long orders, long totalMinor) {
    }

    public record Totals(LocalDate from, LocalDate to, List<Row> orders) {
    }

    private final JdbcTemplate jdbc;

    OrderTotals(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public Totals of(LocalDate from, LocalDate to) {
        if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            throw Problems.problem(HttpStatus.BAD_REQUEST, ProblemTypes.of("invalid-date-range"), "Invalid date range",
                    "from must not be after to, and a period covers at most " + MAX_DAYS + " days",
                    Map.of("from", from.toString(), "to", to.toString()));
        }
        List<Row> rows = jdbc.query("SELECT status, currency, count(*) AS orders, sum(total_amount) AS total FROM orders"
                        + " WHERE placed_at >= ? AND placed_at < ? GROUP BY status, currency ORDER BY status, currency",
                (row, n) -> new Row(row.getString("status"), row.getString("currency").trim(), row.getLong("orders"),
                        row.getLong("total")),
                Timestamp.from(from.atStartOfDay().toInstant(ZoneOffset.UTC)),
                Timestamp.from(to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
        return new Totals(from, to, rows);
    }
}
