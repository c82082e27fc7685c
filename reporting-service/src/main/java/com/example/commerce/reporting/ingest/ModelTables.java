package com.example.commerce.reporting.ingest;

import java.util.List;

/**
 * A set of the model's tables: the live one (the tables' own names) or the one a rebuild fills ({@code _next}
 * appended), which {@link com.example.commerce.reporting.rebuild.ModelRebuild} renames into place.
 */
public record ModelTables(String suffix) {

    public static final ModelTables LIVE = new ModelTables("");
    public static final ModelTables NEXT = new ModelTables("_next");

    /** Every table of the model: facts, the catalogue dimension and the rollups. */
    public static final List<String> FACTS = List.of("order_fact", "order_line_fact", "payment_fact", "shipment_fact",
            "cart_fact", "product_dim", "stockout_fact");

    public String table(String base) {
        return base + suffix;
    }

    public static List<String> all() {
        return java.util.stream.Stream.concat(FACTS.stream(), java.util.Arrays.stream(Rollup.values()).map(Rollup::table))
                .toList();
    }
}
