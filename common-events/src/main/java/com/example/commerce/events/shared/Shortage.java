package com.example.commerce.events.shared;

import java.util.Objects;

/**
 * A SKU that cannot be supplied in full: fewer units are available than were requested.
 *
 * @param sku       the stock-keeping unit
 * @param requested units requested, at least one
 * @param available units available, from zero up to (not including) {@code requested}
 */
public record Shortage(String sku, int requested, int available) {

    public Shortage {
        Objects.requireNonNull(sku, "sku");
        if (sku.isBlank()) {
            throw new IllegalArgumentException("sku must not be blank");
        }
        if (requested <= 0) {
            throw new IllegalArgumentException("requested must be positive: " + requested);
        }
        if (available < 0 || available >= requested) {
            throw new IllegalArgumentException(
                    "available must be from 0 to below requested (" + requested + "): " + available);
        }
    }

    /** How many units are missing. */
    public int missing() {
        return requested - available;
    }
}
