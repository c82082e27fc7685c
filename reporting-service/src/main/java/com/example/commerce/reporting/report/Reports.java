package com.example.commerce.reporting.report;

import com.example.commerce.reporting.report.ReportRows.Backorders;
import com.example.commerce.reporting.report.ReportRows.CategoryRevenue;
import com.example.commerce.reporting.report.ReportRows.Ending;
import com.example.commerce.reporting.report.ReportRows.Funnel;
import com.example.commerce.reporting.report.ReportRows.OrdersByState;
import com.example.commerce.reporting.report.ReportRows.Revenue;
import com.example.commerce.reporting.report.ReportRows.StepDuration;
import com.example.commerce.reporting.report.ReportRows.StockOut;
import com.example.commerce.reporting.report.ReportRows.TopProduct;
import com.example.commerce.starter.web.PageResponse;
import java.sql.Date;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The reports: every one reads rollups only (the catalogue dimension names and groups products). */
@Service
@Transactional(readOnly = true)
public class Reports {

    /** How a top-products list is ranked. */
    public enum Ranking { UNITS, REVENUE }

    private final JdbcTemplate jdbc;

    Reports(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public PageResponse<OrdersByState> ordersByState(DateRange range, int page, int size) {
        return page("SELECT day, state, sum(orders) AS orders, count(*) OVER () AS total FROM rollup_orders_day"
                        + " WHERE day BETWEEN ? AND ? GROUP BY day, state HAVING sum(orders) <> 0 ORDER BY day, state",
                (row, n) -> new OrdersByState(row.getDate("day").toLocalDate(), row.getString("state"), row.getLong("orders")),
                range, page, size);
    }

    public PageResponse<Revenue> revenue(DateRange range, int page, int size) {
        return page("SELECT day, currency, orders, gross_minor, discount_minor, refunded_minor, count(*) OVER () AS total"
                        + " FROM rollup_revenue_day WHERE day BETWEEN ? AND ?"
                        + " AND (orders <> 0 OR refunded_minor <> 0 OR gross_minor <> 0) ORDER BY day, currency",
                (row, n) -> new Revenue(row.getDate("day").toLocalDate(), row.getString("currency"), row.getLong("orders"),
                        row.getLong("gross_minor"), row.getLong("discount_minor"), row.getLong("refunded_minor"),
                        row.getLong("gross_minor") - row.getLong("discount_minor") - row.getLong("refunded_minor")),
                range, page, size);
    }

    public PageResponse<CategoryRevenue> revenueByCategory(DateRange range, int page, int size) {
        return page("SELECT coalesce(p.category_path, '(unknown)') AS category, r.currency, sum(r.units) AS units,"
                        + " sum(r.gross_minor) AS gross, sum(r.discount_minor) AS discount, sum(r.refunded_minor) AS refunded,"
                        + " count(*) OVER () AS total FROM rollup_product_day r LEFT JOIN product_dim p ON p.sku = r.sku"
                        + " WHERE r.day BETWEEN ? AND ? GROUP BY 1, 2"
                        + " HAVING sum(r.units) <> 0 OR sum(r.refunded_minor) <> 0 ORDER BY 1, 2",
                (row, n) -> new CategoryRevenue(row.getString("category"), row.getString("currency"), row.getLong("units"),
                        row.getLong("gross"), row.getLong("discount"), row.getLong("refunded"),
                        row.getLong("gross") - row.getLong("discount") - row.getLong("refunded")),
                range, page, size);
    }

    public PageResponse<TopProduct> topProducts(DateRange range, Ranking ranking, int page, int size) {
        String order = ranking == Ranking.UNITS ? "units DESC, revenue DESC" : "revenue DESC, units DESC";
        return page("SELECT t.*, p.name, p.category_path, p.brand, count(*) OVER () AS total FROM (SELECT sku, currency,"
                        + " sum(units) AS units, sum(gross_minor) AS gross, sum(gross_minor - discount_minor - refunded_minor)"
                        + " AS revenue FROM rollup_product_day WHERE day BETWEEN ? AND ? GROUP BY sku, currency"
                        + " HAVING sum(units) <> 0) t LEFT JOIN product_dim p ON p.sku = t.sku ORDER BY " + order
                        + ", t.sku, t.currency",
                (row, n) -> new TopProduct(row.getString("sku"), row.getString("name"), row.getString("category_path"),
                        row.getString("brand"), row.getString("currency"), row.getLong("units"), row.getLong("gross"),
                        row.getLong("revenue")),
                range, page, size);
    }

    public Funnel funnel(DateRange range) {
        return jdbc.queryForObject("SELECT coalesce(sum(items_added), 0) AS added, coalesce(sum(checkouts), 0) AS checkouts,"
                        + " coalesce(sum(confirmed), 0) AS confirmed, coalesce(sum(delivered), 0) AS delivered"
                        + " FROM rollup_funnel_day WHERE day BETWEEN ? AND ?",
                (row, n) -> {
                    long added = row.getLong("added");
                    long checkouts = row.getLong("checkouts");
                    long confirmed = row.getLong("confirmed");
                    long delivered = row.getLong("delivered");
                    return new Funnel(range.from(), range.to(), added, checkouts, confirmed, delivered,
                            ratio(checkouts, added), ratio(confirmed, checkouts), ratio(delivered, confirmed),
                            ratio(delivered, added));
                }, Date.valueOf(range.from()), Date.valueOf(range.to()));
    }

    public List<StepDuration> sagaDurations(DateRange range) {
        Map<String, List<long[]>> histograms = new LinkedHashMap<>();
        histograms.put("CONFIRMED", new ArrayList<>());
        histograms.put("DELIVERED", new ArrayList<>());
        jdbc.query("SELECT step, bucket_seconds, sum(orders) AS orders FROM rollup_duration_day WHERE day BETWEEN ? AND ?"
                        + " GROUP BY step, bucket_seconds HAVING sum(orders) <> 0 ORDER BY step, bucket_seconds",
                row -> {
                    histograms.computeIfAbsent(row.getString("step"), s -> new ArrayList<>())
                            .add(new long[] {row.getLong("bucket_seconds"), row.getLong("orders")});
                }, Date.valueOf(range.from()), Date.valueOf(range.to()));
        List<StepDuration> steps = new ArrayList<>();
        histograms.forEach((step, buckets) -> {
            long orders = buckets.stream().mapToLong(b -> b[1]).sum();
            steps.add(new StepDuration(step, orders, percentile(buckets, orders, 50), percentile(buckets, orders, 95),
                    percentile(buckets, orders, 99)));
        });
        return steps;
    }

    /** Nearest rank: the smallest bucket whose cumulative count reaches ceil(p% of n); 0 without orders. */
    static long percentile(List<long[]> buckets, long orders, int percent) {
        if (orders == 0) {
            return 0;
        }
        long rank = (orders * percent + 99) / 100;
        long seen = 0;
        for (long[] bucket : buckets) {
            seen += bucket[1];
            if (seen >= rank) {
                return bucket[0];
            }
        }
        return buckets.getLast()[0];
    }

    public List<Ending> endings(DateRange range) {
        return jdbc.query("SELECT kind, reason, sum(events) AS events FROM rollup_endings_day WHERE day BETWEEN ? AND ?"
                        + " GROUP BY kind, reason HAVING sum(events) <> 0 ORDER BY kind, reason",
                (row, n) -> new Ending(row.getString("kind"), row.getString("reason"), row.getLong("events")),
                Date.valueOf(range.from()), Date.valueOf(range.to()));
    }

    public PageResponse<StockOut> stockOuts(DateRange range, int page, int size) {
        return page("SELECT sku, sum(failures) AS failures, sum(units_missing) AS missing, count(*) OVER () AS total"
                        + " FROM rollup_stockouts_day WHERE day BETWEEN ? AND ? GROUP BY sku"
                        + " ORDER BY sum(units_missing) DESC, sku",
                (row, n) -> new StockOut(row.getString("sku"), row.getLong("failures"), row.getLong("missing")),
                range, page, size);
    }

    public Backorders backorders(DateRange range) {
        long openNow = jdbc.queryForObject("SELECT coalesce(sum(still_open), 0) FROM rollup_backorders_day", Long.class);
        return jdbc.queryForObject("SELECT coalesce(sum(backordered), 0) AS backordered, coalesce(sum(fulfilled), 0)"
                        + " AS fulfilled, coalesce(sum(failed), 0) AS failed, coalesce(sum(still_open), 0) AS still_open"
                        + " FROM rollup_backorders_day WHERE day BETWEEN ? AND ?",
                (row, n) -> new Backorders(range.from(), range.to(), row.getLong("backordered"), row.getLong("fulfilled"),
                        row.getLong("failed"), row.getLong("still_open"), openNow),
                Date.valueOf(range.from()), Date.valueOf(range.to()));
    }

    private <T> PageResponse<T> page(String sql, RowMapper<T> mapper, DateRange range, int page, int size) {
        AtomicLong total = new AtomicLong();
        List<T> items = jdbc.query(sql + " LIMIT ? OFFSET ?", (row, n) -> {
            total.set(row.getLong("total"));
            return mapper.mapRow(row, n);
        }, Date.valueOf(range.from()), Date.valueOf(range.to()), size, PageResponse.offset(page, size));
        if (items.isEmpty() && page > 0) {
            Long all = jdbc.queryForObject("SELECT count(*) FROM (" + sql + ") counted", Long.class,
                    Date.valueOf(range.from()), Date.valueOf(range.to()));
            total.set(all == null ? 0 : all);
        }
        return PageResponse.of(items, page, size, total.get());
    }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : Math.round(part * 10000.0 / whole) / 10000.0;
    }
}
