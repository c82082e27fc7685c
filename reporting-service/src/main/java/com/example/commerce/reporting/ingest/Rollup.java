package com.example.commerce.reporting.ingest;

import java.util.List;

/** The rollup tables: their key columns and the counters a delta adds to. */
public enum Rollup {
    ORDERS_DAY("rollup_orders_day", List.of("day", "state", "currency"), List.of("orders", "total_minor")),
    REVENUE_DAY("rollup_revenue_day", List.of("day", "currency"),
            List.of("orders", "gross_minor", "discount_minor", "refunded_minor", "captured_minor")),
    PRODUCT_DAY("rollup_product_day", List.of("day", "currency", "sku"),
            List.of("units", "gross_minor", "discount_minor", "refunded_minor")),
    FUNNEL_DAY("rollup_funnel_day", List.of("day"),
            List.of("items_added", "units_added", "checkouts", "abandoned", "placed", "confirmed", "delivered")),
    DURATION_DAY("rollup_duration_day", List.of("day", "step", "bucket_seconds"), List.of("orders")),
    ENDINGS_DAY("rollup_endings_day", List.of("day", "kind", "reason"), List.of("events")),
    STOCKOUTS_DAY("rollup_stockouts_day", List.of("day", "sku"), List.of("failures", "units_missing")),
    BACKORDERS_DAY("rollup_backorders_day", List.of("day"), List.of("backordered", "fulfilled", "failed", "still_open")),
    PAYMENTS_DAY("rollup_payments_day", List.of("day", "currency", "kind"), List.of("operations", "amount_minor"));

    private final String table;
    private final List<String> keys;
    private final List<String> counters;

    Rollup(String table, List<String> keys, List<String> counters) {
        this.table = table;
        this.keys = keys;
        this.counters = counters;
    }

    public String table() {
        return table;
    }

    List<String> keys() {
        return keys;
    }

    List<String> counters() {
        return counters;
    }

    int counter(String name) {
        int index = counters.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(table + " has no counter " + name);
        }
        return index;
    }

    /** {@code INSERT ... ON CONFLICT (keys) DO UPDATE SET c = t.c + EXCLUDED.c}: adds one delta row. */
    String upsert(ModelTables tables) {
        String name = tables.table(table);
        List<String> columns = new java.util.ArrayList<>(keys);
        columns.addAll(counters);
        String placeholders = String.join(", ", columns.stream().map(c -> "?").toList());
        String updates = String.join(", ", counters.stream().map(c -> c + " = " + name + "." + c + " + EXCLUDED." + c).toList());
        return "INSERT INTO " + name + " (" + String.join(", ", columns) + ") VALUES (" + placeholders + ") ON CONFLICT ("
                + String.join(", ", keys) + ") DO UPDATE SET " + updates;
    }
}
