package com.example.commerce.inventory.stock;

import java.util.Objects;

/**
 * An operator's change of on-hand stock: set it to a counted quantity, or adjust it by a delta; with a reason.
 */
public sealed interface StockUpdate {

    String reason();

    /** On hand becomes {@code quantity}. */
    record SetOnHand(int quantity, String reason) implements StockUpdate {
        public SetOnHand {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** On hand changes by {@code delta} (negative: units leave, e.g. damaged). */
    record Adjust(int delta, String reason) implements StockUpdate {
        public Adjust {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
